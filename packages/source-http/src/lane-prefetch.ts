import type { CursorState } from './cursor-state';
import type { HttpJsonResponse } from './http-client';
import type { Step, WalkStepper } from './walk-stepper';

/** Fetches the page a request names; rejects with the signal's reason when it aborts. */
export type PageFetch = (
  url: string,
  ifNoneMatch: string | undefined,
  signal: AbortSignal,
) => Promise<HttpJsonResponse>;

/** A step of one resource, read ahead of the engine. */
export interface LaneStep {
  resource: string;
  step: Step;
}

/**
 * Pages a lane holds ahead of what the engine has taken, the one in flight included. The next
 * request leaves as soon as a page is read, so a lane waits on the network, not on the commits.
 */
const AHEAD = 3;

/** One resource's pages, read ahead in order. */
interface Lane {
  /** Steps not yet taken, oldest first; each follows the one before it. */
  steps: Promise<LaneStep>[];
  /** Set once a step ended the lane: nothing follows it. */
  done: boolean;
}

/**
 * Reads every resource's next pages ahead of the engine, at most {@link AHEAD} per resource
 * (read pages waiting to be taken, and the one in flight), so neither the network's latency nor
 * the parsing holds up the commits, and memory stays bounded by a few pages per resource. Each step is computed from the step before it in the same lane,
 * and touches only that lane's part of the cursor, so lanes of different resources run side by
 * side. The work outlives a pull (that is the point), so it runs under this object's own abort
 * signal, which a pull's signal aborts while it waits.
 */
export class LanePrefetch {
  private readonly lanes = new Map<string, Lane>();
  private controller = new AbortController();
  private generation = 0;

  constructor(
    private readonly stepper: WalkStepper,
    private readonly fetchPage: PageFetch,
  ) {}

  /** Whether `resource` is being read ahead. */
  has(resource: string): boolean {
    return this.lanes.has(resource);
  }

  /** Starts reading `resource` ahead from its position in the committed `state`. */
  start(resource: string, state: CursorState): void {
    const lane: Lane = { steps: [], done: false };
    this.lanes.set(resource, lane);
    const committed: LaneStep = {
      resource,
      step: { content: () => ({ deltas: [], rejects: [] }), state },
    };
    this.extend(resource, lane, Promise.resolve(committed));
  }

  /** The first step to be ready among the lanes; rejects with a failure, or `signal`'s reason. */
  async next(signal: AbortSignal | undefined): Promise<LaneStep> {
    signal?.throwIfAborted();
    const onAbort = (): void => this.controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const heads = [...this.lanes.values()].flatMap((lane) => lane.steps.slice(0, 1));
      const taken = await Promise.race(heads);
      const lane = this.lanes.get(taken.resource) as Lane;
      lane.steps.shift();
      if (taken.step.state.lanes?.[taken.resource] === null) this.lanes.delete(taken.resource);
      else this.extendFromLast(taken.resource, lane, taken);
      return taken;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Drops everything read ahead: the positions it followed are no longer the ones to continue. */
  reset(): void {
    this.controller.abort();
    this.lanes.clear();
    this.controller = new AbortController();
    this.generation += 1;
  }

  /** Chains the lane's next step once `settled` (its newest step, or one just taken) is read. */
  private extendFromLast(resource: string, lane: Lane, settled?: LaneStep): void {
    if (lane.done || lane.steps.length >= AHEAD || this.lanes.get(resource) !== lane) return;
    const last = lane.steps[lane.steps.length - 1];
    if (last !== undefined) this.extend(resource, lane, last);
    else if (settled !== undefined) this.extend(resource, lane, Promise.resolve(settled));
  }

  /** Adds the step after `previous` to the lane, unless `previous` ends it. */
  private extend(resource: string, lane: Lane, previous: Promise<LaneStep>): void {
    const generation = this.generation;
    const signal = this.controller.signal;
    const step = previous.then(async ({ step: before }) => {
      const state = before.state;
      if (state.lanes?.[resource] === null) {
        lane.done = true;
        throw new Error('the lane is done');
      }
      const position = this.stepper.positionOf(state, resource);
      const request = this.stepper.request(state, position);
      const response = await this.fetchPage(request.url, request.ifNoneMatch, signal);
      // A reset while the page was on its way: its position is stale, so it must not be read.
      if (generation !== this.generation) throw signal.reason;
      return { resource, step: await this.stepper.advance(state, resource, position, response) };
    });
    // Observed by next(); without this a failure nobody waits for yet would be "unhandled".
    step.then(
      (done) => {
        if (
          lane.steps[lane.steps.length - 1] === step &&
          done.step.state.lanes?.[resource] !== null
        )
          this.extendFromLast(resource, lane);
      },
      () => undefined,
    );
    lane.steps.push(step);
  }
}
