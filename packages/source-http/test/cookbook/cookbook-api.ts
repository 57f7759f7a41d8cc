import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, JsonObject } from '@oxide-mirror/core';

/** One record of a fake API: its id, when it last changed (epoch ms), and whether it is gone. */
export interface Row {
  id: number;
  updatedMs: number;
  createdMs: number;
  deleted: boolean;
  /** The changing part of the record. */
  title: string;
}

/** An answer of a fake API. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A loopback server that follows one real API's documented paging, incremental and delete rules
 * over a table of {@link Row}s. The API's clock is the test's, so rate-limit resets and
 * timestamps line up with the source's injected clock.
 */
export abstract class CookbookApi {
  /** `http://127.0.0.1:<port>` */
  url = '';
  /** Records served since the last {@link resetCounts}. */
  served = 0;
  /** Requests answered since the last {@link resetCounts}. */
  requests = 0;
  protected readonly rows = new Map<number, Row>();
  private server: Server | undefined;
  private failAt: number | undefined;
  private nextId = 1;

  constructor(
    protected readonly clock: Clock,
    /** The credential every request must carry. */
    protected readonly token: string,
    /** Records per page. */
    protected readonly pageSize: number,
  ) {}

  /** The mirror resource the cookbook config fills. */
  abstract readonly resource: string;

  /** Whether the API lets a client see deletes (a flag, a tombstone listing or a full listing). */
  abstract readonly showsDeletes: boolean;

  /** Whether a re-sync can ask for changes only. */
  abstract readonly incremental: boolean;

  /** The answer to one authorized request. */
  protected abstract answer(url: URL, headers: IncomingMessage['headers']): Answer;

  /** A record as the API serves it, which is what the mirror must hold. */
  abstract serve(row: Row): JsonObject;

  /** The record id the mirror keys it by. */
  abstract idOf(row: Row): string;

  /** Starts listening on loopback. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server. */
  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Adds `count` records, one second apart in time. */
  add(count: number): void {
    for (let i = 0; i < count; i++) {
      const id = this.nextId++;
      const at = this.tick();
      this.rows.set(id, { id, updatedMs: at, createdMs: at, deleted: false, title: `item ${id}` });
    }
  }

  /** Edits the record `id`. */
  edit(id: number): void {
    const row = this.rows.get(id) as Row;
    this.rows.set(id, { ...row, title: `${row.title} (edited)`, updatedMs: this.tick() });
  }

  /** Deletes the record `id`. */
  remove(id: number): void {
    const row = this.rows.get(id) as Row;
    this.rows.set(id, { ...row, deleted: true, updatedMs: this.tick() });
  }

  /** What the mirror must hold: every live record, id to payload. */
  expected(): Record<string, JsonObject> {
    const result: Record<string, JsonObject> = {};
    for (const row of this.rows.values())
      if (!row.deleted) result[this.idOf(row)] = this.serve(row);
    return result;
  }

  /** Fails the `index`-th request from now (0: the next one) with a 400, which is not retried. */
  failRequest(index: number): void {
    this.failAt = this.requests + index;
  }

  /** Starts counting requests and served records afresh. */
  resetCounts(): void {
    this.served = 0;
    this.requests = 0;
    this.failAt = undefined;
  }

  /** Rows in (updated, id) order. */
  protected byUpdate(rows: Iterable<Row> = this.rows.values()): Row[] {
    return [...rows].sort((a, b) => a.updatedMs - b.updatedMs || a.id - b.id);
  }

  /** Rows in id order. */
  protected byId(rows: Iterable<Row> = this.rows.values()): Row[] {
    return [...rows].sort((a, b) => a.id - b.id);
  }

  /** The records of a page, counted as served. */
  protected page(rows: Row[]): JsonObject[] {
    this.served += rows.length;
    return rows.map((row) => this.serve(row));
  }

  /** The clock's time, one second later than the last record written. */
  private tick(): number {
    const newest = Math.max(0, ...[...this.rows.values()].map((row) => row.updatedMs));
    const now = Math.floor(this.clock.now().getTime() / 1000) * 1000;
    return Math.max(now, newest + 1000);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const index = this.requests++;
    const authorized = Object.values(req.headers).some(
      (value) => typeof value === 'string' && value.includes(this.token),
    );
    let answer: Answer;
    if (!authorized) answer = { status: 401, body: { error: 'unauthorized' } };
    else if (index === this.failAt) answer = { status: 400, body: { error: 'injected failure' } };
    else answer = this.answer(url, req.headers);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }
}

/** Epoch ms as ISO text with whole seconds and `Z`, as most APIs write it. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
