import { canonicalJson } from './canonical-json';
import type { ConflictStrategy } from './conflict-strategy';
import {
  allSyncRuns,
  checkCopyTarget,
  matchCopiedPrefix,
  type CopySnapshot,
} from './copy-target-check';
import { CopyMismatchError } from './errors';
import type { JsonValue } from './json';
import type { MirrorStore } from './mirror-store';
import type { MirroredRecord } from './mirrored-record';
import type { StoredEvent } from './stored-event';

/** Events written per transaction when a mirror is copied: a bounded batch, like a sync page. */
export const DEFAULT_COPY_BATCH = 1000;

/** How to copy a mirror. */
export interface CopyOptions {
  /** The strategy the original's `mirror_records` was built with; the copy's is built with it. */
  strategy: ConflictStrategy;
  /** Events per transaction (default {@link DEFAULT_COPY_BATCH}). */
  batchSize?: number;
  /** Told after every committed batch: events in the copy so far, and in the original's log. */
  onProgress?: (copied: number, total: number) => void;
}

/** What a copy did, once both record tables were found equal. */
export interface CopyReport {
  /** Events in the copy's log (equal to the original's). */
  events: number;
  /** Events an earlier, interrupted copy had already written; this one went on after them. */
  resumedAfter: number;
  cursors: number;
  rejects: number;
  syncRuns: number;
  /** Live records per resource, the same in both stores. */
  records: Record<string, number>;
}

/**
 * Copies a mirror into another store through the store contracts alone: the log's events with
 * their identities (ids, order, times, provenance, schema version, redaction) in bounded
 * batches, `mirror_records` projected from them with the original's strategy, then the
 * cursors, rejects and sync runs; finally both record tables are compared record by record. The target
 * must be empty, or hold what an interrupted copy of the same mirror committed (the copy then
 * goes on from there). Copy while no sync writes to the original: the copy takes the log up to
 * its head when the copy starts.
 *
 * @example
 * const report = await copyMirror(sqliteStore, postgresStore, { strategy });
 */
export async function copyMirror(
  original: MirrorStore,
  target: MirrorStore,
  options: CopyOptions,
): Promise<CopyReport> {
  // Cursors first: a cursor read before the events can never be ahead of the copied log.
  const snapshot: CopySnapshot = {
    cursors: await original.listCursors(),
    rejects: await original.listRejects(),
    resources: await original.listResources(),
    syncRuns: await allSyncRuns(original),
  };
  const head = await original.headPosition();
  const total = await original.eventCount();
  await checkCopyTarget(target, snapshot);
  const events = original.readEvents()[Symbol.asyncIterator]();
  try {
    const resumedAfter = await matchCopiedPrefix(target, events);
    await copyEvents(events, target, head, resumedAfter, total, options);
    await target.importBatch(
      { cursors: snapshot.cursors, rejects: snapshot.rejects, syncRuns: snapshot.syncRuns },
      options.strategy,
    );
    for (const resource of snapshot.resources) await target.registerResource(resource);
    const records = await compareRecords(original, target);
    await compareLogs(original, target);
    return {
      events: await target.eventCount(),
      resumedAfter,
      cursors: snapshot.cursors.length,
      rejects: snapshot.rejects.length,
      syncRuns: snapshot.syncRuns.length,
      records,
    };
  } finally {
    await events.return?.();
  }
}

/** Imports the original's remaining events up to `head`, one batch per transaction. */
async function copyEvents(
  events: AsyncIterator<StoredEvent>,
  target: MirrorStore,
  head: number,
  already: number,
  total: number,
  options: CopyOptions,
): Promise<void> {
  const size = options.batchSize ?? DEFAULT_COPY_BATCH;
  let copied = already;
  let batch: StoredEvent[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await target.importBatch({ events: batch }, options.strategy);
    copied += batch.length;
    batch = [];
    options.onProgress?.(copied, total);
  };
  for (;;) {
    const next = await events.next();
    if (next.done === true || next.value.position > head) break;
    batch.push(next.value);
    if (batch.length >= size) await flush();
  }
  await flush();
}

/** A record's fields as one comparable text. */
function recordText(record: MirroredRecord): string {
  const { resource, recordId, payload, source, confidence, version, occurredAt, lastSyncedAt } =
    record;
  const fields = {
    resource,
    recordId,
    payload,
    source,
    confidence,
    version,
    occurredAt,
    lastSyncedAt,
  };
  return canonicalJson(fields as unknown as JsonValue);
}

/** Compares both stores' live records, resource by resource; returns the counts. */
async function compareRecords(
  original: MirrorStore,
  target: MirrorStore,
): Promise<Record<string, number>> {
  const resources = new Set([
    ...(await original.listResources()),
    ...(await target.listResources()),
  ]);
  const counts: Record<string, number> = {};
  for (const resource of [...resources].sort()) {
    const expected = new Map(
      (await original.listRecords(resource)).map((record) => [record.recordId, recordText(record)]),
    );
    const copied = await target.listRecords(resource);
    if (copied.length !== expected.size) {
      throw new CopyMismatchError(
        `${resource} has ${expected.size} live records in the original and ${copied.length} in the copy`,
      );
    }
    for (const record of copied) {
      if (expected.get(record.recordId) !== recordText(record)) {
        throw new CopyMismatchError(`record ${resource}/${record.recordId} is not the same`);
      }
    }
    counts[resource] = copied.length;
  }
  return counts;
}

/** The copy's log must hold as many events as the original's. */
async function compareLogs(original: MirrorStore, target: MirrorStore): Promise<void> {
  const [expected, copied] = [await original.eventCount(), await target.eventCount()];
  if (expected !== copied) {
    throw new CopyMismatchError(
      `the original's log has ${expected} events and the copy's ${copied}`,
    );
  }
}
