import type { MirrorSession } from '../composition/mirror-session';
import type { StartedSync } from './pending-sync';
import type { SyncProgressListener } from './sync-progress-notices';

/** How much of a result one `query` call returns: by default, and at most when it asks. */
export interface McpResultLimits {
  defaultRows: number;
  maxRows: number;
  /** Bytes of rows as compact JSON text. */
  defaultBytes: number;
  maxBytes: number;
}

/** What the MCP tools work with. */
export interface McpContext {
  /** The mirror, opened read-only once for the server's lifetime. */
  session: MirrorSession;
  /** Ids of the configured sources that `sync` may run; empty when syncing is off. */
  syncableSources: readonly string[];
  /**
   * Ids of the sources the host follows live (`serve`): their changes arrive as they happen, so
   * `sync` explains that instead of calling them unknown.
   */
  followedSources?: readonly string[];
  /** True when the config allows agents to sync. */
  syncEnabled: boolean;
  /** How much of a result one `query` call returns, by default and at most. */
  results: McpResultLimits;
  /** Scrubs secret values from messages. */
  redact(text: string): string;
  /**
   * Starts a sync of one of {@link syncableSources} in the background and resolves once its run
   * is recorded: in a session of its own (`mcp`), or queued on the host's scheduler (`serve`,
   * after the sync already running, if any). `onProgress` hears how many events have committed
   * while it runs.
   */
  startSync(source: string, onProgress?: SyncProgressListener): Promise<StartedSync>;
  /** Wraps every query, for a host that measures them. */
  timeQuery?<T>(client: string, query: () => Promise<T>): Promise<T>;
}
