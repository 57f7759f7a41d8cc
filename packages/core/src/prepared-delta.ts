import type { Delta } from './delta';
import { DEFAULT_DELTA_LIMITS, type DeltaLimits } from './delta-limits';
import { InvalidDeltaError } from './errors';
import { eventIdOf } from './event-identity';
import type { JsonObject } from './json';
import { validateDelta } from './validate-delta';

/** A validated delta with what every store needs to append it: its JSON text and identity. */
export interface PreparedDelta {
  /** The validated, normalized delta. */
  readonly delta: Delta;
  /** The payload as JSON text, `null` for a delete. */
  readonly payloadJson: string | null;
  /** The delta's identity, see {@link eventIdOf}. */
  readonly eventId: string;
}

/**
 * Validates `input`, serializes its payload and computes its identity in one step, so a store
 * cannot append a delta that skipped validation. Throws {@link InvalidDeltaError}.
 */
export function prepareDelta(
  input: unknown,
  limits: DeltaLimits = DEFAULT_DELTA_LIMITS,
): PreparedDelta {
  const delta = validateDelta(input, limits);
  const payloadJson = delta.payload === null ? null : serializePayload(delta.payload, limits);
  return { delta, payloadJson, eventId: eventIdOf(delta, payloadJson) };
}

/**
 * The JSON text of a validated payload; throws {@link InvalidDeltaError} when it is larger than
 * `limits.maxPayloadBytes`.
 */
export function serializePayload(
  payload: JsonObject,
  limits: DeltaLimits = DEFAULT_DELTA_LIMITS,
): string {
  const json = JSON.stringify(payload);
  // Characters take at most 3 bytes in UTF-8, so most payloads skip the byte count.
  if (json.length * 3 > limits.maxPayloadBytes) {
    const bytes = Buffer.byteLength(json);
    if (bytes > limits.maxPayloadBytes) {
      throw new InvalidDeltaError(
        'payload',
        `is ${bytes} bytes of JSON (limit ${limits.maxPayloadBytes})`,
      );
    }
  }
  return json;
}
