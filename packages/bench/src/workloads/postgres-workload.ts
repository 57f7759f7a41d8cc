import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  Syncer,
  prepareDelta,
  type Delta,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { DeltaGenerator } from '../data-generator';
import { median } from '../median';
import type { BenchOptions } from '../options';

/** The PostgreSQL workload's figures: medians of deltas (or events) per second, and ratios. */
export interface PostgresResult {
  deltas: number;
  /** Ingest by a hand-written `pg` loop doing the project's work (identity, dedupe, LWW). */
  rawIngest: number;
  /** Ingest through `Syncer` into `PostgresMirrorStore`, one source. */
  projectIngest: number;
  /** Three sources, each its own store and Syncer, at once: deltas of all three per second. */
  threeWorkers: number;
  /** Replay of the log by a hand-written set-based statement. */
  rawReplay: number;
  /** `store.rebuild()`. */
  projectRebuild: number;
  /** Targets of the PostgreSQL store's issue, with pass/fail. */
  targets: { name: string; ratio: number; floor: number; pass: boolean }[];
}

/** A source of generated deltas under its own id, with record ids of its own. */
class WorkerSource implements SyncSource {
  constructor(
    readonly id: string,
    private readonly generator: DeltaGenerator,
    private readonly pageSize: number,
  ) {}

  async pull(cursor: string | undefined): Promise<PullResult> {
    const start = cursor === undefined ? 0 : Number(cursor);
    const deltas = this.generator.page(start, this.pageSize).map((delta): Delta => ({
      ...delta,
      recordId: `${this.id}-${delta.recordId}`,
      provenance: { ...delta.provenance, source: this.id },
    }));
    const end = start + deltas.length;
    return { deltas, nextCursor: String(end), hasMore: end < this.generator.size };
  }
}

const RAW_SCHEMA = `CREATE TABLE events (position bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE,
    source text, resource text, record_id text, op text, payload jsonb, confidence float8,
    occurred_at text, recorded_at text);
  CREATE INDEX events_by_record ON events (resource, record_id, position);
  CREATE TABLE records (resource text, record_id text, payload jsonb, source text, confidence float8,
    version int, occurred_at text, deleted boolean, position bigint, PRIMARY KEY (resource, record_id))`;

/**
 * The baseline: what a careful engineer writes by hand with `pg` for the same work — each delta
 * validated and identified as the project does it, one transaction per page, events appended with
 * `ON CONFLICT DO NOTHING`, the page's records read, last-write-wins decided, records upserted.
 */
