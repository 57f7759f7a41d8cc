import { compareInstants } from '@oxide-mirror/core';
import type { PassState } from './cursor-state';
import type { PageToken } from './paginators/paginator';
import type { WalkIncremental } from './walk-plan';

/** What one page tells the pass. */
export interface PageSummary {
  /** Newest update time on the page (ISO-8601). */
  max?: string;
  /** Token of the page after it; undefined: it was the last. */
  nextToken?: PageToken;
}

/** The later of two canonical instants. */
export function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareInstants(a, b) > 0 ? a : b;
}

/**
 * The pass after a committed page. Without `seek` the pass follows the paginator under a fixed
 * lower bound. With `seek` (records ordered by update time) the bound moves up to the newest
 * committed time and the listing restarts there, so records that change and move while the sync
 * pages are read again rather than skipped; only a page of records all sharing the bound's time
 * follows the paginator, which is how a run of equal timestamps longer than a page gets through.
 */
export function advancePass(
  pass: PassState,
  page: PageSummary,
  seek: boolean,
): { pass: PassState; complete: boolean } {
  const max = later(pass.max, page.max);
  const base: PassState = withDefined({ n: pass.n, from: pass.from, max, snapshot: pass.snapshot });
  if (page.nextToken === undefined) return { pass: base, complete: true };
  if (
    seek &&
    max !== undefined &&
    (pass.from === undefined || compareInstants(max, pass.from) > 0)
  ) {
    return { pass: { ...base, from: max }, complete: false };
  }
  return { pass: { ...base, token: page.nextToken }, complete: false };
}

/**
 * The pass that follows a complete one, or undefined when the walk is done. Without `seek`, a
 * pass that found records newer than its bound is followed by one from the newest of them: it
 * catches records that changed behind the pagination (already read, then updated). A pass that
 * finds nothing newer ends the walk; `maxPasses` bounds walks over APIs that never go quiet.
 */
export function nextPass(
  pass: PassState,
  incremental: WalkIncremental | undefined,
): PassState | undefined {
  if (incremental === undefined || incremental.seek || pass.max === undefined) return undefined;
  if (pass.from !== undefined && compareInstants(pass.max, pass.from) <= 0) return undefined;
  if (pass.n >= incremental.maxPasses) return undefined;
  return { n: pass.n + 1, from: pass.max };
}

/** `value` without its undefined properties, so cursors stay canonical. */
function withDefined(value: PassState): PassState {
  const result: PassState = { n: value.n };
  if (value.from !== undefined) result.from = value.from;
  if (value.max !== undefined) result.max = value.max;
  if (value.snapshot !== undefined) result.snapshot = value.snapshot;
  return result;
}
