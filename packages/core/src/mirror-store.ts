import type { ChangeFeed } from './store/change-feed';
import type { CursorStore } from './store/cursor-store';
import type { EventImporter } from './store/event-importer';
import type { EventLogReader } from './store/event-log-reader';
import type { MirrorCatalog } from './store/mirror-catalog';
import type { MirroredIds } from './store/mirrored-ids';
import type { ProjectionReplay } from './store/projection-replay';
import type { ReadOnlySql } from './store/read-only-sql';
import type { RecordReader } from './store/record-reader';
import type { RecordRedaction } from './store/record-redaction';
import type { RecordWriter } from './store/record-writer';
import type { RejectStore } from './store/reject-store';
import type { SourceLocking } from './store/source-locking';
import type { SyncRunLog } from './store/sync-run-log';

/**
 * The contract a store implements, and the only thing hosts (the CLI, the MCP server, `serve`)
 * use: an append-only event log, the `mirror_records` projection that owns its strategy, the
 * catalog, cursors, source locks, the sync-run log, rejects, redaction, the change feed,
 * read-only SQL and the import of another mirror's log. No host or plugin reads a store's tables. The kit's `runStoreContract` checks
 * an implementation; the SQLite store is the first.
 */
export interface MirrorStore
  extends
    RecordWriter,
    RecordReader,
    MirrorCatalog,
    CursorStore,
    ReadOnlySql,
    EventLogReader,
    EventImporter,
    ProjectionReplay,
    SourceLocking,
    SyncRunLog,
    RejectStore,
    RecordRedaction,
    ChangeFeed,
    MirroredIds {
  /** True when the store was opened read-only: every write is refused with `StoreReadOnlyError`. */
  readonly readOnly: boolean;
  /** Releases the store's resources. */
  close(): Promise<void>;
}
