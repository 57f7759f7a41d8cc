import type { Clock, DeltaLimits } from '@oxide-mirror/core';

/** Options of {@link SqliteMirrorStore.open} and {@link SqliteMirrorStore.inMemory}. */
export interface SqliteStoreOptions {
  /** Clock for `recordedAt`; inject a fixed one for deterministic tests. */
  clock?: Clock;
  /** Bounds on incoming deltas; unspecified ones keep their defaults. */
  limits?: Partial<DeltaLimits>;
  /** How long a write waits for another process's write to finish, in milliseconds. Default 5000. */
  busyTimeoutMs?: number;
}
