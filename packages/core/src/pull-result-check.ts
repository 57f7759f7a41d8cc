import { SourceProtocolError } from './errors';
import type { SourceReject } from './rejected-record';
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
  if (page.rejects !== undefined) result.rejects = checkRejects(page.rejects, fail);
  if (page.totals !== undefined) result.totals = checkTotals(page.totals, fail);
  return result;
}

function checkTotals(value: unknown, fail: (problem: string) => never): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('totals is not an object');
  const totals = Object.entries(value as Record<string, unknown>);
  for (const [resource, total] of totals) {
    if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0)
      fail(`totals.${resource} is not a whole number, 0 or more`);
  }
  return Object.fromEntries(totals) as Record<string, number>;
}

function checkRejects(value: unknown, fail: (problem: string) => never): SourceReject[] {
  if (!Array.isArray(value)) return fail('rejects is not an array');
  value.forEach((reject: unknown, index) => {
    const entry = (typeof reject === 'object' && reject !== null ? reject : {}) as Record<
      string,
      unknown
    >;
    if (typeof entry.resource !== 'string' || entry.resource === '')
      fail(`rejects[${index}].resource is not a non-empty string`);
    if (typeof entry.reason !== 'string' || entry.reason === '')
      fail(`rejects[${index}].reason is not a non-empty string`);
    if (entry.recordId !== undefined && typeof entry.recordId !== 'string')
      fail(`rejects[${index}].recordId is not a string`);
  });
  return value as SourceReject[];
}
