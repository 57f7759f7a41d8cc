import type { Delta } from './delta';
import { DEFAULT_DELTA_LIMITS, type DeltaLimits } from './delta-limits';
import { InvalidDeltaError } from './errors';
import { canonicalJson } from './canonical-json';
import { eventIdOf } from './event-identity';
import type { JsonObject } from './json';
import { checkDelta } from './validate-delta';

/** A validated delta with what every store needs to append it: its JSON text and identity. */
export interface PreparedDelta {
  /** The validated, normalized delta. */
  readonly delta: Delta;
  /** The payload as canonical JSON text (see `canonicalJson`), `null` for a delete. */
  readonly payloadJson: string | null;
  /** The delta's identity, see {@link eventIdOf}. */
  readonly eventId: string;
}

/**
 * Validates `input`, serializes its payload canonically and computes its identity in one step, so
 * a store cannot append a delta that skipped validation. Throws {@link InvalidDeltaError}.
 */
export function prepareDelta(
  input: unknown,
  limits: DeltaLimits = DEFAULT_DELTA_LIMITS,
): PreparedDelta {
  const { delta, canonicalAsIs } = checkDelta(input, limits);
  const payloadJson =
    delta.payload === null ? null : serializePayload(delta.payload, limits, canonicalAsIs);
  return new Prepared(delta, payloadJson);
}

/**
 * A {@link PreparedDelta} whose identity is computed when first read: a store that appends on
 * another thread computes it there, and this thread never pays for it.
 */
class Prepared implements PreparedDelta {
  private id: string | undefined;

  constructor(
    readonly delta: Delta,
    readonly payloadJson: string | null,
  ) {}

  get eventId(): string {
    this.id ??= eventIdOf(this.delta, this.payloadJson);
    return this.id;
  }
}

/**
 * The canonical JSON text of a validated payload; throws {@link InvalidDeltaError} when it is
 * larger than `limits.maxPayloadBytes`. `canonicalAsIs` (from validation) lets the native writer
 * do the work when the keys are already sorted.
 */
export function serializePayload(
  payload: JsonObject,
  limits: DeltaLimits = DEFAULT_DELTA_LIMITS,
  canonicalAsIs = false,
): string {
  const json = canonicalAsIs ? JSON.stringify(payload) : canonicalJson(payload);
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
