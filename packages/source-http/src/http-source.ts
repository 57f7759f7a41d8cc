import {
  MirrorError,
  SecretRedactor,
  systemClock,
  type Clock,
  type Delta,
  type PullContext,
  type PullResult,
  type SourceReject,
  type SyncSource,
} from '@oxide-mirror/core';
import { decodeCursor, encodeCursor, type CursorState } from './cursor-state';
import { HttpClient } from './http-client';
import type { HttpSourceConfig, HttpSourceDependencies } from './http-source-config';
import { LanePrefetch } from './lane-prefetch';
import { PageReader } from './page-reader';
import { RateLimiter } from './rate-limiter';
import { RequestBudget } from './request-budget';
import { resolveConfig, type ResolvedHttpSource } from './resolve-config';
import { SnapshotTracker } from './snapshot-deletes';
import { WalkStepper } from './walk-stepper';

/** What one pull gathered from the steps it took. */
interface PageParts {
  deltas: Delta[];
  rejects: SourceReject[];
  /** Record counts the API reported per resource. */
  totals: Record<string, number>;
}

/** Requests one pull may chain while they yield no deltas (the engine allows few empty pages). */
const MAX_STEPS_PER_PULL = 8;

/**
 * A source for REST/JSON APIs, configured rather than coded: per resource a URL, where the
 * records are, their id and update-time fields, the pagination, incremental bounds and deletes.
 *
 * Each pull makes one request (a few when pages come back empty) and returns its page with a
 * cursor holding the whole position: the resource, the page token, the incremental watermarks
 * and ETags. The engine commits the page and that cursor together, so a sync that fails (server
 * errors, a spent quota, a malformed page) keeps every page before the failure, and the next
 * sync resumes at the failed page. Credentials come from the environment and appear in no
 * cursor, error or delta.
 *
 * @example
 * const source = new HttpSource({
 *   id: 'crm',
 *   baseUrl: 'https://api.example.com/v2',
 *   headers: { Authorization: 'Bearer {env:CRM_TOKEN}' },
 *   rateLimit: { requestsPerSecond: 5 },
 *   resources: [
 *     {
 *       name: 'crm_contacts',
 *       path: '/contacts',
 *       query: { sort: 'updated_at' },
 *       recordsAt: 'data',
 *       idField: 'id',
 *       updatedAtField: 'updated_at',
 *       pagination: { kind: 'next-cursor', cursorPath: 'meta.next_cursor', param: 'cursor' },
 *       incremental: { param: 'updated_since', seek: true },
 *       deletes: { flagField: 'archived' },
 *     },
 *   ],
 * });
 * const report = await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
 */
export class HttpSource implements SyncSource {
  /** Unique id of this source; the key of its cursor and the provenance of its deltas. */
  readonly id: string;
  private readonly config: ResolvedHttpSource;
  private readonly client: HttpClient;
  private readonly redactor: SecretRedactor;
  private readonly budget: RequestBudget;
  private readonly stepper: WalkStepper;
  private readonly prefetch: LanePrefetch;
  private readonly snapshots = new SnapshotTracker();
  private readonly clock: Clock;
  /** The cursor the last pull returned: the prefetched pages continue from it, and only it. */
  private handedOut: string | undefined;

