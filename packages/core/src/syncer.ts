import {
  bufferTime,
  concatMap,
  filter,
  fromEvent,
  lastValueFrom,
  NEVER,
  of,
  reduce,
  take,
  takeUntil,
  type Observable,
} from 'rxjs';
import type { ConflictStrategy } from './conflict-strategy';
import type { Delta } from './delta';
import { MirrorError, SourceProtocolError, StreamResumeError, UnknownSourceError } from './errors';
import type { MirrorStore } from './mirror-store';
import { ALL_RESOURCES } from './store/record-writer';
import { PageProgressGuard } from './page-progress-guard';
import type { InvalidDeltaPolicy } from './rejected-record';
import { checkPullResult } from './pull-result-check';
import { pullWithTimeout } from './pull-with-timeout';
import { SyncFailedError, SyncReportBuilder, type SyncReport } from './sync-report';
import type { PullResult, SyncSource } from './sync-source';
import { isStreamCheckpoint, type StreamItem } from './stream-checkpoint';

/** How a {@link Syncer} is wired and bounded. */
export interface SyncerOptions {
  /** Where events and records go. */
  store: MirrorStore;
  /** Decides what lands; use a `RoutedStrategy` for per-source or per-resource rules. */
  strategy: ConflictStrategy;
  /** Sources to register up front. */
  sources?: readonly SyncSource[];
  /** Empty pages in a row that may claim `hasMore` before the sync fails. Default 3. */
  maxEmptyPages?: number;
  /** Longest wait for one `pull`, in milliseconds. Default 120 000. */
  pullTimeoutMs?: number;
  /** Most deltas of a live stream committed in one transaction. Default 500. */
  streamBatchSize?: number;
  /** Longest a streamed delta waits before its batch commits, in milliseconds. Default 100. */
  streamFlushMs?: number;
  /**
   * What to do with a delta the mirror cannot take: `reject` (default) sets it aside in the
   * store's rejects and goes on; `fail` fails its page. Sources can override it when registered.
   */
  onInvalid?: InvalidDeltaPolicy;
  /** Per-source settings, by source id (also settable in {@link Syncer.registerSource}). */
  perSource?: Readonly<Record<string, SourceSyncOptions>>;
}

/** How one registered source is synced. */
export interface SourceSyncOptions {
  /** Overrides {@link SyncerOptions.onInvalid} for this source. */
  onInvalid?: InvalidDeltaPolicy;
}

/** A page that has committed, and where the next one starts. */
interface CommittedPage {
  number: number;
  cursor: string | undefined;
  hasMore: boolean;
}

/**
 * The sync engine: pulls pages from sources and commits each page (its events, record changes
 * and cursor) in one store transaction. The next page is pulled only after the previous one
 * committed, so memory stays bounded by one page and a failure loses nothing already committed.
 *
 * @example
 * const syncer = new Syncer({ store, strategy: new LastWriteWins() });
 * syncer.registerSource(StaticSource.fromDeltas('crm', deltas));
 * const report = await syncer.syncSource('crm');
 */
export class Syncer {
  private readonly store: MirrorStore;
  private readonly strategy: ConflictStrategy;
  private readonly registered = new Map<string, SyncSource>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly maxEmptyPages: number;
  private readonly pullTimeoutMs: number;
  private readonly streamBatchSize: number;
  private readonly streamFlushMs: number;
  private readonly onInvalid: InvalidDeltaPolicy;
  private readonly policies = new Map<string, InvalidDeltaPolicy>();

  constructor(options: SyncerOptions) {
    this.store = options.store;
    this.strategy = options.strategy;
    this.maxEmptyPages = options.maxEmptyPages ?? 3;
    this.pullTimeoutMs = options.pullTimeoutMs ?? 120_000;
    this.streamBatchSize = options.streamBatchSize ?? 500;
    this.streamFlushMs = options.streamFlushMs ?? 100;
    this.onInvalid = options.onInvalid ?? 'reject';
    for (const [id, settings] of Object.entries(options.perSource ?? {})) {
      if (settings.onInvalid !== undefined) this.policies.set(id, settings.onInvalid);
    }
    for (const source of options.sources ?? []) this.registerSource(source);
  }

  /** Adds a source; its id must be unique within this syncer. */
  registerSource(source: SyncSource, options: SourceSyncOptions = {}): this {
    if (
      typeof source?.id !== 'string' ||
      source.id.length === 0 ||
      typeof source.pull !== 'function'
    ) {
      throw new MirrorError(
        'INVALID_SOURCE',
        'a source needs a non-empty string id and a pull() method',
      );
    }
    if (this.registered.has(source.id)) {
      throw new MirrorError(
        'INVALID_SOURCE',
        `a source with id '${source.id}' is already registered`,
      );
    }
    this.registered.set(source.id, source);
    if (options.onInvalid !== undefined) this.policies.set(source.id, options.onInvalid);
    return this;
  }

