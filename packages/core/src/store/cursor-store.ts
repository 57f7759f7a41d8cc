/** One stored cursor, as {@link CursorStore.listCursors} gives it. */
export interface StoredCursor {
  source: string;
  /** The resource it belongs to; `*` for a source-wide cursor. */
  resource: string;
  cursor: string;
  /** When it was last written, on the store's clock. */
  updatedAt: string;
}

/** Where each source's sync resumes. */
export interface CursorStore {
  /** The stored cursor, or undefined; `resource` defaults to `*`. */
  getCursor(source: string, resource?: string): Promise<string | undefined>;
  /** Stores a cursor. */
  setCursor(source: string, resource: string, cursor: string): Promise<void>;
  /**
   * Forgets the source's cursor for `resource`, or all of the source's cursors when `resource`
   * is undefined, so that its next sync starts from the beginning; returns how many were removed.
   * Safe at any time: re-sent deltas are recognised as duplicates.
   */
  deleteCursors(source: string, resource?: string): Promise<number>;
  /** The stored cursors (of one source, or all), ordered by source then resource. */
  listCursors(source?: string): Promise<StoredCursor[]>;
}
