import type { MirrorSession } from '../composition/mirror-session';

/** What the MCP tools work with. */
export interface McpContext {
  /** The mirror, opened read-only once for the server's lifetime. */
  session: MirrorSession;
  /** Opens the mirror for writing, with the syncable sources built, for the span of one sync. */
  openSyncSession(): Promise<MirrorSession>;
  /** Ids of the configured sources that `sync` may run; empty when syncing is off. */
  syncableSources: readonly string[];
  /** True when the config allows agents to sync. */
  syncEnabled: boolean;
  /** Most rows one `query` call returns. */
  maxRows: number;
  /** Scrubs secret values from messages. */
  redact(text: string): string;
}
