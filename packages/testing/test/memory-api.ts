import { Observable } from 'rxjs';
import {
  streamCheckpoint,
  validateDelta,
  type Delta,
  type PullResult,
  type StreamItem,
  type SyncSource,
} from '@oxide-mirror/core';
import type { SourceBackend, UpstreamRecord } from '@oxide-mirror/testing';

/** A row of the in-memory API; deleted rows stay, flagged, so changes can be listed. */
interface Row extends UpstreamRecord {
  deleted: boolean;
}

/** Keyset position: the last row seen, by (updatedAt, id). */
interface Position {
  updatedAt: string;
  id: string;
}

/** An upstream API in memory: rows ordered by (updatedAt, id), paged after a position. */
export class MemoryApi {
  private readonly rows = new Map<string, Row>();
  private okPulls = Infinity;
  /** Every write in order: the API's change log, which a stream follows by sequence number. */
  readonly log: Row[] = [];
  private readonly listeners = new Set<(seq: number) => void>();

  put(records: readonly UpstreamRecord[]): void {
    for (const record of records) this.write({ ...record, deleted: false });
  }

  /** The change log's entries after sequence number `after`, at most `limit`. */
  logPage(after: number, limit: number): Row[] {
    this.takePull();
    return this.log.slice(after, after + limit);
  }

