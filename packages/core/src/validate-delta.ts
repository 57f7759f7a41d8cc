import type { Delta } from './delta';
import { DEFAULT_DELTA_LIMITS, type DeltaLimits } from './delta-limits';
import { InvalidDeltaError } from './errors';
import { isJsonObject, type JsonObject } from './json';

/** Latest time that still prints as a four-digit-year ISO string (keeps string order = time order). */
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

function requireText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string') throw new InvalidDeltaError(field, `must be a string`);
  if (value.length === 0) throw new InvalidDeltaError(field, 'must not be empty');
  if (value.length > maxLength) {
    throw new InvalidDeltaError(field, `is ${value.length} characters long (limit ${maxLength})`);
  }
  return value;
}

function normalizeTime(value: unknown): string {
  if (typeof value !== 'string')
    throw new InvalidDeltaError('occurredAt', 'must be an ISO-8601 string');
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidDeltaError(
      'occurredAt',
      `is not a time: ${JSON.stringify(value.slice(0, 64))}`,
    );
  }
  if (time < 0 || time > MAX_TIME) {
    throw new InvalidDeltaError('occurredAt', `is outside years 1970-9999: ${value.slice(0, 64)}`);
  }
  return new Date(time).toISOString();
}

function checkJsonValue(value: unknown, path: string, depth: number, maxDepth: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new InvalidDeltaError(path, `is ${value}, not a JSON number`);
      return;
    case 'object':
      if (value === null) return;
      if (depth >= maxDepth)
        throw new InvalidDeltaError(path, `nests deeper than ${maxDepth} levels`);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          checkJsonValue(value[i], `${path}[${i}]`, depth + 1, maxDepth);
        return;
      }
      if (!isJsonObject(value))
        throw new InvalidDeltaError(path, 'is an object that is not plain JSON');
      for (const key in value) checkJsonValue(value[key], `${path}.${key}`, depth + 1, maxDepth);
      return;
    default:
      throw new InvalidDeltaError(path, `is of type ${typeof value}, not JSON`);
  }
}

function checkPayload(op: Delta['op'], payload: unknown, limits: DeltaLimits): JsonObject | null {
  if (op === 'delete') {
    if (payload !== null && payload !== undefined) {
      throw new InvalidDeltaError('payload', 'must be null for a delete');
    }
    return null;
  }
  if (!isJsonObject(payload))
    throw new InvalidDeltaError('payload', 'must be a JSON object for an upsert');
  checkJsonValue(payload, 'payload', 0, limits.maxPayloadDepth);
  return payload;
}

/**
 * Checks that `input` is a well-formed delta and returns a normalized copy
 * (`occurredAt` as ISO-8601 UTC with milliseconds). Throws {@link InvalidDeltaError}
 * naming the first bad field. The engine calls this on everything a source returns,
 * so a plugin cannot store what a builder would refuse.
 */
export function validateDelta(input: unknown, limits: DeltaLimits = DEFAULT_DELTA_LIMITS): Delta {
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
  const payload = checkPayload(op, candidate.payload, limits);
  const occurredAt = normalizeTime(candidate.occurredAt);
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
  return { resource, recordId, op, payload, occurredAt, provenance: { source, confidence } };
}
