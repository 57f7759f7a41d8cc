import { randomUUID } from 'node:crypto';
import {
  MirrorError,
  systemClock,
  type Clock,
  type Delta,
  type PullContext,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import {
  decodeCursor,
  encodeCursor,
  type CursorState,
  type EtagEntry,
  type PassState,
} from './cursor-state';
import { HttpSourceError } from './errors';
import { HttpClient, type HttpJsonResponse } from './http-client';
import type {
  HttpSourceConfig,
  HttpSourceDependencies,
  KnownRecordIds,
} from './http-source-config';
import { PageReader, type ReadPage } from './page-reader';
import type { PageToken } from './paginators/paginator';
import { lagged, startOf } from './incremental-bounds';
import { stopsHere, watchRepeats } from './page-rules';
import { advancePass, later, nextPass } from './pass-progress';
import { RateLimiter } from './rate-limiter';
import { RequestBudget } from './request-budget';
import { SecretRedactor } from './secret-redaction';
import { inferDeletes, SnapshotTracker } from './snapshot-deletes';
import { formatTime } from './time-format';
import { resolveConfig, type ResolvedHttpSource } from './resolve-config';
import type { WalkPlan } from './walk-plan';

/** Requests one pull may chain while they yield no deltas (the engine allows few empty pages). */
const MAX_STEPS_PER_PULL = 8;

/** One request's worth of progress. */
interface Step {
  deltas: Delta[];
  state: CursorState;
}

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
  private readonly reader: PageReader;
  private readonly snapshots = new SnapshotTracker();
  private readonly knownRecordIds: KnownRecordIds | undefined;
  private readonly clock: Clock;

  /** Checks `config` (throwing `HttpConfigError` naming the bad field) and reads its secrets. */
  constructor(config: HttpSourceConfig, dependencies: HttpSourceDependencies = {}) {
    this.config = resolveConfig(
      config,
      dependencies.env ?? process.env,
      dependencies.knownRecordIds,
    );
    this.id = this.config.id;
    this.clock = dependencies.clock ?? systemClock;
    this.knownRecordIds = dependencies.knownRecordIds;
    this.redactor = new SecretRedactor(this.config.secrets);
    this.budget = new RequestBudget(this.config.maxRequestsPerSync);
    this.reader = new PageReader(this.id, this.clock);
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
    });
  }

  /** The mirror resources this source fills, in sync order. */
  get resources(): string[] {
    return [...new Set(this.config.walks.map((walk) => walk.resource))];
  }

  /**
   * Fetches the page at `cursor` (undefined: the first sync) and returns its deltas with the
   * cursor after it. Rejects with `HttpSourceError`, `MassDeleteError` or the signal's reason.
   */
  async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
    if (context?.page === 1) {
      this.budget.reset();
      this.snapshots.newRun();
    }
    let state = decodeCursor(this.id, cursor);
    let deltas: Delta[] = [];
    try {
      for (let steps = 1; ; steps++) {
        const step = await this.step(state, context?.signal);
        deltas = deltas.length === 0 ? step.deltas : deltas.concat(step.deltas);
        state = step.state;
        const done = state.walk === undefined;
        if (done || deltas.length > 0 || steps >= MAX_STEPS_PER_PULL) {
          return this.result(deltas, state, !done);
        }
      }
    } catch (error) {
      this.snapshots.interrupt();
      throw error;
    }
  }

  /** Fetches the next page of the walk in progress (or of the first walk, between syncs). */
  private async step(state: CursorState, signal: AbortSignal | undefined): Promise<Step> {
    const walk =
      this.config.walks.find((plan) => plan.key === state.walk) ??
      (this.config.walks[0] as WalkPlan);
    // A cursor naming a walk the config no longer has starts the walks over, watermarks kept.
    const pass =
      state.walk === walk.key && state.pass !== undefined
        ? state.pass
        : this.freshPass(walk, state);
    const url = this.pageUrl(walk, pass).toString();
    const cached = pass.token === undefined && walk.etag ? state.etags[walk.key] : undefined;
    const ifNoneMatch = cached?.url === url ? cached.etag : undefined;
    const response = await this.client.getJson(url, { signal, ifNoneMatch });
    if (response.notModified) {
      this.snapshots.discard(walk.key);
      return { deltas: [], state: this.afterWalk(state, walk, later(pass.from, pass.max)) };
    }
    const next: CursorState = { ...state, etags: this.etagsAfter(state, walk, pass, response) };
    return this.afterPage(next, walk, pass, response, this.reader.read(walk, response));
  }

  private async afterPage(
    state: CursorState,
    walk: WalkPlan,
    pass: PassState,
    response: HttpJsonResponse,
    page: ReadPage,
  ): Promise<Step> {
    const nextToken = this.nextToken(walk, pass, response, page);
    if (pass.snapshot !== undefined) {
      this.snapshots.observe(walk.key, pass.snapshot, pass.token, page.ids, nextToken);
    }
    const seek = walk.incremental?.seek ?? false;
    const advanced = advancePass(pass, { max: page.max, nextToken }, seek);
    if (!advanced.complete) watchRepeats(advanced.pass, pass, page, response);
    // Within a walk the page's deltas go out alone; deletes wait for the walk's last page.
    const following = advanced.complete ? nextPass(advanced.pass, walk.incremental) : advanced.pass;
    if (following !== undefined) {
      return { deltas: page.deltas, state: { ...state, walk: walk.key, pass: following } };
    }
    const deletes = await this.snapshotDeletes(walk, advanced.pass);
    // `from` counts too: a catch-up pass starts at the previous pass's newest time, and may only
    // find records older than that inside the overlap window.
    const newest = later(advanced.pass.from, advanced.pass.max);
    return { deltas: [...page.deltas, ...deletes], state: this.afterWalk(state, walk, newest) };
  }

  /** The paginator's next token, made safe to store; undefined when a stop rule ends the walk. */
  private nextToken(
    walk: WalkPlan,
    pass: PassState,
    response: HttpJsonResponse,
    page: ReadPage,
  ): PageToken | undefined {
    if (stopsHere(walk.stop, response.body, page.recordCount)) return undefined;
    const token = walk.paginator.nextToken(
      { ...response, records: page.records, recordCount: page.recordCount },
      pass.token,
    );
    if (token !== undefined && token === pass.token) {
      throw new HttpSourceError(
        response.url,
        `pagination does not advance: the next page token is the current one`,
        { reason: 'malformed', status: response.status },
      );
    }
    return typeof token === 'string' ? this.withoutCredentials(token) : token;
  }

  /** A next-page URL without the credential parameters the client adds to every request anyway. */
  private withoutCredentials(token: string): string {
    if (!/^https?:\/\//i.test(token)) return token;
    const url = new URL(token);
    for (const name of Object.keys(this.config.query)) url.searchParams.delete(name);
    return url.toString();
  }

  /** The first pass of `walk`, bounded by its watermark (or its start) when incremental. */
  private freshPass(walk: WalkPlan, state: CursorState): PassState {
    const pass: PassState = { n: 1 };
    const from = state.marks[walk.key] ?? startOf(walk.incremental, this.clock.now());
    if (walk.incremental !== undefined && from !== undefined) pass.from = from;
    if (walk.inferDeletes !== undefined) pass.snapshot = randomUUID();
    return pass;
  }

  private pageUrl(walk: WalkPlan, pass: PassState): URL {
    const url = new URL(walk.url);
    const incremental = walk.incremental;
    if (incremental !== undefined && pass.from !== undefined) {
      const bound = Math.max(0, Date.parse(pass.from) - incremental.overlapMs);
      url.searchParams.set(incremental.param, formatTime(bound, incremental.paramFormat));
    }
    return walk.paginator.pageUrl(url, pass.token);
  }

  private etagsAfter(
    state: CursorState,
    walk: WalkPlan,
    pass: PassState,
    response: HttpJsonResponse,
  ): Record<string, EtagEntry> {
    if (!walk.etag || pass.token !== undefined || response.etag === undefined) return state.etags;
    return { ...state.etags, [walk.key]: { url: response.url, etag: response.etag } };
  }

  /** Deletes inferred at the end of a snapshot; none unless it was walked whole, unbroken. */
  private async snapshotDeletes(walk: WalkPlan, pass: PassState): Promise<Delta[]> {
    if (pass.snapshot === undefined || this.knownRecordIds === undefined) return [];
    const seen = this.snapshots.finish(walk.key, pass.snapshot);
    if (seen === undefined) return [];
    const known = await this.knownRecordIds(walk.resource, this.id);
    return inferDeletes(this.id, walk, seen, known, this.clock.now());
  }

  /** The state once `walk` is done: its watermark moved to `max`, the next walk started. */
  private afterWalk(state: CursorState, walk: WalkPlan, max: string | undefined): CursorState {
    const marks = { ...state.marks };
    const mark =
      walk.incremental === undefined
        ? undefined
        : later(marks[walk.key], lagged(max, walk.incremental, this.clock.now()));
    if (mark !== undefined) marks[walk.key] = mark;
    const index = this.config.walks.indexOf(walk);
    const following = this.config.walks[index + 1];
    const settled: CursorState = { v: 1, marks, etags: state.etags };
    if (following === undefined) return settled;
    return { ...settled, walk: following.key, pass: this.freshPass(following, settled) };
  }

  private result(deltas: Delta[], state: CursorState, hasMore: boolean): PullResult {
    const nextCursor = encodeCursor(state);
    // Last line of defence: an API that echoes a credential into a page token must not get it stored.
    if (this.redactor.containsSecret(nextCursor)) {
      throw new MirrorError(
        'SOURCE_PROTOCOL',
        `source '${this.id}' got a page token holding a credential; refusing to store it`,
      );
    }
    return { deltas, hasMore, nextCursor };
  }
}
