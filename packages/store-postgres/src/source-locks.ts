import { hostname } from 'node:os';
import pg from 'pg';
import { SyncInProgressError, type SourceLock } from '@oxide-mirror/core';

/** Where lock connections go and which mirror's locks they take. */
export interface SourceLockSettings {
  connectionString: string;
  schema: string;
}

/**
 * One sync of a source at a time, across processes and machines, through PostgreSQL's
 * session advisory locks. Each held lock has its own connection: the server releases the lock
 * when that connection ends, so a worker that dies (SIGKILL, a crashed machine once TCP
 * keepalive notices) frees its source without anyone cleaning up. The key is the pair
 * (hash of the schema, hash of the source): mirrors in one database never block each other.
 */
export class SourceLocks {
  private readonly held = new Set<pg.Client>();

  constructor(private readonly settings: SourceLockSettings) {}

  /** Takes the lock of `source`, or throws {@link SyncInProgressError} naming its holder. */
  async acquire(source: string): Promise<SourceLock> {
    const client = new pg.Client({
      connectionString: this.settings.connectionString,
      keepAlive: true,
      // Shown in pg_stat_activity, so a refused worker can say who holds the source.
      application_name: `oxide-mirror sync pid ${process.pid} on ${hostname()}`.slice(0, 63),
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked',
        [this.settings.schema, source],
      );
      if (rows[0]?.locked !== true)
        throw new SyncInProgressError(source, await this.holderOf(client, source));
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.held.add(client);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        this.held.delete(client);
        await client.end().catch(() => undefined);
      },
    };
  }

  /** Ends every lock connection, releasing what this store holds. */
  async close(): Promise<void> {
    const clients = [...this.held];
    this.held.clear();
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }

  private async holderOf(client: pg.Client, source: string): Promise<string> {
    const { rows } = await client.query<{ holder: string | null }>(
      `SELECT a.application_name || ' (backend ' || a.pid || ')' AS holder
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid::int = hashtext($1)
          AND l.objid::int = hashtext($2) AND l.objsubid = 2`,
      [this.settings.schema, source],
    );
    return rows[0]?.holder ?? 'another process';
  }
}