  /** Calls `listener` with the sequence number of every later write; returns its removal. */
  onWrite(listener: (seq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  remove(id: string, at: string): void {
    const row = this.rows.get(id);
    if (row) this.write({ ...row, updatedAt: at, deleted: true });
  }

  failAfter(pulls: number): void {
    this.okPulls = pulls;
  }

  recover(): void {
    this.okPulls = Infinity;
  }

  /** Rows after `after` in (updatedAt, id) order; with `timeOnly`, after its time alone. */
  page(after: Position | undefined, limit: number, timeOnly = false): Row[] {
    this.takePull();
    const isAfter = (row: Row): boolean =>
      after === undefined ||
      row.updatedAt > after.updatedAt ||
      (!timeOnly && row.updatedAt === after.updatedAt && row.id > after.id);
    return [...this.rows.values()]
      .filter(isAfter)
      .sort((a, b) => (a.updatedAt + a.id < b.updatedAt + b.id ? -1 : 1))
      .slice(0, limit);
  }

  private write(row: Row): void {
    this.rows.set(row.id, row);
    this.log.push(row);
    for (const listener of this.listeners) listener(this.log.length);
  }

  private takePull(): void {
    if (this.okPulls <= 0) throw new Error('503 Service Unavailable');
    this.okPulls -= 1;
  }
}

/** Ways a source can be wrong, each breaking one rule of the source contract. */
export type Flaw =
  | 'none'
  | 'keepsProgressInMemory'
  | 'stampsPullTime'
  | 'timeOnlyCursor'
  | 'swallowsErrors'
  | 'invalidConfidence'
  | 'ignoresDeletes'
  | 'exclusiveBoundAcrossSyncs'
  | 'repeatsOneChange'
  /** Not a flaw: the change-log source, with a live stream. */
  | 'streams'
  | 'streamsWithoutCheckpoints';

/** A keyset-paged source over {@link MemoryApi}, correct unless given a {@link Flaw}. */
export class MemorySource implements SyncSource {
  private lastSeen: Position | undefined;
  private pulls = 0;

  constructor(
    readonly id: string,
    private readonly api: MemoryApi,
    private readonly pageSize: number,
    private readonly flaw: Flaw = 'none',
  ) {}

  async pull(cursor: string | undefined): Promise<PullResult> {
    this.pulls += 1;
    const after =
      this.flaw === 'keepsProgressInMemory'
        ? this.lastSeen
        : cursor === undefined
          ? undefined
          : (JSON.parse(cursor) as Position);
    let rows: Row[];
    try {
      rows = this.api.page(after, this.pageSize, this.flaw === 'timeOnlyCursor');
    } catch (error) {
      if (this.flaw === 'swallowsErrors') return { deltas: [], hasMore: false };
      throw error;
    }
    const last = rows[rows.length - 1];
    if (last) this.lastSeen = { updatedAt: last.updatedAt, id: last.id };
    const hasMore = rows.length === this.pageSize;
    // Between syncs this flaw keeps the time alone, as `updated_since > t` would.
    const id = !hasMore && this.flaw === 'exclusiveBoundAcrossSyncs' ? '\uffff' : last?.id;
    const deltas = rows
      .filter((row) => !(row.deleted && this.flaw === 'ignoresDeletes'))
      .map((row) => this.toDelta(row));
    if (this.flaw === 'repeatsOneChange') {
      const first = this.api.page(undefined, 1)[0];
      if (first) deltas.push(this.toDelta(first));
    }
    return {
      deltas,
      nextCursor: last ? JSON.stringify({ updatedAt: last.updatedAt, id }) : cursor,
      hasMore,
    };
  }

  private toDelta(row: Row): Delta {
    const occurredAt =
      this.flaw === 'stampsPullTime'
        ? new Date(Date.parse(row.updatedAt) + this.pulls).toISOString()
        : row.updatedAt;
    const confidence = this.flaw === 'invalidConfidence' && row.value === 0 ? 1.5 : 1;
    // Built without core's builders on purpose: validating is the kit's job here.
    const delta = {
      resource: 'memory_items',
      recordId: row.id,
      op: row.deleted ? 'delete' : 'upsert',
      payload: row.deleted ? null : { name: row.name, value: row.value },
      occurredAt,
      provenance: { source: this.id, confidence },
    } as Delta;
    return this.flaw === 'invalidConfidence' ? delta : validateDelta(delta);
  }
}

/**
 * A source that follows {@link MemoryApi}'s change log: `pull` pages through it and `subscribe`
 * streams it live, both after a sequence number (the cursor), the stream with a checkpoint after
 * every change — or, with `checkpoints: false`, none, so that a follower cannot keep its place.
 */
export class ChangeLogSource implements SyncSource {
  constructor(
    readonly id: string,
    private readonly api: MemoryApi,
    private readonly pageSize: number,
    private readonly checkpoints = true,
  ) {}

  async pull(cursor: string | undefined): Promise<PullResult> {
    const after = Number(cursor ?? 0);
    const rows = this.api.logPage(after, this.pageSize);
    const next = after + rows.length;
    return {
      deltas: rows.map((row) => this.toDelta(row)),
      nextCursor: String(next),
      hasMore: next < this.api.log.length,
    };
  }

  subscribe(cursor: string | undefined): Observable<StreamItem> {
    return new Observable<StreamItem>((subscriber) => {
      const emit = (seq: number): void => {
        subscriber.next(this.toDelta(this.api.log[seq - 1] as Row));
        if (this.checkpoints) subscriber.next(streamCheckpoint(String(seq)));
      };
      for (let seq = Number(cursor ?? 0) + 1; seq <= this.api.log.length; seq++) emit(seq);
      return this.api.onWrite(emit);
    });
  }

  private toDelta(row: Row): Delta {
    return validateDelta({
      resource: 'memory_items',
      recordId: row.id,
      op: row.deleted ? 'delete' : 'upsert',
      payload: row.deleted ? null : { name: row.name, value: row.value },
      occurredAt: row.updatedAt,
      provenance: { source: this.id, confidence: 1 },
    });
  }
}

/** A backend for the source contract over a fresh {@link MemoryApi}. */
export function memoryBackend(flaw: Flaw = 'none', pageSize = 3): SourceBackend {
  const api = new MemoryApi();
  return {
    pageSize,
    createSource: () =>
      flaw === 'streams' || flaw === 'streamsWithoutCheckpoints'
        ? new ChangeLogSource('memory', api, pageSize, flaw === 'streams')
        : new MemorySource('memory', api, pageSize, flaw),
    put: (records) => api.put(records),
    remove: (id, at) => api.remove(id, at),
    failAfter: (pulls) => api.failAfter(pulls),
    recover: () => api.recover(),
    expectedRecord: (record) => ({
      resource: 'memory_items',
      recordId: record.id,
      payload: { name: record.name, value: record.value },
    }),
  };
}
