import { randomUUID } from 'node:crypto';
import type { Clock, Delta } from '@oxide-mirror/core';
import type { CursorState, EtagEntry, LanePosition, PassState } from './cursor-state';
import { HttpSourceError } from './errors';
import type { HttpJsonResponse } from './http-client';
import type { KnownRecordIds } from './http-source-config';
import { lagged, startOf } from './incremental-bounds';
import type { PageContent, PageReader, ReadPage } from './page-reader';
import { stopsHere, watchRepeats } from './page-rules';
import type { PageToken } from './paginators/paginator';
import { advancePass, later, nextPass } from './pass-progress';
import { inferDeletes, type SnapshotTracker } from './snapshot-deletes';
import { formatTime, instantMs } from './time-format';
import type { WalkPlan } from './walk-plan';

/** One page's worth of progress of one resource. */
export interface Step {
  /** The page's deltas and rejects, built when the engine takes the page. */
  content(): PageContent;
  state: CursorState;
  /** Records the resource's listing holds, when the API reports it on this page. */
  total?: number;
}

const NOTHING: PageContent = { deltas: [], rejects: [] };

/** A request to make for a lane's position. */
export interface PageRequest {
  url: string;
  ifNoneMatch: string | undefined;
}

/** What a {@link WalkStepper} works with. */
export interface WalkStepperParts {
  sourceId: string;
  walks: readonly WalkPlan[];
  /** Query parameters the client adds to every request (credentials among them). */
  clientQuery: readonly string[];
  reader: PageReader;
  snapshots: SnapshotTracker;
  knownRecordIds: KnownRecordIds | undefined;
  clock: Clock;
}

/**
 * Moves one resource's lane through its walks (its listing, then its deleted-records listing),
 * page by page: which URL to request for a position, and the deltas and position that follow a
 * response. It touches only the lane's own entries of the cursor (its position, and the marks
 * and ETags of its walks), so lanes of different resources advance independently.
 */
export class WalkStepper {
  constructor(private readonly parts: WalkStepperParts) {}

  /** The resources in config order. */
  resources(): string[] {
    return [...new Set(this.parts.walks.map((walk) => walk.resource))];
  }

  /** The lane's committed position, or its start when it has not begun this sync. */
  positionOf(state: CursorState, resource: string): LanePosition {
    const position = state.lanes?.[resource];
    const walk = position ? this.parts.walks.find((plan) => plan.key === position.walk) : undefined;
    // A position naming a walk the config no longer has starts the lane over, watermarks kept.
    if (position && walk?.resource === resource) return position;
    const first = this.parts.walks.find((plan) => plan.resource === resource) as WalkPlan;
    return { walk: first.key, pass: this.freshPass(first, state) };
  }

  /**
   * `committed` with the lane of `resource` taken from `lane` (a state a read-ahead step made
   * from an older committed state): its position, and the marks and ETags of its walks.
   */
  merge(committed: CursorState, lane: CursorState, resource: string): CursorState {
    const marks = { ...committed.marks };
    const etags = { ...committed.etags };
    for (const walk of this.parts.walks) {
      if (walk.resource !== resource) continue;
      const mark = lane.marks[walk.key];
      const etag = lane.etags[walk.key];
      if (mark !== undefined) marks[walk.key] = mark;
      if (etag !== undefined) etags[walk.key] = etag;
    }
    const position = lane.lanes?.[resource];
    return {
      ...committed,
      marks,
      etags,
      lanes: { ...committed.lanes, [resource]: position ?? null },
    };
  }

  /** The request for the page at `position`. */
  request(state: CursorState, position: LanePosition): PageRequest {
    const walk = this.walk(position);
    const url = this.pageUrl(walk, position.pass).toString();
    const cached =
      position.pass.token === undefined && walk.etag ? state.etags[walk.key] : undefined;
    return { url, ifNoneMatch: cached?.url === url ? cached.etag : undefined };
  }

