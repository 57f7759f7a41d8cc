/** What the generated data looks like; every process that is given the same spec sees the same deltas. */
export interface DataSpec {
  /** Number of deltas the source yields. */
  deltas: number;
  /** Number of distinct records (across all resources) the deltas touch. */
  records: number;
  /** Approximate size of an upsert's payload, in bytes of JSON. */
  payloadBytes: number;
  /** Seed of the pseudo-random choices. */
  seed: number;
}