async function rawIngest(
  client: pg.Client,
  generator: DeltaGenerator,
  batch: number,
): Promise<void> {
  for (let start = 0; start < generator.size; start += batch) {
    const page = generator.page(start, batch).map((delta) => prepareDelta(delta));
    const recordedAt = new Date().toISOString();
    await client.query('BEGIN');
    const inserted = await client.query<{ event_id: string; position: string }>(
      `INSERT INTO events (event_id, source, resource, record_id, op, payload, confidence, occurred_at, recorded_at)
        SELECT *, $9 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::float8[], $8::text[])
        ON CONFLICT (event_id) DO NOTHING RETURNING event_id, position`,
      [
        page.map((item) => item.eventId),
        page.map((item) => item.delta.provenance.source),
        page.map((item) => item.delta.resource),
        page.map((item) => item.delta.recordId),
        page.map((item) => item.delta.op),
        page.map((item) => item.payloadJson),
        page.map((item) => item.delta.provenance.confidence),
        page.map((item) => item.delta.occurredAt),
        recordedAt,
      ],
    );
    const positions = new Map(inserted.rows.map((row) => [row.event_id, row.position]));
    const current = await client.query<{
      resource: string;
      record_id: string;
      occurred_at: string;
      version: number;
    }>(
      `SELECT resource, record_id, occurred_at, version FROM records
        WHERE (resource, record_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [page.map((item) => item.delta.resource), page.map((item) => item.delta.recordId)],
    );
    const states = new Map(
      current.rows.map((row) => [`${row.resource}\u0000${row.record_id}`, row]),
    );
    const changed = new Map<
      string,
      { item: (typeof page)[number]; version: number; position: string }
    >();
    for (const item of page) {
      const position = positions.get(item.eventId);
      if (position === undefined) continue;
      const key = `${item.delta.resource}\u0000${item.delta.recordId}`;
      const state = states.get(key);
      if (state !== undefined && state.occurred_at > item.delta.occurredAt) continue;
      const version = (state?.version ?? 0) + 1;
      states.set(key, {
        resource: item.delta.resource,
        record_id: item.delta.recordId,
        occurred_at: item.delta.occurredAt,
        version,
      });
      changed.set(key, { item, version, position });
    }
    const rows = [...changed.values()];
    await client.query(
      `INSERT INTO records (resource, record_id, source, confidence, version, occurred_at, deleted, position)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::int[], $6::text[], $7::boolean[], $8::bigint[])
        ON CONFLICT (resource, record_id) DO UPDATE SET source = excluded.source, confidence = excluded.confidence,
          version = excluded.version, occurred_at = excluded.occurred_at, deleted = excluded.deleted, position = excluded.position`,
      [
        rows.map((row) => row.item.delta.resource),
        rows.map((row) => row.item.delta.recordId),
        rows.map((row) => row.item.delta.provenance.source),
        rows.map((row) => row.item.delta.provenance.confidence),
        rows.map((row) => row.version),
        rows.map((row) => row.item.delta.occurredAt),
        rows.map((row) => row.item.delta.op === 'delete'),
        rows.map((row) => row.position),
      ],
    );
    await client.query('COMMIT');
  }
}

/** The baseline replay: last-write-wins over the whole log in one set-based statement. */
async function rawReplay(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  await client.query('DELETE FROM records');
  await client.query(`INSERT INTO records (resource, record_id, source, confidence, version, occurred_at, deleted, position)
    SELECT DISTINCT ON (resource, record_id) resource, record_id, source, confidence,
      count(*) OVER (PARTITION BY resource, record_id), occurred_at, op = 'delete', position
    FROM events ORDER BY resource, record_id, occurred_at DESC, position DESC`);
  await client.query('COMMIT');
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * `pnpm bench --store postgres`: ingest and rebuild through the PostgreSQL store beside a raw
 * `pg` loop doing the same work in the same run, and three workers on three sources against
 * one, each run in fresh schemas of the server at `url`; medians over `runs`.
 */
export async function runPostgresWorkload(
  options: BenchOptions,
  url: string,
  log: (line: string) => void,
): Promise<PostgresResult> {
  const spec = {
    deltas: options.deltas,
    records: options.records,
    payloadBytes: options.payloadBytes,
    seed: options.seed,
  };
  const generator = new DeltaGenerator(spec);
  const figures = {
    raw: [] as number[],
    project: [] as number[],
    three: [] as number[],
    replay: [] as number[],
    rebuild: [] as number[],
  };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const schemas: string[] = [];
  const schema = (): string => {
    const name = `bench_${randomBytes(5).toString('hex')}`;
    schemas.push(name);
    return name;
  };
  try {
    for (let run = 1; run <= options.runs; run++) {
      log(`postgres run ${run}/${options.runs}: raw pg loop`);
      const raw = schema();
      await admin.query(`CREATE SCHEMA ${raw}; SET search_path = ${raw}; ${RAW_SCHEMA}`);
      figures.raw.push(
        options.deltas / ((await timed(() => rawIngest(admin, generator, options.batch))) / 1000),
      );
      figures.replay.push(options.deltas / ((await timed(() => rawReplay(admin))) / 1000));
      await admin.query('SET search_path = public');

      log(`postgres run ${run}/${options.runs}: project, one source`);
      const store = await PostgresMirrorStore.open({
        connectionString: url,
        schema: schema(),
        strategy: new LastWriteWins(),
      });
      const syncer = new Syncer({ store, strategy: new LastWriteWins() });
      syncer.registerSource(new WorkerSource('one', generator, options.batch));
      figures.project.push(options.deltas / ((await timed(() => syncer.syncSource('one'))) / 1000));
      figures.rebuild.push(options.deltas / ((await timed(() => store.rebuild())) / 1000));
      await store.close();

      log(`postgres run ${run}/${options.runs}: project, three sources at once`);
      const shared = schema();
      const stores = await Promise.all(
        [1, 2, 3].map(() => PostgresMirrorStore.open({ connectionString: url, schema: shared })),
      );
      const elapsed = await timed(() =>
        Promise.all(
          stores.map((each, i) => {
            const worker = new Syncer({ store: each, strategy: new LastWriteWins() });
            worker.registerSource(new WorkerSource(`w${i}`, generator, options.batch));
            return worker.syncSource(`w${i}`);
          }),
        ),
      );
      figures.three.push((3 * options.deltas) / (elapsed / 1000));
      await Promise.all(stores.map((each) => each.close()));
    }
  } finally {
    for (const name of schemas)
      await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
    await admin.end();
  }
  const result = {
    deltas: options.deltas,
    rawIngest: median(figures.raw),
    projectIngest: median(figures.project),
    threeWorkers: median(figures.three),
    rawReplay: median(figures.replay),
    projectRebuild: median(figures.rebuild),
  };
  const target = (name: string, ratio: number, floor: number) => ({
    name,
    ratio,
    floor,
    pass: ratio >= floor,
  });
  return {
    ...result,
    targets: [
      target('ingest ≥ 0.8× the raw pg loop', result.projectIngest / result.rawIngest, 0.8),
      target('three workers ≥ 2× one', result.threeWorkers / result.projectIngest, 2),
      target(
        'rebuild vs the raw set-based replay (informational)',
        result.projectRebuild / result.rawReplay,
        0,
      ),
    ],
  };
}

/** The workload's figures as a table. */
export function formatPostgresResult(result: PostgresResult): string {
  const rate = (value: number): string => Math.round(value).toLocaleString('en-US');
  const lines = [
    `PostgreSQL store, ${rate(result.deltas)} deltas (last-write-wins), deltas per second`,
    `  raw pg loop (same work)  ${rate(result.rawIngest)}`,
    `  project, one source      ${rate(result.projectIngest)}`,
    `  project, three sources   ${rate(result.threeWorkers)}`,
    `  raw set-based replay     ${rate(result.rawReplay)}`,
    `  project rebuild          ${rate(result.projectRebuild)}`,
    ...result.targets.map(
      (target) => `  ${target.pass ? 'PASS' : 'FAIL'} ${target.name}: ${target.ratio.toFixed(2)}×`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
