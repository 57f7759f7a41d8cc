import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tap, type Observable } from 'rxjs';
import {
  SyncFailedError,
  Syncer,
  isStreamCheckpoint,
  validateDelta,
  type JsonObject,
  type MirrorStore,
  type PullContext,
  type PullResult,
  type StreamItem,
  type SyncReport,
  type SyncSource,
} from '@oxide-mirror/core';
import { ContractViolation, checkEqual, describeError } from './contract-violation';
import { sqliteStoreOpener, type OpenStore } from './open-store';
import { kitLastWriteWins } from './reference-strategies';
import type { ExpectedRecord, SourceBackend, UpstreamRecord } from './source-backend';

/** What a source scenario needs: a backend, and where to mirror it. */
export interface SourceHarnessOptions {
  /** A fresh, empty backend for one scenario. */
  createBackend(): SourceBackend | Promise<SourceBackend>;
  /** Store to sync into; it must keep its data across close and reopen of the same path. */
  openStore?: OpenStore;
  /** Longest wait for one pull, in milliseconds. Default 10 000. */
  pullTimeoutMs?: number;
}

/** How long a followed stream may take to deliver what the backend holds. */
const STREAM_WAIT_MS = 20_000;

/**
 * Checks every page a source returns as the engine receives it, and remembers the problems, so a
 * scenario can report an invalid delta as such rather than as the store's refusal of a batch.
 */
class InspectedSource implements SyncSource {
  readonly id: string;
  readonly problems: string[] = [];
  /** The source's stream, when it has one, checked the same way. */
  readonly subscribe?: (cursor: string | undefined) => Observable<StreamItem>;
  /** The cursors the stream was opened with, in order. */
  readonly streamCursors: (string | undefined)[] = [];
  private pulls = 0;

  constructor(private readonly inner: SyncSource) {
    this.id = inner.id;
    const subscribe = inner.subscribe?.bind(inner);
    if (subscribe === undefined) return;
    this.subscribe = (cursor) => {
      this.streamCursors.push(cursor);
      let index = 0;
      return subscribe(cursor).pipe(
        tap((item) => {
          index += 1;
          if (isStreamCheckpoint(item)) return;
          try {
            validateDelta(item);
          } catch (error) {
            this.problems.push(`stream item #${index}: ${describeError(error)}`);
          }
        }),
      );
    };
  }

  async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
    const page = await this.inner.pull(cursor, context);
    this.pulls += 1;
    const deltas: unknown = (page as { deltas?: unknown } | undefined)?.deltas;
    if (Array.isArray(deltas)) {
      deltas.forEach((delta: unknown, index) => {
        try {
          validateDelta(delta);
        } catch (error) {
          this.problems.push(`pull #${this.pulls}, delta #${index}: ${describeError(error)}`);
        }
      });
    }
    return page;
  }
}

/** The one page a source returns first, as if the process stopped before its cursor was kept. */
function firstPageOnly(source: SyncSource): SyncSource & { deltasSeen: number } {
  const wrapped = {
    id: source.id,
    deltasSeen: 0,
    async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
      const page = await source.pull(cursor, context);
      wrapped.deltasSeen = page.deltas.length;
      return { deltas: page.deltas, hasMore: false };
    },
  };
  return wrapped;
}

/**
 * Runs one source scenario: a backend, a store file in a temp dir, a source and a `Syncer`
 * (with the kit's last-write-wins), and a model of what the backend holds to compare the
 * mirror with.
 */
export class SourceHarness {
  private readonly live = new Map<string, UpstreamRecord>();
  private readonly resources = new Set<string>();

  private constructor(
    readonly backend: SourceBackend,
    private readonly options: SourceHarnessOptions,
    private readonly dir: string,
    private currentStore: MirrorStore,
    private source: InspectedSource,
  ) {}

