import type { Delta } from '@oxide-mirror/core';
import { DeltaGenerator } from '../data-generator';
import type { RawIngestJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { openRawWriter } from './raw-connection';
import { createRawSchema } from './raw-schema';
import { countRecords } from './record-counts';

const INSERT_EVENT = `INSERT INTO mirror_events (event_id, event_key, source, resource, record_id, op,
  payload, confidence, occurred_at, recorded_at, schema_version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`;

/** Writes the record without reading it: the database bumps the version itself. */
const UPSERT_RECORD = `INSERT INTO mirror_record_state (resource, record_id, payload, source,
  confidence, version, occurred_at, last_synced_at, deleted, position)
VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
ON CONFLICT (resource, record_id) DO UPDATE SET payload = excluded.payload,
  source = excluded.source, confidence = excluded.confidence,
  version = mirror_record_state.version + 1, occurred_at = excluded.occurred_at,
  last_synced_at = excluded.last_synced_at, deleted = excluded.deleted,
  position = excluded.position`;

/**
 * The *bare* raw baseline: the least a mirror can do per delta with better-sqlite3 — serialize
 * the payload, append an event row, upsert the record row — with no identity, no dedupe, no read
 * and no decision, in transactions of `job.batch` deltas. It bounds what any store can reach.
 */
export function runBareBaseline(job: RawIngestJob): Measurement {
  const memory = MemorySampler.start();
  const db = openRawWriter(job.dbPath);
  try {
    createRawSchema(db, { dedupe: false });
    const insertEvent = db.prepare(INSERT_EVENT);
    const upsertRecord = db.prepare(UPSERT_RECORD);
    let sequence = 0;
    const writePage = db.transaction((deltas: readonly Delta[], recordedAt: string) => {
      for (const delta of deltas) {
        const { source, confidence } = delta.provenance;
        const payload = delta.payload === null ? null : JSON.stringify(delta.payload);
        sequence += 1;
        const position = insertEvent.run(
          String(sequence),
          sequence,
          source,
          delta.resource,
          delta.recordId,
          delta.op,
          payload,
          confidence,
          delta.occurredAt,
          recordedAt,
        ).lastInsertRowid;
        upsertRecord.run(
          delta.resource,
          delta.recordId,
          payload,
          source,
          confidence,
          delta.occurredAt,
          recordedAt,
          delta.op === 'delete' ? 1 : 0,
          position,
        );
      }
    });
    const generator = new DeltaGenerator(job.data);
    const started = performance.now();
    for (let start = 0; start < generator.size; start += job.batch) {
      writePage.immediate(generator.page(start, job.batch), new Date().toISOString());
      memory.sample();
    }
    const elapsedMs = performance.now() - started;
    return {
      units: generator.size,
      elapsedMs,
      ...memory.stop(),
      details: { events: sequence, ...countRecords(db, 'mirror_record_state') },
    };
  } finally {
    db.close();
  }
}
