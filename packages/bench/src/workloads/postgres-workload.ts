import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { Syncer, prepareDelta } from '@oxide-mirror/core';
import { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { DeltaGenerator } from '../data-generator';
import { median } from '../median';
import type { BenchOptions } from '../options';
import { runSyncWorkers } from '../postgres-workers';
import { serverCpuMs } from '../server-cpu';
import { WorkerSource } from '../worker-source';

/** The PostgreSQL workload's figures: medians of deltas (or events) per second, and ratios. */
export interface PostgresResult {
  deltas: number;
  /** Ingest by a hand-written `pg` loop doing the project's work (identity, dedupe, LWW). */
  rawIngest: number;
  /** Ingest through `Syncer` into `PostgresMirrorStore`, one source. */
  projectIngest: number;
  /** Three sources, each synced by its own worker process, at once: deltas of all three per second. */
  threeWorkers: number;
  /**
   * Cores kept busy (CPU seconds of node and server per second of wall time) by one worker and
   * by three; undefined when the server's CPU cannot be read (a server on another machine).
   */
  coresBusy: { one: number; three: number } | undefined;
  /** Deltas per CPU second (node and server together), one worker and three. */
  perCpuSecond: { one: number; three: number } | undefined;
  /** Logical cores of this machine, and its one-minute load average when the run began. */
  machine: { cores: number; load: number };
  /** Replay of the log by a hand-written set-based statement. */
  rawReplay: number;
  /** `store.rebuild()`. */
  projectRebuild: number;
  /** Targets of the PostgreSQL store's issue, with pass/fail. */
  targets: { name: string; ratio: number; floor: number; pass: boolean }[];
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
 * `pg` loop doing the same work in the same run, and three worker processes on three sources
 * against one, each run in fresh schemas of the server at `url`; medians over `runs`. Beside
 * the rates it reports the CPU that node and the server used, so a three-worker figure held
 * down by the machine's cores (or by other load on it) can be told from one held down by the
 * store.
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
    oneCores: [] as number[],
    threeCores: [] as number[],
    onePerCpu: [] as number[],
    threePerCpu: [] as number[],
  };
  let cpuKnown = true;
  const machine = { cores: availableParallelism(), load: loadavg()[0] ?? 0 };
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
      const serverBefore = await serverCpuMs(admin);
      const nodeBefore = process.cpuUsage();
      const oneMs = await timed(() => syncer.syncSource('one'));
      const nodeUsed = process.cpuUsage(nodeBefore);
      const serverAfter = await serverCpuMs(admin);
      figures.project.push(options.deltas / (oneMs / 1000));
      figures.rebuild.push(options.deltas / ((await timed(() => store.rebuild())) / 1000));
      const oneLogged = await store.headPosition();
      await store.close();

      log(`postgres run ${run}/${options.runs}: project, three sources at once (three processes)`);
      const shared = schema();
      const sources = ['w0', 'w1', 'w2'];
      const three = await runSyncWorkers(admin, url, shared, sources, spec, options.batch);
      // A rate is only worth reporting for an exact mirror: three sources of the same pages log
      // three times what one did.
      const { rows } = await admin.query<{ position: string }>(
        `SELECT position FROM ${shared}.mirror_log_head`,
      );
      if (Number(rows[0]?.position) !== 3 * oneLogged) {
        throw new Error(
          `three workers logged ${rows[0]?.position} events, not 3 × ${oneLogged}: the figure would be wrong`,
        );
      }
      figures.three.push((3 * options.deltas) / (three.wallMs / 1000));

      if (
        serverBefore === undefined ||
        serverAfter === undefined ||
        three.serverCpuMs === undefined
      ) {
        cpuKnown = false;
      } else {
        const oneCpuMs = (nodeUsed.user + nodeUsed.system) / 1000 + (serverAfter - serverBefore);
        const threeCpuMs = three.workerCpuMs + three.serverCpuMs;
        figures.oneCores.push(oneCpuMs / oneMs);
        figures.threeCores.push(threeCpuMs / three.wallMs);
        figures.onePerCpu.push(options.deltas / (oneCpuMs / 1000));
        figures.threePerCpu.push((3 * options.deltas) / (threeCpuMs / 1000));
      }
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
    coresBusy: cpuKnown
      ? { one: median(figures.oneCores), three: median(figures.threeCores) }
      : undefined,
    perCpuSecond: cpuKnown
      ? { one: median(figures.onePerCpu), three: median(figures.threePerCpu) }
      : undefined,
    machine,
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
      ...(result.coresBusy === undefined || result.perCpuSecond === undefined
        ? []
        : [
            // Three workers' CPU per delta against one's: above 1 they overlap for free; below,
            // what waiting and switching between them costs. On a machine with C cores free, three
            // can be at most C × this as fast as one that keeps one core busy.
            target(
              'three workers vs one, deltas per CPU second (informational)',
              result.perCpuSecond.three / result.perCpuSecond.one,
              0,
            ),
          ]),
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
    `  machine: ${result.machine.cores} cores, load ${result.machine.load.toFixed(2)} when the run began`,
    ...(result.coresBusy === undefined || result.perCpuSecond === undefined
      ? ['  CPU of node and server: unknown (the server is not on this machine)']
      : [
          `  cores busy (node + server): one ${result.coresBusy.one.toFixed(2)}, three ${result.coresBusy.three.toFixed(2)}`,
          `  deltas per CPU second:      one ${rate(result.perCpuSecond.one)}, three ${rate(result.perCpuSecond.three)}`,
        ]),
    ...result.targets.map(
      (target) => `  ${target.pass ? 'PASS' : 'FAIL'} ${target.name}: ${target.ratio.toFixed(2)}×`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
