import type { Delta } from './delta';
import { DEFAULT_DELTA_LIMITS, type DeltaLimits } from './delta-limits';
import { InvalidDeltaError } from './errors';
import { checkExactText } from './exact-text';
import { normalizeInstant } from './instant';
import { isJsonObject, type JsonObject } from './json';
import { UnrepresentableNumber } from './unrepresentable-number';

/** A validated delta and whether its payload is already in canonical form (see `canonicalJson`). */
export interface CheckedDelta {
  delta: Delta;
  /** True when every object's keys are sorted and no value is a bigint: `JSON.stringify` is canonical. */
  canonicalAsIs: boolean;
}

function requireText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string') throw new InvalidDeltaError(field, `must be a string`);
  if (value.length === 0) throw new InvalidDeltaError(field, 'must not be empty');
  if (value.length > maxLength) {
    throw new InvalidDeltaError(field, `is ${value.length} characters long (limit ${maxLength})`);
  }
  checkExactText(value, field);
  return value;
}

/** A path for messages: `payload.tags[0]` for plain keys, `payload["odd key"]` otherwise. */
function formatPath(segments: readonly (string | number)[]): string {
  let path = 'payload';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * Walks a payload once: refuses what JSON cannot hold exactly and reports whether the value is
 * already canonical (sorted keys, no bigint), so serialization can skip the canonical writer.
 * The path to the current value is a stack of keys, spelled out only for an error: this runs for
 * every value of every delta.
 */
class PayloadWalk {
  canonicalAsIs = true;
  private readonly segments: (string | number)[] = [];

  constructor(private readonly maxDepth: number) {}

  value(value: unknown): void {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(value)) this.fail(`is ${value}, not a JSON number`);
        return;
      case 'bigint':
        this.canonicalAsIs = false;
        return;
      case 'object':
        if (value === null) return;
        if (value instanceof UnrepresentableNumber) {
          this.fail(`is the number ${value.text}, which ${value.reason}`);
        }
        if (this.segments.length >= this.maxDepth) {
          this.fail(`nests deeper than ${this.maxDepth} levels`);
        }
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) this.child(i, value[i]);
          return;
        }
        this.object(value);
        return;
      default:
        this.fail(`is of type ${typeof value}, not JSON`);
    }
  }

  private object(value: object): void {
    if (!isJsonObject(value)) this.fail('is an object that is not plain JSON');
    const topLevel = this.segments.length === 0;
    let previous: string | undefined;
    for (const key in value) {
      // Top-level keys become SQL column names of the resource views: they must be exact text.
      if (topLevel) this.checkFieldName(key);
      if (previous !== undefined && !(previous < key)) this.canonicalAsIs = false;
      previous = key;
      this.child(key, value[key]);
    }
  }

  private child(segment: string | number, value: unknown): void {
    this.segments.push(segment);
    this.value(value);
    this.segments.pop();
  }

  private checkFieldName(key: string): void {
    try {
      checkExactText(key, key);
    } catch (error) {
      this.segments.push(key);
      this.fail((error as InvalidDeltaError).problem);
    }
  }

  private fail(problem: string): never {
    throw new InvalidDeltaError(formatPath(this.segments), problem);
  }
}

function checkPayload(
  op: Delta['op'],
  payload: unknown,
  limits: DeltaLimits,
): { payload: JsonObject | null; canonicalAsIs: boolean } {
  if (op === 'delete') {
    if (payload !== null && payload !== undefined) {
      throw new InvalidDeltaError('payload', 'must be null for a delete');
    }
    return { payload: null, canonicalAsIs: true };
  }
  if (!isJsonObject(payload))
    throw new InvalidDeltaError('payload', 'must be a JSON object for an upsert');
  const walk = new PayloadWalk(limits.maxPayloadDepth);
  walk.value(payload);
  return { payload, canonicalAsIs: walk.canonicalAsIs };
}

/**
 * {@link validateDelta}, also saying whether the payload's plain JSON text is already canonical.
 * Stores use it through `prepareDelta`.
 */
export function checkDelta(
  input: unknown,
  limits: DeltaLimits = DEFAULT_DELTA_LIMITS,
): CheckedDelta {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidDeltaError('delta', 'must be an object');
  }
  const candidate = input as Record<string, unknown>;
  const resource = requireText(candidate.resource, 'resource', limits.maxResourceLength);
  const recordId = requireText(candidate.recordId, 'recordId', limits.maxRecordIdLength);
  const op = candidate.op;
  if (op !== 'upsert' && op !== 'delete') {
    throw new InvalidDeltaError('op', `must be 'upsert' or 'delete', got ${JSON.stringify(op)}`);
  }
  const { payload, canonicalAsIs } = checkPayload(op, candidate.payload, limits);
  const occurredAt = normalizeInstant(candidate.occurredAt);
  const provenance = candidate.provenance as Record<string, unknown> | undefined;
  if (typeof provenance !== 'object' || provenance === null) {
    throw new InvalidDeltaError('provenance', 'must be an object with source and confidence');
  }
  const source = requireText(provenance.source, 'provenance.source', limits.maxResourceLength);
  const confidence = provenance.confidence;
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
    throw new InvalidDeltaError(
      'provenance.confidence',
      `must be a number in [0, 1], got ${String(confidence)}`,
    );
  }
  return {
    delta: { resource, recordId, op, payload, occurredAt, provenance: { source, confidence } },
    canonicalAsIs,
  };
}

/**
 * Checks that `input` is a well-formed delta and returns a normalized copy (`occurredAt` as
 * canonical UTC text, see `normalizeInstant`). Throws {@link InvalidDeltaError} naming the first
 * bad field. The engine calls this on everything a source returns, so a plugin cannot store what
 * a builder would refuse.
 */
export function validateDelta(input: unknown, limits: DeltaLimits = DEFAULT_DELTA_LIMITS): Delta {
  return checkDelta(input, limits).delta;
}