  /** Checks `config` (throwing `HttpConfigError` naming the bad field) and reads its secrets. */
  constructor(config: HttpSourceConfig, dependencies: HttpSourceDependencies = {}) {
    this.config = resolveConfig(
      config,
      dependencies.env ?? process.env,
      dependencies.knownRecordIds,
    );
    this.id = this.config.id;
    this.clock = dependencies.clock ?? systemClock;
    this.redactor = new SecretRedactor([...this.config.secrets, ...(dependencies.secrets ?? [])]);
    this.budget = new RequestBudget(this.config.maxRequestsPerSync);
    this.stepper = new WalkStepper({
      sourceId: this.id,
      walks: this.config.walks,
      clientQuery: Object.keys(this.config.query),
      reader: new PageReader(this.id, this.clock, this.config.timeZone),
      snapshots: this.snapshots,
      knownRecordIds: dependencies.knownRecordIds,
      clock: this.clock,
    });
    const rate = this.config.rateLimit;
    this.client = new HttpClient({
      headers: this.config.headers,
      query: this.config.query,
      timeoutMs: this.config.timeoutMs,
      maxResponseBytes: this.config.maxResponseBytes,
      retry: this.config.retry,
      redactor: this.redactor,
      budget: this.budget,
      clock: this.clock,
      rateLimiter: rate && new RateLimiter(rate, this.clock, dependencies.sleep),
      sleep: dependencies.sleep,
      random: dependencies.random,
      fetch: dependencies.fetch,
      onWait: dependencies.onWait,
    });
    this.prefetch = new LanePrefetch(this.stepper, (url, ifNoneMatch, signal) =>
      this.client.getJson(url, { signal, ifNoneMatch }),
    );
  }

  /** The mirror resources this source fills, in sync order. */
  get resources(): string[] {
    return this.stepper.resources();
  }

  /**
   * Returns the next page of any resource after `cursor` (undefined: the first sync), with the
   * cursor after it. Up to `concurrency` resources download side by side, each a few pages ahead
   * of what has committed; the cursor holds every resource's committed position, so a sync that
   * stops anywhere resumes exactly. Rejects with `HttpSourceError`, `MassDeleteError` or the
   * signal's reason.
   */
  async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
    if (context?.page === 1) {
      this.budget.reset();
      this.snapshots.newRun();
    }
    // Prefetched pages follow the cursor last handed out; any other cursor starts afresh.
    if (context?.page === 1 || cursor !== this.handedOut) this.prefetch.reset();
    let state = decodeCursor(this.id, cursor);
    if (state.lanes === undefined) state = { ...state, lanes: {} };
    let deltas: Delta[] = [];
    const rejects: SourceReject[] = [];
    const totals: Record<string, number> = {};
    try {
      for (let steps = 1; ; steps++) {
        this.fill(state);
        const { resource, step } = await this.prefetch.next(context?.signal);
        const content = step.content();
        deltas = deltas.length === 0 ? content.deltas : deltas.concat(content.deltas);
        rejects.push(...content.rejects);
        if (step.total !== undefined) totals[resource] = step.total;
        state = this.stepper.merge(state, step.state, resource);
        const done = this.unfinished(state).length === 0;
        if (done || deltas.length + rejects.length > 0 || steps >= MAX_STEPS_PER_PULL) {
          if (done) state = { v: 2, marks: state.marks, etags: state.etags };
          else this.fill(state);
          return this.result({ deltas, rejects, totals }, state, !done);
        }
      }
    } catch (error) {
      this.prefetch.reset();
      this.handedOut = undefined;
      this.snapshots.interrupt();
      throw error;
    }
  }

  /** Resources whose walks are not done in this sync, in config order. */
  private unfinished(state: CursorState): string[] {
    return this.stepper.resources().filter((resource) => state.lanes?.[resource] !== null);
  }

  /** Starts reading ahead each of the first `concurrency` unfinished resources not yet started. */
  private fill(state: CursorState): void {
    for (const resource of this.unfinished(state).slice(0, this.config.concurrency)) {
      if (!this.prefetch.has(resource)) this.prefetch.start(resource, state);
    }
  }

  private result(
    { deltas, rejects, totals }: PageParts,
    state: CursorState,
    hasMore: boolean,
  ): PullResult {
    const nextCursor = encodeCursor(state);
    // Last line of defence: an API that echoes a credential into a page token must not get it stored.
    if (this.redactor.containsSecret(nextCursor)) {
      throw new MirrorError(
        'SOURCE_PROTOCOL',
        `source '${this.id}' got a page token holding a credential; refusing to store it`,
      );
    }
    this.handedOut = nextCursor;
    return {
      deltas,
      hasMore,
      nextCursor,
      ...(rejects.length === 0 ? {} : { rejects }),
      ...(Object.keys(totals).length === 0 ? {} : { totals }),
    };
  }
}
