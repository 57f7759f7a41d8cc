import {
  StoreFullError,
  StoreReadOnlyError,
  SyncFailedError,
  SyncInProgressError,
  Syncer,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteAt, upsertAt } from './fixtures';
import { worldReadableInstall } from './world-readable-install';

describe('reliability of the store', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-reliability-'));
    chmodSync(dir, 0o755);
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('one sync per source', () => {
    it('refuses a second sync of a source while another store holds it, and frees it after', async () => {
      const first = await SqliteMirrorStore.open(path);
      const second = await SqliteMirrorStore.open(path);
      const lock = await first.lockSource('crm');
      await expect(second.lockSource('crm')).rejects.toBeInstanceOf(SyncInProgressError);
      await expect(second.lockSource('crm')).rejects.toThrow(
        /'crm' is already being synced by process \d+/,
      );
      const other = await second.lockSource('billing');
      await other.release();
      await lock.release();
      const again = await second.lockSource('crm');
      await again.release();
      await Promise.all([first.close(), second.close()]);
    });

    it('makes the Syncer refuse while a sync of the same source runs elsewhere', async () => {
      const first = await SqliteMirrorStore.open(path);
      const second = await SqliteMirrorStore.open(path);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const slow: SyncSource = {
        id: 'crm',
        pull: async () => {
          await gate;
          return { deltas: [upsertAt(1, 'a', { n: 1 })], hasMore: false };
        },
      };
      const running = new Syncer({ store: first, strategy: new LastWriteWins() }).syncWith(slow);
      await new Promise((resolve) => setImmediate(resolve));
      await expect(
        new Syncer({ store: second, strategy: new LastWriteWins() }).syncWith(slow),
      ).rejects.toBeInstanceOf(SyncInProgressError);
      release();
      expect((await running).applied).toBe(1);
      expect(
        (await new Syncer({ store: second, strategy: new LastWriteWins() }).syncWith(slow))
          .duplicates,
      ).toBe(1);
      await Promise.all([first.close(), second.close()]);
    });

    it('takes over the lock of a process that died', async () => {
      const store = await SqliteMirrorStore.open(path);
      const dead = spawnSync(process.execPath, [
        '-e',
        'process.stdout.write(String(process.pid))',
      ]).stdout.toString();
      const raw = new Database(path);
      raw
        .prepare(
          "INSERT INTO mirror_source_locks VALUES ('crm', 'ghost', ?, ?, '2026-01-01T00:00:00Z')",
        )
        .run(Number(dead), hostname());
      raw.close();
      const lock = await store.lockSource('crm');
      await lock.release();
      await store.close();
    });
  });

  describe('a database at its size limit', () => {
    it('fails the batch cleanly and stays readable and consistent', async () => {
      // An empty mirror takes about 200 KB (a page for each table and index): room for a few pages.
      const store = await SqliteMirrorStore.open(path, { maxDatabaseBytes: 320 * 1024 });
      let page = 0;
      const filler: SyncSource = {
        id: 'filler',
        pull: async (cursor): Promise<PullResult> => {
          page = Number(cursor ?? 0);
          const deltas = Array.from({ length: 50 }, (_, i) =>
            upsertAt(1, `r${page}-${i}`, { text: 'x'.repeat(200), page }),
          );
          return { deltas, nextCursor: String(page + 1), hasMore: true };
        },
      };
      const failure = await new Syncer({ store, strategy: new LastWriteWins() })
        .syncWith(filler)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SyncFailedError);
      expect((failure as SyncFailedError).cause).toBeInstanceOf(StoreFullError);
      expect((failure as Error).message).toMatch(/the mirror is full \(327680 bytes\)/);
      const committed = (failure as SyncFailedError).report.pages;
      expect(committed).toBeGreaterThan(0);
      expect(await store.eventCount()).toBe(committed * 50);
      expect(await store.recordCounts()).toEqual({ contacts: committed * 50 });
      expect(await store.getCursor('filler')).toBe(String(committed));
      expect(await store.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      await store.close();
    });
  });

  describe('a read-only database', () => {
    it('answers queries and refuses every write with a clear error', async () => {
      const writable = await SqliteMirrorStore.open(path);
      await writable.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), new LastWriteWins());
      await writable.close();

      const store = await SqliteMirrorStore.open(path, { readOnly: true });
      expect(store.readOnly).toBe(true);
      expect(await store.query('SELECT record_id FROM mirror_records')).toEqual([
        { record_id: 'a' },
      ]);
      expect((await store.getRecord('contacts', 'a'))?.payload).toEqual({ name: 'Ada' });
      await expect(
        store.applyDelta(upsertAt(2, 'b', { n: 1 }), new LastWriteWins()),
      ).rejects.toBeInstanceOf(StoreReadOnlyError);
      await expect(store.setCursor('s', '*', 'c')).rejects.toThrow(
        /opened read-only and cannot store a cursor/,
      );
      await store.close();
    });

    it('opens read-only by itself when the process may not write the file', async () => {
      if (process.getuid?.() !== 0) return; // Needs root to run the child as another user.
      const writable = await SqliteMirrorStore.open(path);
      await writable.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), new LastWriteWins());
      await writable.close();
      // The file is read-only to the child; the folder is not, so SQLite can keep its WAL index.
      chmodSync(path, 0o444);
      chmodSync(dir, 0o777);
      // The child loads a copy of the store that `nobody` can read wherever the checkout lives.
      const install = worldReadableInstall();
      const script = `
        const { SqliteMirrorStore } = require(${JSON.stringify(join(install, 'node_modules', '@oxide-mirror', 'store-sqlite'))});
        SqliteMirrorStore.open(${JSON.stringify(path)}).then(async (store) => {
          const rows = await store.query('SELECT record_id FROM mirror_records');
          const write = await store.setCursor('s', '*', 'c').then(() => 'written', (e) => e.code);
          process.stdout.write(JSON.stringify({ readOnly: store.readOnly, rows, write }));
          await store.close();
        });`;
      const child = spawnSync(process.execPath, ['-e', script], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        cwd: install,
      });
      rmSync(install, { recursive: true, force: true });
      expect(child.stderr).toBe('');
      expect(JSON.parse(child.stdout)).toEqual({
        readOnly: true,
        rows: [{ record_id: 'a' }],
        write: 'STORE_READ_ONLY',
      });
    });
  });

  describe('redacting a record on request', () => {
    it('erases its payloads through the one sanctioned update, audits it and keeps rebuilds equal', async () => {
      const strategy = new LastWriteWins();
      const store = await SqliteMirrorStore.open(path, { strategy });
      const original = upsertAt(1, 'a', { name: 'Ada', email: 'ada@example.com' });
      await store.applyBatch(
        [original, upsertAt(2, 'a', { name: 'Ada L.' }), upsertAt(1, 'b', { name: 'Bob' })],
        strategy,
      );

      const report = await store.redactRecord('contacts', 'a', { reason: 'erasure request #42' });
      expect(report.eventsRedacted).toBe(2);
      expect(await store.getRecord('contacts', 'a')).toBeUndefined();
      expect(
        await store.query(
          "SELECT count(*) AS n FROM mirror_events WHERE payload LIKE '%ada@example.com%'",
        ),
      ).toEqual([{ n: 0 }]);
      expect(
        await store.query(
          'SELECT action, resource, record_id, reason, events_affected FROM mirror_audit',
        ),
      ).toEqual([
        {
          action: 'redact',
          resource: 'contacts',
          record_id: 'a',
          reason: 'erasure request #42',
          events_affected: 2,
        },
      ]);

      const live = await store.query(
        'SELECT * FROM mirror_record_state ORDER BY resource, record_id',
      );
      await store.rebuild();
      expect(
        await store.query('SELECT * FROM mirror_record_state ORDER BY resource, record_id'),
      ).toEqual(live);

      expect((await store.applyDelta(original, strategy)).decision).toBe('duplicate');
      expect(await store.getRecord('contacts', 'a')).toBeUndefined();
      await store.close();

      const raw = new Database(path);
      expect(() =>
        raw
          .prepare("UPDATE mirror_log SET payload = NULL, redacted = 1 WHERE record_id = 'b'")
          .run(),
      ).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM mirror_audit').run()).toThrow(/append-only/);
      expect(() => raw.prepare("UPDATE mirror_audit SET reason = 'nothing'").run()).toThrow(
        /completed once/,
      );
      raw.close();
    });

    it('needs a reason', async () => {
      const store = await SqliteMirrorStore.open(path, { strategy: new LastWriteWins() });
      await store.applyDelta(deleteAt(1, 'a'), new LastWriteWins());
      await expect(store.redactRecord('contacts', 'a', { reason: ' ' })).rejects.toThrow(
        /reason must say why/,
      );
      await store.close();
    });
  });
});
