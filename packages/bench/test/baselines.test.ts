import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runBareBaseline } from '../src/baselines/bare-baseline';
import { QUERY_NAMES } from '../src/bench-queries';
import { openRawWriter } from '../src/baselines/raw-connection';
import { runRawQueries } from '../src/baselines/raw-query-baseline';
import { REPLAY_TABLE, runReplayBaseline } from '../src/baselines/replay-baseline';
import { runSameWorkBaseline } from '../src/baselines/same-work-baseline';
import type { DataSpec } from '../src/data-spec';
import { ingestWithProject } from '../src/measurements/project-ingest';
import { queryWithProject } from '../src/measurements/project-query';

const data: DataSpec = { deltas: 3000, records: 400, payloadBytes: 200, seed: 3 };
const batch = 500;

/**
 * Every record-state row of `table`, in key order, payloads parsed: the project stores canonical
 * JSON (sorted keys), the baselines the generator's text, and both must hold the same content.
 * The project keeps each value once, in the log (`fromLog`): its state rows read the payload,
 * source, confidence and time of their event there unless they hold their own.
 */
function stateRows(path: string, table: string, fromLog = false): unknown[] {
  const column = (name: string): string =>
    fromLog ? `coalesce(s.${name}, e.${name})` : `s.${name}`;
  const join = fromLog ? 'LEFT JOIN mirror_events e ON e.position = s.position' : '';
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT s.resource, s.record_id, ${column('payload')} AS payload,
           ${column('source')} AS source, ${column('confidence')} AS confidence, s.version,
           ${column('occurred_at')} AS occurred_at, s.deleted, s.position
         FROM ${table} s ${join} ORDER BY s.resource, s.record_id`,
      )
      .all()
      .map((row) => {
        const { payload } = row as { payload: string | null };
        return { ...(row as object), payload: payload === null ? null : JSON.parse(payload) };
      });
  } finally {
    db.close();
  }
}

describe('the raw baselines, next to the project on a tiny run', () => {
  let dir: string;
  const path = (name: string): string => join(dir, `${name}.db`);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('project, same-work and bare touch the same records; same-work decides like the project', async () => {
    const project = await ingestWithProject({
      kind: 'project-ingest',
      dbPath: path('project'),
      data,
      batch,
      strategy: 'last-write-wins',
    });
    const sameWork = runSameWorkBaseline({
      kind: 'same-work-ingest',
      dbPath: path('same-work'),
      data,
      batch,
    });
    const bare = runBareBaseline({ kind: 'bare-ingest', dbPath: path('bare'), data, batch });

    expect(project.units).toBe(data.deltas);
    // The storage figure is the file with its WAL folded in, and nothing beside it.
    expect(existsSync(`${path('project')}-wal`)).toBe(false);
    expect(project.details.databaseBytes).toBe(statSync(path('project')).size);
    expect(sameWork.details).toMatchObject({
      events: project.details.events,
      applied: project.details.applied,
      skipped: project.details.skipped,
      stateRows: project.details.stateRows,
      liveRecords: project.details.liveRecords,
    });
    expect(bare.details.stateRows).toBe(project.details.stateRows);
    expect(bare.details.events).toBe(data.deltas);
    expect(project.details.skipped).toBeGreaterThan(0);
    expect(stateRows(path('same-work'), 'mirror_record_state')).toEqual(
      stateRows(path('project'), 'mirror_record_state', true),
    );
  });

  it('the raw replay of the project log projects what the project projected', () => {
    const replay = runReplayBaseline({ kind: 'raw-replay', dbPath: path('project'), batch });
    expect(replay.units).toBe(data.deltas);
    expect(stateRows(path('project'), REPLAY_TABLE)).toEqual(
      stateRows(path('project'), 'mirror_record_state', true),
    );
  });

  it('getRecord, store.query and the raw statements read the same rows', async () => {
    const reads = QUERY_NAMES.map((query) => ({ query, repetitions: 50 }));
    const job = { dbPath: path('project'), reads, data };
    const raw = await runRawQueries({ kind: 'raw-query', ...job });
    const project = await queryWithProject({ kind: 'project-query', ...job });
    expect(raw).toHaveLength(QUERY_NAMES.length);
    expect(project.map((m) => m.details.rows)).toEqual(raw.map((m) => m.details.rows));
    for (const measurement of raw) expect(measurement.details.rows).toBeGreaterThan(0);
    // Both point lookups read the same keys.
    const [recordLookup, queryLookup] = raw;
    expect(recordLookup?.details.rows).toBe(queryLookup?.details.rows);
  });
});

describe('the baselines connection', () => {
  it("keeps SQLite's default settings except the WAL journal", () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-pragmas-'));
    const settings = ['synchronous', 'cache_size', 'wal_autocheckpoint', 'mmap_size', 'page_size'];
    const read = (db: Database.Database) =>
      settings.map((name) => db.pragma(name, { simple: true }) as unknown);
    try {
      const plain = new Database(join(dir, 'plain.db'));
      const raw = openRawWriter(join(dir, 'raw.db'));
      expect(read(raw)).toEqual(read(plain));
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(plain.pragma('journal_mode', { simple: true })).toBe('delete');
      plain.close();
      raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
