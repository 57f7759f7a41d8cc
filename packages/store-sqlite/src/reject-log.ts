import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  checkExactText,
  isJsonObject,
  stringifyJson,
  type RejectFilter,
  type RejectedRecord,
} from '@oxide-mirror/core';
import { param, prepareCompiled } from './compiled-statement';
import type { MirrorDatabase, MirrorRejectsTable } from './schema/database';

/** A record about to be set aside. */
export interface RejectEntry {
  source: string;
  resource: unknown;
  recordId: unknown;
  kind: RejectedRecord['kind'];
  /** The value as received; stored as lossless JSON text. */
  raw: unknown;
  reason: string;
}

/** The value's JSON text, or a description of why it has none (a cycle, a function). */
function rawJsonOf(value: unknown): string {
  try {
    return stringifyJson(value);
  } catch (error) {
    return JSON.stringify(`unserializable value: ${(error as Error).message}`);
  }
}

/**
 * `value` with the keys of every plain object in sorted order: the raw record's identity for
 * recognising a reject sent again in another key order (its text is kept as received).
 */
function withSortedKeys(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 256) return value;
  if (Array.isArray(value)) return value.map((item) => withSortedKeys(item, depth + 1));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, withSortedKeys(value[key], depth + 1)]),
  );
}

/** `value` when it is text a column holds exactly, else null (the raw JSON keeps it anyway). */
function exactTextOrNull(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    checkExactText(value, 'text');
    return value;
  } catch {
    return null;
  }
}

type RejectRow = Omit<MirrorRejectsTable, 'id' | 'raw_hash'> & { id: number };

function toRejectedRecord(row: RejectRow): RejectedRecord {
  return {
    id: row.id,
    source: row.source,
    resource: row.resource,
    recordId: row.record_id,
    kind: row.kind,
    raw: row.raw,
    reason: row.reason,
    rejectedAt: row.rejected_at,
  };
}

/**
 * `mirror_rejects`: what the mirror could not take, with its raw JSON and the reason, written in
 * the transaction of the page it came with. The same raw record from the same source is kept
 * once, however often (and in whatever key order) a source re-sends it.
 */
export class RejectLog {
  private readonly insert: Statement;
  private readonly remove: Statement;

  constructor(
    private readonly db: Database,
    private readonly kysely: Kysely<MirrorDatabase>,
  ) {
    this.insert = prepareCompiled(
      db,
      kysely
        .insertInto('mirror_rejects')
        .values({
          source: param('source'),
          resource: param('resource'),
          record_id: param('record_id'),
          kind: param('kind'),
          raw: param('raw'),
          raw_hash: param('raw_hash'),
          reason: param('reason'),
          rejected_at: param('rejected_at'),
        })
        .onConflict((conflict) => conflict.columns(['source', 'raw_hash']).doNothing()),
    );
    this.remove = prepareCompiled(
      db,
      kysely.deleteFrom('mirror_rejects').where('id', '=', param<number>('id')),
    );
  }

  /** Sets `entry` aside; call inside the batch's transaction. */
  add(entry: RejectEntry, rejectedAt: string): void {
    const raw = rawJsonOf(entry.raw);
    const identity = rawJsonOf(withSortedKeys(entry.raw));
    this.insert.run({
      source: entry.source,
      resource: exactTextOrNull(entry.resource),
      record_id: exactTextOrNull(entry.recordId),
      kind: entry.kind,
      raw,
      raw_hash: createHash('sha1').update(identity).digest('hex'),
      reason: entry.reason,
      rejected_at: rejectedAt,
    });
  }

  /** Removes rejects that a batch re-applied; call inside that batch's transaction. */
  resolve(ids: readonly number[]): void {
    for (const id of ids) this.remove.run({ id });
  }

  /** Rejects matching `filter`, oldest first. */
  list(filter: RejectFilter = {}): RejectedRecord[] {
    let query = this.kysely
      .selectFrom('mirror_rejects')
      .select(['id', 'source', 'resource', 'record_id', 'kind', 'raw', 'reason', 'rejected_at']);
    if (filter.source !== undefined) query = query.where('source', '=', filter.source);
    if (filter.resource !== undefined) query = query.where('resource', '=', filter.resource);
    if (filter.ids !== undefined) query = query.where('id', 'in', [...filter.ids, -1]);
    query = query.orderBy('id');
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    const compiled = query.compile();
    const rows = this.db.prepare(compiled.sql).all(...compiled.parameters) as RejectRow[];
    return rows.map(toRejectedRecord);
  }

  /** Number of rejects per source. */
  counts(): Record<string, number> {
    const rows = this.db
      .prepare(
        'SELECT source, count(*) AS count FROM mirror_rejects GROUP BY source ORDER BY source',
      )
      .all() as { source: string; count: number }[];
    return Object.fromEntries(rows.map((row) => [row.source, row.count]));
  }
}
