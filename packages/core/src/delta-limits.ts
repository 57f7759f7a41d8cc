/** Bounds on what a single delta may contain; beyond them a delta is refused, not truncated. */
export interface DeltaLimits {
  /** Longest resource name, in characters. */
  maxResourceLength: number;
  /** Longest record id, in characters. */
  maxRecordIdLength: number;
  /** Deepest nesting of objects and arrays inside a payload. */
  maxPayloadDepth: number;
  /** Largest payload, in bytes of its JSON text. */
  maxPayloadBytes: number;
}

/** Limits used when none are configured. */
export const DEFAULT_DELTA_LIMITS: Readonly<DeltaLimits> = Object.freeze({
  maxResourceLength: 256,
  maxRecordIdLength: 1024,
  maxPayloadDepth: 64,
  maxPayloadBytes: 4 * 1024 * 1024,
});
