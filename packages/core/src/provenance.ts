/** Where a delta came from and how much its source is trusted, in [0, 1]. */
export interface Provenance {
  /** Id of the source that produced the delta. */
  source: string;
  /** Trust in the delta, from 0 (none) to 1 (full). */
  confidence: number;
}