  /** The registered source with this id; throws {@link UnknownSourceError}. */
  source(id: string): SyncSource {
    const source = this.registered.get(id);
    if (!source) throw new UnknownSourceError(id, [...this.registered.keys()]);
    return source;
  }

  /** Ids of every registered source, in registration order. */
  sourceIds(): string[] {
    return [...this.registered.keys()];
  }

  /** Syncs the registered source `id` from its stored cursor until it has no more pages. */
  async syncSource(id: string): Promise<SyncReport> {
    return this.syncWith(this.source(id));
  }

  /**
   * Syncs `source` (registered or not) from its stored cursor until it has no more pages.
   * Two syncs of one source through the same syncer run one after the other.
   * Rejects with {@link SyncFailedError} carrying the report of what committed.
   */
  async syncWith(source: SyncSource): Promise<SyncReport> {
    return this.exclusively(source, () => this.pullAll(source));
  }

  /**
   * Runs `work` for `source` after the work already queued for it in this syncer, holding the
   * source's lock across processes meanwhile.
   */
  private async exclusively<T>(source: SyncSource, work: () => Promise<T>): Promise<T> {
    const previous = this.running.get(source.id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.locked(source, work));
    this.running.set(source.id, run);
    try {
      return await run;
    } finally {
      if (this.running.get(source.id) === run) this.running.delete(source.id);
    }
  }

  /**
   * Follows a source's live stream until it completes or `options.signal` aborts, and resolves
   * with how many deltas were applied (by the stream, and by a catch-up pull if it needed one). Like a pulled sync it holds the source's lock, and it
   * commits in batches (at most `streamBatchSize` items, or what arrived within `streamFlushMs`),
   * each with the last {@link StreamCheckpoint} it holds as the source's cursor, in the batch's
   * transaction: a follower that stops (or is killed) resumes after what it committed, and what
   * followed the checkpoint comes again and is recognised. It starts from `cursor`, or else from
   * the stored cursor. When the stream cannot resume from it ({@link StreamResumeError}), the
   * source is first caught up with `pull`, then followed from the cursor that leaves. An abort
   * lets the batch in flight commit. `options.report`, when given, is told of every committed
   * batch (and catch-up page), so a host can record what a follower committed even when it fails.
   */
  async syncStream(
    source: SyncSource,
    cursor?: string,
    options: { signal?: AbortSignal; report?: SyncReportBuilder } = {},
  ): Promise<number> {
    if (typeof source.subscribe !== 'function') {
      throw new SourceProtocolError(source.id, 'cannot be streamed: it has no subscribe()');
    }
    return this.exclusively(source, async () => {
      const start = cursor ?? (await this.store.getCursor(source.id, ALL_RESOURCES));
      try {
        return await this.follow(source, start, options);
      } catch (error) {
        if (!(error instanceof StreamResumeError) || options.signal?.aborted) throw error;
        const caughtUp = await this.pullAll(source, options.report);
        const cursorAfter = await this.store.getCursor(source.id, ALL_RESOURCES);
        return caughtUp.applied + (await this.follow(source, cursorAfter, options));
      }
    });
  }

  private follow(
    source: SyncSource,
    cursor: string | undefined,
    options: { signal?: AbortSignal; report?: SyncReportBuilder },
  ): Promise<number> {
    const items$ = (source.subscribe as NonNullable<SyncSource['subscribe']>)(cursor).pipe(
      takeUntil(aborted(options.signal)),
    );
    const applied$ = items$.pipe(
      bufferTime(this.streamFlushMs, null, this.streamBatchSize),
      filter((batch) => batch.length > 0),
      concatMap((batch) => this.commitStreamBatch(source, batch, options.report)),
      reduce((total, count) => total + count, 0),
    );
    return lastValueFrom(applied$, { defaultValue: 0 });
  }

