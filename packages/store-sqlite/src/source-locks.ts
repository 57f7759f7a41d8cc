import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { SyncInProgressError, type Clock, type SourceLock } from '@oxide-mirror/core';
import { isAlive } from './process-liveness';

interface LockRow {
  owner: string;
  pid: number;
  host: string;
  acquired_at: string;
}

/**
 * One sync per source at a time, across processes: a row in `mirror_source_locks` names the
 * holder. A lock left by a process that died (SIGKILL, power loss) is taken over, since its
 * pages either committed or did not; a live holder makes the next sync refuse clearly.
 */
export class SourceLocks {
  private readonly host = hostname();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Takes the lock of `source`, or throws {@link SyncInProgressError}. */
  acquire(source: string): SourceLock {
    const owner = randomUUID();
    this.db
      .transaction(() => {
        const held = this.db
          .prepare('SELECT owner, pid, host, acquired_at FROM mirror_source_locks WHERE source = ?')
          .get(source) as LockRow | undefined;
        if (held !== undefined && (held.host !== this.host || isAlive(held.pid))) {
          throw new SyncInProgressError(
            source,
            `process ${held.pid} on ${held.host} since ${held.acquired_at}`,
          );
        }
        this.db
          .prepare(
            `INSERT INTO mirror_source_locks (source, owner, pid, host, acquired_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (source) DO UPDATE SET owner = excluded.owner, pid = excluded.pid,
             host = excluded.host, acquired_at = excluded.acquired_at`,
          )
          .run(source, owner, process.pid, this.host, this.clock.now().toISOString());
      })
      .immediate();
    let released = false;
    return {
      release: async () => {
        if (released || !this.db.open) return;
        released = true;
        this.db
          .prepare('DELETE FROM mirror_source_locks WHERE source = ? AND owner = ?')
          .run(source, owner);
      },
    };
  }
}