  /** Starts a harness on a fresh backend and an empty store. */
  static async start(options: SourceHarnessOptions): Promise<SourceHarness> {
    const backend = await options.createBackend();
    checkPageSize(backend.pageSize);
    const dir = mkdtempSync(join(tmpdir(), 'oxide-mirror-contract-'));
    let store: MirrorStore | undefined;
    try {
      store = await (options.openStore ?? sqliteStoreOpener())(join(dir, 'mirror.db'));
      const source = new InspectedSource(await backend.createSource());
      return new SourceHarness(backend, options, dir, store, source);
    } catch (error) {
      await store?.close();
      await backend.close?.();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs `scenario` on a fresh harness and always cleans up after it. */
  static async run(
    options: SourceHarnessOptions,
    scenario: (harness: SourceHarness) => Promise<void>,
  ): Promise<void> {
    const harness = await SourceHarness.start(options);
    try {
      await scenario(harness);
    } finally {
      await harness.dispose();
    }
  }

  /** The store the mirror lives in (a new object after {@link restart}). */
  get store(): MirrorStore {
    return this.currentStore;
  }

  /** The id of the source under test. */
  get sourceId(): string {
    return this.source.id;
  }

  /** The backend's page size. */
  get pageSize(): number {
    return this.backend.pageSize;
  }

  /** Creates or changes records upstream and in the model. */
  async put(records: readonly UpstreamRecord[]): Promise<void> {
    await this.backend.put(records);
    for (const record of records) {
      this.live.set(record.id, record);
      this.resources.add(this.backend.expectedRecord(record).resource);
    }
  }

  /** Deletes a record upstream and in the model. */
  async remove(id: string, at: string): Promise<void> {
    const record = this.live.get(id);
    if (this.backend.remove === undefined || record === undefined) {
      throw new Error(`the kit cannot remove '${id}': no such record or no remove()`);
    }
    await this.backend.remove(id, at);
    this.live.delete(id);
  }

  /**
   * Syncs until the source has no more pages; a failure is a contract violation, explained by
   * `onFailure` when given.
   */
  async sync(onFailure = 'the sync failed'): Promise<SyncReport> {
    let report: SyncReport;
    try {
      report = await this.syncer().syncWith(this.source);
    } catch (error) {
      this.reportInvalidDeltas();
      throw new ContractViolation(`${onFailure}: ${describeError(error)}`, { cause: error });
    }
    this.reportInvalidDeltas();
    return report;
  }

  /** Syncs and expects it to fail; returns the `SyncFailedError`. */
  async syncExpectingFailure(): Promise<SyncFailedError> {
    const outcome = await this.syncer()
      .syncWith(this.source)
      .then(
        (report) => report,
        (error: unknown) => error,
      );
    this.reportInvalidDeltas();
    if (outcome instanceof SyncFailedError) return outcome;
    if (outcome instanceof Error) {
      throw new ContractViolation(
        `the sync should reject with SyncFailedError, but threw ${describeError(outcome)}`,
      );
    }
    throw new ContractViolation(
      `the backend failed, yet the sync succeeded: ${JSON.stringify(outcome)}. A source must ` +
        'reject a pull it could not complete instead of returning an empty or partial page.',
    );
  }

  /**
   * Syncs while upstream changes: `change` runs once the source has returned `pulls` pages, before
   * the engine commits the last of them, as a write landing in the middle of a sync would.
   */
  async syncChangingAfter(pulls: number, change: () => Promise<void>): Promise<SyncReport> {
    const inner = this.source;
    let count = 0;
    const changing: SyncSource = {
      id: inner.id,
      async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
        const page = await inner.pull(cursor, context);
        count += 1;
        if (count === pulls) await change();
        return page;
      },
    };
    try {
      return await this.syncer().syncWith(changing);
    } catch (error) {
      throw new ContractViolation(
        `a sync during which upstream changed failed: ${describeError(error)}`,
        {
          cause: error,
        },
      );
    } finally {
      this.reportInvalidDeltas();
    }
  }

  /** True when the source has a live stream (`subscribe`). */
  get streams(): boolean {
    return this.source.subscribe !== undefined;
  }

  /** The cursors the current source's stream was opened with, in order. */
  get streamCursors(): readonly (string | undefined)[] {
    return this.source.streamCursors;
  }

  /**
   * Follows the source's stream until the mirror holds exactly the backend's live records; then,
   * if given, runs `during` (upstream changes while it follows) and waits for the mirror again;
   * then stops following and checks that the follow ended cleanly.
   */
  async follow(during?: () => Promise<void>): Promise<void> {
    const stop = new AbortController();
    const syncer = new Syncer({
      store: this.currentStore,
      strategy: kitLastWriteWins,
      streamFlushMs: 20,
    });
    const following = syncer.syncStream(this.source, undefined, { signal: stop.signal });
    const failed = following.then(
      () => 'the stream completed',
      (error: unknown) => `following the stream failed: ${describeError(error)}`,
    );
    try {
      await this.mirroredWhileFollowing('the stream', failed);
      if (during !== undefined) {
        await during();
        await this.mirroredWhileFollowing('changes made while following', failed);
      }
    } finally {
      stop.abort();
      await following.catch(() => undefined);
      this.reportInvalidDeltas();
    }
    await following.catch((error: unknown) => {
      throw new ContractViolation(`following the stream failed: ${describeError(error)}`, {
        cause: error,
      });
    });
  }

  /** The mirrored payload of `record`, or undefined when the mirror does not hold it. */
  async mirrored(record: UpstreamRecord): Promise<JsonObject | undefined> {
    const target = this.backend.expectedRecord(record);
    const read = await this.store.getRecord(target.resource, target.recordId);
    return read?.payload ?? undefined;
  }

  /**
   * Syncs only the source's first page and keeps no cursor, as if the process stopped between
   * receiving a page and committing its cursor. Returns how many deltas the page held.
   */
  async syncFirstPageOnly(): Promise<number> {
    const once = firstPageOnly(this.source);
    await this.syncer().syncWith(once);
    this.reportInvalidDeltas();
    return once.deltasSeen;
  }

  /** Closes the store, reopens the same file and builds a new source instance: a restart. */
  async restart(): Promise<void> {
    await this.currentStore.close();
    const openStore = this.options.openStore ?? sqliteStoreOpener();
    this.currentStore = await openStore(join(this.dir, 'mirror.db'));
    this.source = new InspectedSource(await this.backend.createSource());
  }

  /** Checks that the mirror holds exactly the backend's live records, payloads included. */
  async checkMirror(when: string): Promise<void> {
    const expected = new Map<string, ExpectedRecord[]>();
    for (const record of this.live.values()) {
      const target = this.backend.expectedRecord(record);
      expected.set(target.resource, [...(expected.get(target.resource) ?? []), target]);
    }
    for (const resource of this.resources) {
      const want = (expected.get(resource) ?? [])
        .map(({ recordId, payload }) => ({ recordId, payload }))
        .sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
      const have = (await this.store.listRecords(resource)).map(({ recordId, payload }) => ({
        recordId,
        payload,
      }));
      checkEqual(have, want, `${when}, the mirror's '${resource}' differs from the backend`);
    }
  }

  /** Waits until the mirror matches the model; a violation after 20 s or when `ended` settles. */
  private async mirroredWhileFollowing(what: string, ended: Promise<string>): Promise<void> {
    let done: string | undefined;
    void ended.then((reason) => (done = reason));
    const deadline = Date.now() + STREAM_WAIT_MS;
    for (;;) {
      try {
        await this.checkMirror(`while following ${what}`);
        return;
      } catch (error) {
        if (done !== undefined) throw new ContractViolation(`${done} before ${what} arrived`);
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Versions of every live mirrored record. */
  async versions(): Promise<number[]> {
    const versions: number[] = [];
    for (const resource of this.resources) {
      for (const record of await this.store.listRecords(resource)) versions.push(record.version);
    }
    return versions;
  }

  /** Releases the store, the backend and the temp dir. */
  async dispose(): Promise<void> {
    try {
      await this.currentStore.close();
    } finally {
      try {
        await this.backend.close?.();
      } finally {
        rmSync(this.dir, { recursive: true, force: true });
      }
    }
  }

  private syncer(): Syncer {
    return new Syncer({
      store: this.currentStore,
      strategy: kitLastWriteWins,
      pullTimeoutMs: this.options.pullTimeoutMs ?? 10_000,
    });
  }

  private reportInvalidDeltas(): void {
    const problems = this.source.problems.splice(0);
    if (problems.length === 0) return;
    throw new ContractViolation(
      `the source returned deltas that core's validateDelta refuses:\n  ${problems.join('\n  ')}`,
    );
  }
}

function checkPageSize(pageSize: unknown): void {
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1) {
    throw new Error(`the backend's pageSize must be an integer >= 1, got ${String(pageSize)}`);
  }
}