  /** Commits a batch's deltas with its last checkpoint; returns how many were applied. */
  private async commitStreamBatch(
    source: SyncSource,
    batch: StreamItem[],
    report: SyncReportBuilder | undefined,
  ): Promise<number> {
    const deltas: Delta[] = [];
    let checkpoint: string | undefined;
    for (const item of batch) {
      if (isStreamCheckpoint(item)) checkpoint = item.cursor;
      else deltas.push(item);
    }
    const outcomes = await this.store.applyBatch(deltas, this.strategy, {
      ...this.batchOptions(source),
      ...(checkpoint === undefined
        ? {}
        : { cursor: { source: source.id, resource: ALL_RESOURCES, cursor: checkpoint } }),
    });
    report?.addPage(
      deltas.map((delta) => resourceOf(delta)),
      outcomes.map((outcome) => outcome.decision),
      checkpoint,
    );
    return outcomes.filter((outcome) => outcome.applied).length;
  }

  private batchOptions(source: SyncSource): { source: string; onInvalid: InvalidDeltaPolicy } {
    return { source: source.id, onInvalid: this.policies.get(source.id) ?? this.onInvalid };
  }

  private async locked<T>(source: SyncSource, work: () => Promise<T>): Promise<T> {
    const lock = await this.store.lockSource?.(source.id);
    try {
      return await work();
    } finally {
      await lock?.release();
    }
  }

  /**
   * Pulls page after page and commits each with its cursor. A store that pipelines batches
   * (`pipelinesBatches`) is handed the next page while the page before it commits — at most two
   * pages are in the store — and writes it only if that one committed.
   */
  private async pullAll(source: SyncSource, into?: SyncReportBuilder): Promise<SyncReport> {
    const startCursor = await this.store.getCursor(source.id, ALL_RESOURCES);
    const report = into ?? new SyncReportBuilder(source.id, startCursor);
    const guard = new PageProgressGuard(source.id, startCursor, this.maxEmptyPages);
    const ahead = this.store.pipelinesBatches === true;
    let previous: CommittedPage = { number: 0, cursor: startCursor, hasMore: true };
    let committing: HandedPage | undefined;
    let pulling = false;
    try {
      while (previous.hasMore) {
        const number = previous.number + 1;
        pulling = true;
        const pulled = await lastValueFrom(
          pullWithTimeout(source, previous.cursor, number, this.pullTimeoutMs),
        );
        pulling = false;
        const page = checkPullResult(source.id, pulled);
        guard.check(previous.cursor, page);
        const before = committing;
        committing = this.handOver(source, page, report, ahead ? before : undefined);
        await (ahead ? before?.committed : committing.committed);
        previous = { number, cursor: page.nextCursor ?? previous.cursor, hasMore: page.hasMore };
      }
      await committing?.committed;
    } catch (error) {
      // Nothing may still be writing once the sync ends, and a page that failed comes before
      // a later pull that failed.
      const failure = await committing?.committed.then(
        () => undefined,
        (failed: unknown) => failed,
      );
      throw new SyncFailedError(
        report.snapshot(),
        pulling && failure !== undefined ? failure : error,
      );
    }
    return report.snapshot();
  }

  /**
   * Hands `page` to the store — after the page `before`, which is still on its way — and
   * reports it once it committed.
   */
  private handOver(
    source: SyncSource,
    page: PullResult,
    report: SyncReportBuilder,
    before: HandedPage | undefined,
  ): HandedPage {
    const cursor = page.nextCursor;
    const written = this.store.applyBatch(page.deltas, this.strategy, {
      ...this.batchOptions(source),
      ...(cursor === undefined
        ? {}
        : { cursor: { source: source.id, resource: ALL_RESOURCES, cursor } }),
      ...(page.rejects === undefined ? {} : { rejects: page.rejects }),
      ...(before === undefined ? {} : { follows: before.written }),
    });
    const committed = written.then((outcomes) => {
      report.addPage(
        page.deltas.map((delta) => resourceOf(delta)),
        outcomes.map((outcome) => outcome.decision),
        cursor,
        page.rejects?.map((reject) => reject.resource),
      );
    });
    // Awaited later (or in the catch): not an unhandled rejection while an earlier page is awaited.
    committed.catch(() => undefined);
    return { written, committed };
  }
}

/** A page handed to the store: its `applyBatch` promise, and when it is committed and reported. */
interface HandedPage {
  written: Promise<unknown>;
  committed: Promise<void>;
}

/** Emits once when `signal` aborts (at once if it already has); never without a signal. */
function aborted(signal: AbortSignal | undefined): Observable<unknown> {
  if (signal === undefined) return NEVER;
  if (signal.aborted) return of(true);
  return fromEvent(signal, 'abort').pipe(take(1));
}

/** The resource a delta names, or a placeholder for a delta too malformed to name one. */
function resourceOf(delta: unknown): string {
  const resource = (delta as { resource?: unknown } | null)?.resource;
  return typeof resource === 'string' ? resource : '(unreadable)';
}
