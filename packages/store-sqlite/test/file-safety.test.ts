import { NotAMirrorError, SchemaTooNewError, StoreFullError } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from './attacks';
import { upsertAt } from './fixtures';

const lww = new LastWriteWins();

describe('opening a file', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-open-'));
    path = join(dir, 'app.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Another application's SQLite database, in its own (rollback journal) mode. */
  function otherApplicationsDatabase(): void {
    const db = new Database(path);
    db.exec(
      'CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders VALUES (1, 9.5)',
    );
    db.close();
  }

  function expectUnchanged(before: Buffer): void {
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-journal`)).toBe(false);
  }

  it.each([
    ['read-only', true],
    ['for writing', false],
  ])(
    'refuses another application’s database %s and leaves it byte for byte',
    async (_, readOnly) => {
      otherApplicationsDatabase();
      const before = readFileSync(path);
      const opening = SqliteMirrorStore.open(path, { readOnly });
      await expect(opening).rejects.toBeInstanceOf(NotAMirrorError);
      await expect(SqliteMirrorStore.open(path, { readOnly })).rejects.toThrow(
        /app\.db is not an oxide-mirror database \(it holds other tables: orders\); it was not changed/,
      );
      expectUnchanged(before);
      const raw = new Database(path, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
      raw.close();
    },
  );

  it('refuses an empty file and a text file when reading, and leaves them as they were', async () => {
    writeFileSync(path, '');
    await expect(SqliteMirrorStore.open(path, { readOnly: true })).rejects.toThrow(
      /the file is empty/,
    );
    expectUnchanged(Buffer.alloc(0));
    writeFileSync(path, 'name,total\nada,9.5\n');
    const before = readFileSync(path);
    for (const readOnly of [true, false]) {
      await expect(SqliteMirrorStore.open(path, { readOnly })).rejects.toThrow(
        /not a SQLite database/,
      );
    }
    expectUnchanged(before);
  });

  it('names the schema version of a mirror made by a newer release and asks to upgrade', async () => {
    const store = await SqliteMirrorStore.open(path);
    const known = await store.schemaVersion();
    await store.close();
    const raw = new Database(path);
    raw
      .prepare(
        "INSERT INTO mirror_migrations (name, timestamp) VALUES ('9999_from_the_future', '2027')",
      )
      .run();
    raw.close();
    const before = fingerprint(path);
    for (const readOnly of [true, false]) {
      const opening = SqliteMirrorStore.open(path, { readOnly });
      await expect(opening).rejects.toBeInstanceOf(SchemaTooNewError);
      await expect(SqliteMirrorStore.open(path, { readOnly })).rejects.toThrow(
        `schema version ${known + 1}; this release knows up to ${known}); upgrade oxide-mirror`,
      );
    }
    expect(fingerprint(path)).toBe(before);
  });

  it('opens a mirror read-only without changing a byte, and answers', async () => {
    const store = await SqliteMirrorStore.open(path);
    await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), lww);
    await store.close();
    const before = fingerprint(path);
    const reader = await SqliteMirrorStore.open(path, { readOnly: true });
    expect(await reader.query('SELECT record_id FROM mirror_records')).toEqual([
      { record_id: 'a' },
    ]);
    expect(await reader.listResources()).toEqual(['contacts']);
    await reader.close();
    expect(fingerprint(path)).toBe(before);
  });
});

describe('rebuild under load', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-rebuild-load-'));
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A child process that runs `body` in a loop against the store until it is stopped. */
  function busyChild(body: string): { stop(): Promise<number> } {
    const dist = (name: string): string =>
      JSON.stringify(join(__dirname, '..', '..', name, 'dist'));
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { SqliteMirrorStore } = require(${dist('store-sqlite')});
         const { Delta } = require(${dist('core')});
         const { LastWriteWins } = require(${dist('strategy-last-write-wins')});
         const path = ${JSON.stringify(path)};
         let rounds = 0, stop = false;
         process.on('message', () => { stop = true; });
         (async () => {
           // The stop message is read between rounds, so each round yields to the event loop.
           while (!stop) { ${body}; rounds++; await new Promise((r) => setImmediate(r)); }
           process.send(rounds, () => process.exit(0));
         })().catch((e) => { process.send('error: ' + e.message); });`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const done = new Promise<number>((resolve, reject) =>
      child.once('message', (message) =>
        typeof message === 'number' ? resolve(message) : reject(new Error(String(message))),
      ),
    );
    return {
      stop: async () => {
        child.send('stop');
        return done;
      },
    };
  }

  async function filled(): Promise<SqliteMirrorStore> {
    const store = await SqliteMirrorStore.open(path, { strategy: lww });
    await store.applyBatch(
      Array.from({ length: 20_000 }, (_, i) => upsertAt(1, `r${i % 5000}`, { i })),
      lww,
    );
    return store;
  }

  it('completes while another process syncs and another opens the store again and again', async () => {
    const store = await filled();
    const syncing = busyChild(`{
      const other = await SqliteMirrorStore.open(path);
      await other.applyBatch([Delta.upsert('contacts', 'live-' + rounds, { rounds }, 'crm')], new LastWriteWins());
      await other.close();
    }`);
    const opening = busyChild(`await (await SqliteMirrorStore.open(path)).close()`);
    const report = await store.rebuild();
    const synced = await syncing.stop();
    const opened = await opening.stop();
    expect(synced).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(0);
    expect(report.events).toBeGreaterThanOrEqual(20_000);
    const after = await store.rebuild();
    expect(after.events).toBe(20_000 + synced);
    expect(after.records).toBe(5000 + synced);
    await store.close();
  }, 120_000);

  it('reports a full disk during a rebuild as StoreFullError and keeps the projection', async () => {
    const store = await filled();
    await store.close();
    const size =
      readFileSync(path).length +
      (existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0);
    // Room for what is there, not for a second copy of the projection.
    const limited = await SqliteMirrorStore.open(path, {
      strategy: lww,
      maxDatabaseBytes: size + 64 * 1024,
    });
    const records = await limited.query('SELECT count(*) AS n FROM mirror_records');
    await expect(limited.rebuild()).rejects.toBeInstanceOf(StoreFullError);
    expect(await limited.query('SELECT count(*) AS n FROM mirror_records')).toEqual(records);
    await limited.close();
  });
});

describe('redaction on disk', () => {
  it('leaves no copy of the erased values in the file or its WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxide-redact-disk-'));
    const path = join(dir, 'mirror.db');
    const secret = 'ada-lovelace-erase-me@example.com';
    const store = await SqliteMirrorStore.open(path, { strategy: lww });
    await store.applyBatch(
      [
        upsertAt(1, 'a', { email: secret, note: secret.repeat(200) }),
        upsertAt(1, 'b', { name: 'Bob' }),
      ],
      lww,
    );
    // A later version overwrites the first in the projection: the old bytes go to free space.
    await store.applyDelta(upsertAt(2, 'a', { email: `v2-${secret}` }), lww);
    expect(
      readFileSync(path).includes(secret) || readFileSync(`${path}-wal`).includes(secret),
    ).toBe(true);
    await store.redactRecord('contacts', 'a', { reason: 'erasure request' });
    const onDisk = (): boolean =>
      [path, `${path}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(secret));
    expect(onDisk()).toBe(false);
    expect((await store.getRecord('contacts', 'b'))?.payload).toEqual({ name: 'Bob' });
    await store.close();
    expect(onDisk()).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
