import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  rejectColumnsOf,
  type CheckedImportReject,
  type RejectEntry,
  type RejectFilter,
  type RejectedRecord,
} from '@oxide-mirror/core';
import { param, prepareCompiled } from './compiled-statement';
import type { MirrorDatabase, MirrorRejectsTable } from './schema/database';

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
    const columns = rejectColumnsOf(entry);
    this.insert.run({
      source: entry.source,
      resource: columns.resource,
      record_id: columns.recordId,
      kind: entry.kind,
      raw: columns.raw,
      raw_hash: columns.rawHash,
      reason: entry.reason,
      rejected_at: rejectedAt,
    });
  }

  /** Keeps a reject of another mirror as it was; call inside the import's transaction. */
  addImported({ reject, columns }: CheckedImportReject): void {
    this.insert.run({
      source: reject.source,
      resource: columns.resource,
      record_id: columns.recordId,
      kind: reject.kind,
      raw: columns.raw,
      raw_hash: columns.rawHash,
      reason: reject.reason,
      rejected_at: reject.rejectedAt,
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
