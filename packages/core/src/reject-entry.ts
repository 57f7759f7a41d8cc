import { createHash } from 'node:crypto';
import type { InvalidDeltaError } from './errors';
import { checkExactText } from './exact-text';
import { isJsonObject } from './json';
import { parseJson, stringifyJson } from './json-text';
import type { ApplyBatchOptions } from './store/record-writer';
import type { RejectedRecord } from './rejected-record';

/** A record about to be set aside in a store's rejects. */
export interface RejectEntry {
  source: string;
  resource: unknown;
  recordId: unknown;
  kind: RejectedRecord['kind'];
  /** The value as received; stored as lossless JSON text. */
  raw: unknown;
  reason: string;
}

/** The columns every store writes for a reject, computed the same way in each. */
export interface RejectColumns {
  /** The resource when it is text a column holds exactly, else null (the raw JSON keeps it). */
  resource: string | null;
  /** The record id, under the same rule as `resource`. */
  recordId: string | null;
  /** The raw value's lossless JSON text, keys in their received order. */
  raw: string;
  /** SHA-1 of the raw value with sorted keys: a reject re-sent in another key order is one. */
  rawHash: string;
}

/** The value's JSON text, or a description of why it has none (a cycle, a function). */
function rawJsonOf(value: unknown): string {
  try {
    return stringifyJson(value);
  } catch (error) {
    return JSON.stringify(`unserializable value: ${(error as Error).message}`);
  }
}

/** `value` with the keys of every plain object in sorted order: the raw record's identity. */
function withSortedKeys(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 256) return value;
  if (Array.isArray(value)) return value.map((item) => withSortedKeys(item, depth + 1));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, withSortedKeys(value[key], depth + 1)]),
  );
}

function exactTextOrNull(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    checkExactText(value, 'text');
    return value;
  } catch {
    return null;
  }
}

/** What a store writes for `entry`. */
export function rejectColumnsOf(entry: RejectEntry): RejectColumns {
  return {
    resource: exactTextOrNull(entry.resource),
    recordId: exactTextOrNull(entry.recordId),
    raw: rawJsonOf(entry.raw),
    rawHash: createHash('sha1')
      .update(rawJsonOf(withSortedKeys(entry.raw)))
      .digest('hex'),
  };
}

/**
 * What a store writes for a reject imported from another store (see `EventImporter`): its raw
 * text kept as it is, its hash computed as {@link rejectColumnsOf} does from the parsed text, so
 * the copy recognises the same raw record again. Throws `SyntaxError` when `raw` is not JSON.
 */
export function importedRejectColumnsOf(reject: RejectedRecord): RejectColumns {
  const columns = rejectColumnsOf({
    source: reject.source,
    resource: reject.resource,
    recordId: reject.recordId,
    kind: reject.kind,
    raw: parseJson(reject.raw),
    reason: reject.reason,
  });
  return { ...columns, raw: reject.raw };
}

/** The reject for a delta that failed validation with `error`. */
export function invalidDeltaReject(
  delta: unknown,
  error: InvalidDeltaError,
  options: ApplyBatchOptions,
): RejectEntry {
  const given = (delta ?? {}) as { resource?: unknown; recordId?: unknown; provenance?: unknown };
  const source = (given.provenance as { source?: unknown } | undefined)?.source;
  return {
    source: typeof source === 'string' ? source : (options.source ?? '(unknown)'),
    resource: given.resource,
    recordId: given.recordId,
    kind: 'delta',
    raw: delta,
    reason: `${error.field} ${error.problem}`,
  };
}

/** The rejects a batch's source could not turn into deltas (`options.rejects`). */
export function sourceRejectsOf(options: ApplyBatchOptions): RejectEntry[] {
  return (options.rejects ?? []).map((reject) => ({
    source: options.source ?? '(unknown)',
    resource: reject.resource,
    recordId: reject.recordId,
    kind: 'record',
    raw: reject.raw,
    reason: reject.reason,
  }));
}
