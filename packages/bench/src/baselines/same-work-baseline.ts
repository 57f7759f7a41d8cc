import { hash } from 'node:crypto';
import type { Delta } from '@oxide-mirror/core';
import { DeltaGenerator, SOURCE_ID } from '../data-generator';
import type { RawIngestJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { openRawWriter } from './raw-connection';
import { RawLwwProjector } from './raw-lww-projector';
import { createRawSchema } from './raw-schema';
import { countRecords } from './record-counts';

const FIND_LOGGED =
  'SELECT event_id FROM mirror_events WHERE resource = ? AND record_id = ? AND event_key = ?';
const INSERT_EVENT = `INSERT INTO mirror_events (event_id, event_key, source, resource, record_id, op,
  payload, confidence, occurred_at, recorded_at, schema_version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`;
const SET_CHECKPOINT = `INSERT INTO mirror_projections (name, position) VALUES ('mirror_records', ?)
ON CONFLICT (name) DO UPDATE SET position = excluded.position`;
const SET_CURSOR = `INSERT INTO mirror_cursors (source, resource, cursor, updated_at) VALUES (?, '*', ?, ?)
ON CONFLICT (source, resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`;

/** The same identity as core's `eventIdOf`: SHA-1 over the delta's head and its payload JSON. */
function eventIdOf(delta: Delta, payload: string | null): string {
  const head = JSON.stringify([
    delta.provenance.source,
    delta.resource,
    delta.recordId,
    delta.op,
    delta.occurredAt,
  ]);
  return hash('sha1', head + (payload ?? 'null'), 'hex');
}

/**
 * The *same-work* raw baseline: per delta, everything the project does, written by hand with
 * better-sqlite3 — serialize the payload, compute the SHA-1 event id (one-shot, as core does),
 * probe the store's dedupe index shape (record + 48-bit key) once, append the event, read the record, decide
 * last-write-wins by `occurredAt`, upsert — and per transaction of `job.batch` deltas, the
 * projection checkpoint and the cursor. What it leaves out is what makes the project a library:
 * validation, the strategy plugin call, the RxJS pipeline and the outcome objects.
 */
export function runSameWorkBaseline(job: RawIngestJob): Measurement {
  const memory = MemorySampler.start();
  const db = openRawWriter(job.dbPath);
  try {
    createRawSchema(db, { dedupe: true });
    const findLogged = db.prepare(FIND_LOGGED).pluck();
    // One probe settles it unless two events of the record share the 48-bit key.
    const isLogged = (resource: string, recordId: string, key: number, eventId: string) => {
      const first = findLogged.get(resource, recordId, key) as string | undefined;
      if (first === undefined || first === eventId) return first !== undefined;
      return (findLogged.all(resource, recordId, key) as string[]).includes(eventId);
    };
    const insertEvent = db.prepare(INSERT_EVENT);
    const setCheckpoint = db.prepare(SET_CHECKPOINT);
    const setCursor = db.prepare(SET_CURSOR);
    const projector = new RawLwwProjector(db, 'mirror_record_state');
    const tally = { events: 0, applied: 0, skipped: 0, duplicates: 0 };
    const writePage = db.transaction(
      (deltas: readonly Delta[], recordedAt: string, cursor: string) => {
        let lastPosition = 0;
        for (const delta of deltas) {
          const payload = delta.payload === null ? null : JSON.stringify(delta.payload);
          const eventId = eventIdOf(delta, payload);
          const key = parseInt(eventId.slice(0, 12), 16);
          if (isLogged(delta.resource, delta.recordId, key, eventId)) {
            tally.duplicates += 1;
            continue;
          }
          const { source, confidence } = delta.provenance;
          const position = Number(
            insertEvent.run(
              eventId,
              key,
              source,
              delta.resource,
              delta.recordId,
              delta.op,
              payload,
              confidence,
              delta.occurredAt,
              recordedAt,
            ).lastInsertRowid,
          );
          tally.events += 1;
          const applied = projector.apply({
            source,
            resource: delta.resource,
            recordId: delta.recordId,
            op: delta.op,
            payload,
            confidence,
            occurredAt: delta.occurredAt,
            recordedAt,
            position,
          });
          if (applied) tally.applied += 1;
          else tally.skipped += 1;
          lastPosition = position;
        }
        if (lastPosition > 0) setCheckpoint.run(lastPosition);
        setCursor.run(SOURCE_ID, cursor, recordedAt);
      },
    );
    const generator = new DeltaGenerator(job.data);
    const started = performance.now();
    for (let start = 0; start < generator.size; start += job.batch) {
      const deltas = generator.page(start, job.batch);
      writePage.immediate(deltas, new Date().toISOString(), String(start + deltas.length));
      memory.sample();
    }
    const elapsedMs = performance.now() - started;
    return {
      units: generator.size,
      elapsedMs,
      ...memory.stop(),
      details: { ...tally, ...countRecords(db, 'mirror_record_state') },
    };
  } finally {
    db.close();
  }
}
