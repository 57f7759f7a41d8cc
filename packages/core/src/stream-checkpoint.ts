import type { Delta } from './delta';

/**
 * A mark in a source's live stream: everything the stream emitted before it is covered by
 * `cursor`, so a stream opened again with `subscribe(cursor)` resumes right after it. The Syncer
 * stores the last checkpoint of each committed batch with that batch, in its transaction.
 */
export interface StreamCheckpoint {
  readonly kind: 'checkpoint';
  readonly cursor: string;
}

/** What a source's `subscribe` stream emits: changes, and checkpoints between them. */
export type StreamItem = Delta | StreamCheckpoint;

/** A {@link StreamCheckpoint} at `cursor`. */
export function streamCheckpoint(cursor: string): StreamCheckpoint {
  return { kind: 'checkpoint', cursor };
}

/** True when a stream item is a {@link StreamCheckpoint} rather than a delta. */
export function isStreamCheckpoint(item: StreamItem): item is StreamCheckpoint {
  return (item as { kind?: unknown } | null)?.kind === 'checkpoint';
}