  /** The deltas of `response` (the page at `position`) and the state after it. */
  async advance(
    state: CursorState,
    resource: string,
    position: LanePosition,
    response: HttpJsonResponse,
  ): Promise<Step> {
    const walk = this.walk(position);
    const pass = position.pass;
    if (response.notModified) {
      this.parts.snapshots.discard(walk.key);
      const after = this.afterWalk(state, walk, later(pass.from, pass.max));
      return { content: () => NOTHING, state: after };
    }
    const next: CursorState = { ...state, etags: this.etagsAfter(state, walk, pass, response) };
    const page = this.parts.reader.read(walk, response);
    const nextToken = this.nextToken(walk, pass, response, page);
    if (pass.snapshot !== undefined) {
      this.parts.snapshots.observe(walk.key, pass.snapshot, pass.token, page.ids, nextToken);
    }
    const advanced = advancePass(
      pass,
      { max: page.max, nextToken },
      walk.incremental?.seek ?? false,
    );
    if (!advanced.complete) watchRepeats(advanced.pass, pass, page, response);
    // Within a walk the page's deltas go out alone; deletes wait for the walk's last page.
    const following = advanced.complete ? nextPass(advanced.pass, walk.incremental) : advanced.pass;
    const total = this.totalOf(walk, pass, response, page);
    const counted = total === undefined ? {} : { total };
    if (following !== undefined) {
      const lanes = { ...next.lanes, [resource]: { walk: walk.key, pass: following } };
      return { content: page.content, state: { ...next, lanes }, ...counted };
    }
    const deletes = await this.snapshotDeletes(walk, advanced.pass);
    // `from` counts too: a catch-up pass starts at the previous pass's newest time, and may only
    // find records older than that inside the overlap window.
    const newest = later(advanced.pass.from, advanced.pass.max);
    const content = (): PageContent => {
      const own = page.content();
      return { deltas: [...own.deltas, ...deletes], rejects: own.rejects };
    };
    return { content, state: this.afterWalk(next, walk, newest), ...counted };
  }

  /**
   * The record count the API reports for the resource's listing on the first pass; a later
   * walk (deleted records) or pass (a catch-up) counts something else, so it reports none.
   */
  private totalOf(
    walk: WalkPlan,
    pass: PassState,
    response: HttpJsonResponse,
    page: ReadPage,
  ): number | undefined {
    const first = this.parts.walks.find((plan) => plan.resource === walk.resource);
    if (first !== walk || pass.n !== 1 || walk.paginator.totalRecords === undefined)
      return undefined;
    return walk.paginator.totalRecords({
      ...response,
      records: page.records,
      recordCount: page.recordCount,
    });
  }

  private walk(position: LanePosition): WalkPlan {
    return this.parts.walks.find((plan) => plan.key === position.walk) as WalkPlan;
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
    for (const name of this.parts.clientQuery) url.searchParams.delete(name);
    return url.toString();
  }

  /** The first pass of `walk`, bounded by its watermark (or its start) when incremental. */
  private freshPass(walk: WalkPlan, state: CursorState): PassState {
    const pass: PassState = { n: 1 };
    const from = state.marks[walk.key] ?? startOf(walk.incremental, this.parts.clock.now());
    if (walk.incremental !== undefined && from !== undefined) pass.from = from;
    if (walk.inferDeletes !== undefined) pass.snapshot = randomUUID();
    return pass;
  }

  private pageUrl(walk: WalkPlan, pass: PassState): URL {
    const url = new URL(walk.url);
    const incremental = walk.incremental;
    if (incremental !== undefined && pass.from !== undefined) {
      const bound = Math.max(0, instantMs(pass.from) - incremental.overlapMs);
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
    const { snapshots, knownRecordIds, sourceId, clock } = this.parts;
    if (pass.snapshot === undefined || knownRecordIds === undefined) return [];
    const seen = snapshots.finish(walk.key, pass.snapshot);
    if (seen === undefined) return [];
    const known = await knownRecordIds(walk.resource, sourceId);
    return inferDeletes(sourceId, walk, seen, known, clock.now());
  }

  /** The state once `walk` is done: its watermark moved to `max`, the lane's next walk begun. */
  private afterWalk(state: CursorState, walk: WalkPlan, max: string | undefined): CursorState {
    const marks = { ...state.marks };
    const mark =
      walk.incremental === undefined
        ? undefined
        : later(marks[walk.key], lagged(max, walk.incremental, this.parts.clock.now()));
    if (mark !== undefined) marks[walk.key] = mark;
    const walks = this.parts.walks;
    const following = walks[walks.indexOf(walk) + 1];
    const settled: CursorState = { ...state, marks };
    const position =
      following?.resource === walk.resource
        ? { walk: following.key, pass: this.freshPass(following, settled) }
        : null;
    return { ...settled, lanes: { ...state.lanes, [walk.resource]: position } };
  }
}
