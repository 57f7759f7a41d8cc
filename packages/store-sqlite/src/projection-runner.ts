import type { Database, Statement } from 'better-sqlite3';
import type { StoredEvent } from '@oxide-mirror/core';
import type { EventReader } from './event-reader';
import type { SqliteProjection, SqliteProjectionContext } from './sqlite-projection';

/** Events replayed per transaction when a projection catches up or rebuilds. */
const REPLAY_CHUNK = 2000;

/**
 * Runs the store's custom projections: feeds them each committed batch inside its transaction,
 * keeps their checkpoints in `mirror_projections` in that same transaction, catches up the ones
 * that are behind the log, and replays them from scratch on a rebuild.
 */
export class ProjectionRunner {
  private readonly context: SqliteProjectionContext;
  private readonly getCheckpoint: Statement;

  constructor(
    private readonly db: Database,
    private readonly projections: readonly SqliteProjection[],
    private readonly reader: EventReader,
    private readonly setCheckpoint: Statement,
  ) {
    this.context = { db };
    this.getCheckpoint = db
      .prepare('SELECT position FROM mirror_projections WHERE name = ?')
      .pluck();
    const names = new Set<string>();
    for (const projection of projections) {
      if (names.has(projection.name))
        throw new Error(`two projections are named '${projection.name}'`);
      names.add(projection.name);
    }
  }

  /** True when there is at least one custom projection to feed. */
  get active(): boolean {
    return this.projections.length > 0;
  }

  /** Lets every projection create what it needs, then brings each one up to the log's head. */
  start(): void {
    this.db.transaction(() => {
      for (const projection of this.projections) projection.setup(this.context);
    })();
    for (const projection of this.projections) this.catchUp(projection);
  }

  /** Feeds a committed-together batch; called inside the batch's transaction. */
  apply(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    const position = (events[events.length - 1] as StoredEvent).position;
    for (const projection of this.projections) {
      projection.apply(events, this.context);
      this.setCheckpoint.run({ name: projection.name, position });
    }
  }

  /**
   * Resets every projection and replays the whole log (a log-only projection just catches up);
   * called inside the rebuild's swap transaction.
   */
  replayAll(): void {
    for (const projection of this.projections) {
      if (projection.logOnly === true) {
        this.catchUp(projection);
        continue;
      }
      if (projection.replay !== undefined) {
        projection.replay(this.context);
        this.setCheckpoint.run({ name: projection.name, position: this.reader.head() });
        continue;
      }
      projection.reset(this.context);
      this.setCheckpoint.run({ name: projection.name, position: 0 });
      this.replayFrom(projection, 0);
    }
  }

  private catchUp(projection: SqliteProjection): void {
    const checkpoint = (this.getCheckpoint.get(projection.name) as number | undefined) ?? 0;
    if (checkpoint < this.reader.head()) this.replayFrom(projection, checkpoint);
  }

  private replayFrom(projection: SqliteProjection, position: number): void {
    for (const events of this.reader.chunks({ afterPosition: position }, REPLAY_CHUNK)) {
      const after = (events[events.length - 1] as StoredEvent).position;
      this.db.transaction(() => {
        projection.apply(events, this.context);
        this.setCheckpoint.run({ name: projection.name, position: after });
      })();
    }
  }
}
