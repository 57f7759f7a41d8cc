import type { RawReplayJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { openRawWriter } from './raw-connection';
import { RawLwwProjector, type RawEvent } from './raw-lww-projector';
import { recordStateTableSql } from './raw-schema';
import { countRecords } from './record-counts';

/** The fresh table the raw replay projects into, beside the store's own tables. */
export const REPLAY_TABLE = 'bench_replay_state';

/** A chunk of the log in position order, keyset-paginated so memory stays at one chunk. */
const READ_CHUNK = `SELECT position, source, resource, record_id AS recordId, op, payload,
  confidence, occurred_at AS occurredAt, recorded_at AS recordedAt
FROM mirror_events WHERE position > ? ORDER BY position LIMIT ?`;

/**
 * The raw *replay* baseline for W2: reads the store's `mirror_events` in position order, chunk by
 * chunk, and projects each event last-write-wins into a fresh record-state table, one
 * transaction per chunk of `job.batch` events — what a hand-written rebuild does. The table is
 * left in place (and dropped by the next replay), so its result can be compared with the store's.
 */
export function runReplayBaseline(job: RawReplayJob): Measurement {
  const memory = MemorySampler.start();
  const db = openRawWriter(job.dbPath);
  try {
    db.exec(`DROP TABLE IF EXISTS ${REPLAY_TABLE}`);
    db.exec(recordStateTableSql(REPLAY_TABLE));
    const readChunk = db.prepare(READ_CHUNK);
    const projector = new RawLwwProjector(db, REPLAY_TABLE);
    const tally = { events: 0, applied: 0, skipped: 0 };
    const replayChunk = db.transaction((after: number): number => {
      const events = readChunk.all(after, job.batch) as RawEvent[];
      for (const event of events) {
        if (projector.apply(event)) tally.applied += 1;
        else tally.skipped += 1;
      }
      tally.events += events.length;
      return events.length < job.batch ? -1 : (events[events.length - 1] as RawEvent).position;
    });
    const started = performance.now();
    for (let after = 0; after >= 0;) {
      after = replayChunk.immediate(after);
      memory.sample();
    }
    const elapsedMs = performance.now() - started;
    return {
      units: tally.events,
      elapsedMs,
      ...memory.stop(),
      details: { ...tally, ...countRecords(db, REPLAY_TABLE) },
    };
  } finally {
    db.close();
  }
}
