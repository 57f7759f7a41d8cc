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

  private readonly runs = new Map<number, pg.Client>();

  constructor(private readonly settings: SourceLockSettings) {}

  /**
   * Holds a lease on sync run `id` for as long as this process runs it, on a connection of its
   * own: when the process dies, the server ends the connection and the lease with it, so another
   * process can tell the run was abandoned ({@link isRunAbandoned}).
   */
  async holdRun(id: number): Promise<void> {
    const client = await this.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1), $2)', [this.runKey(), id]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.runs.set(id, client);
  }

  /** Ends the lease of run `id` taken by {@link holdRun}. */
  async releaseRun(id: number): Promise<void> {
    const client = this.runs.get(id);
    this.runs.delete(id);
    await client?.end().catch(() => undefined);
  }

  /** True when nobody holds run `id`'s lease: the process that ran it is gone. */
  async isRunAbandoned(client: pg.ClientBase, id: number): Promise<boolean> {
    const { rows } = await client.query<{ free: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1), $2) AS free',
      [this.runKey(), id],
    );
    if (rows[0]?.free !== true) return false;
    await client.query('SELECT pg_advisory_unlock(hashtext($1), $2)', [this.runKey(), id]);
    return true;
  }

  /** Takes the lock of `source`, or throws {@link SyncInProgressError} naming its holder. */
  async acquire(source: string): Promise<SourceLock> {
    const client = await this.connect();
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
    const clients = [...this.held, ...this.runs.values()];
    this.held.clear();
    this.runs.clear();
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }

  /** The first key of run leases: the mirror's schema, apart from its source locks' keys. */
  private runKey(): string {
    return `${this.settings.schema}/sync_runs`;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.settings.connectionString,
      keepAlive: true,
      // Shown in pg_stat_activity, so a refused worker can say who holds the source.
      application_name: `oxide-mirror sync pid ${process.pid} on ${hostname()}`.slice(0, 63),
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
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
