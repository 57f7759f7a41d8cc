import { SourceProtocolError } from './errors';
import type { PullResult } from './sync-source';

/**
 * Checks the shape of what a source's `pull` returned (not the deltas themselves: the store
 * validates those) and returns a clean copy, with a null `nextCursor` read as absent.
 */
export function checkPullResult(sourceId: string, value: unknown): PullResult {
  const fail = (problem: string): never => {
    throw new SourceProtocolError(sourceId, `returned a malformed page: ${problem}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const page = value as Record<string, unknown>;
  if (!Array.isArray(page.deltas)) fail('deltas is not an array');
  if (typeof page.hasMore !== 'boolean') fail('hasMore is not a boolean');
  const next = page.nextCursor;
  if (next !== undefined && next !== null && typeof next !== 'string')
    fail('nextCursor is not a string');
  const result: PullResult = {
    deltas: page.deltas as PullResult['deltas'],
    hasMore: page.hasMore as boolean,
  };
  if (typeof next === 'string') result.nextCursor = next;
  return result;
}
