import type { Database, Transaction } from 'better-sqlite3';
import type {
  AppliedDelta,
  ConflictStrategy,
  CursorUpdate,
  PreparedDelta,
  RejectEntry,
  StoredEvent,
} from '@oxide-mirror/core';
import type { EventLog } from './event-log';
import type { ProjectionRunner } from './projection-runner';
import type { ProjectionStrategy } from './projection-strategy';
import { RECORD_PROJECTION, type RecordProjection } from './record-projection';
import type { RejectLog } from './reject-log';
import type { WriteStatements } from './write-statements';

/** One delta of a batch: ready to append, or refused and about to be set aside. */
export type BatchItem =
  { prepared: PreparedDelta; reject?: undefined } | { prepared?: undefined; reject: RejectEntry };

/** Everything one batch writes besides its deltas. */
export interface BatchExtras {
  /** When the batch is recorded (`mirror_batches`). */
  recordedAt: string;
  /** The cursor to store with the batch, and when it was taken. */
  cursor: { update: CursorUpdate; at: string } | undefined;
  sourceRejects: readonly RejectEntry[];
  resolvesRejects: readonly number[];
}

/** What a {@link BatchWriter} writes with, all on one connection. */
export interface BatchWriterParts {
  log: EventLog;
  records: RecordProjection;
  rejects: RejectLog;
  runner: ProjectionRunner;
  projectionStrategy: ProjectionStrategy;
  statements: WriteStatements;
  /** Resources known to be in `mirror_resources`, kept up to date by the writer. */
  knownResources: Set<string>;
  /** The schema version of the events written. */
  schemaVersion: number;
}

/**
 * Writes a batch — its events, record states, projections, rejects and cursor — in one
 * IMMEDIATE transaction on one connection: the store's own, or its writer thread's (see
 * `WriterThread`), which build it from the same parts.
 */
export class BatchWriter {
  private readonly transaction: Transaction<
    (items: readonly BatchItem[], strategy: ConflictStrategy, extras: BatchExtras) => AppliedDelta[]
  >;

  constructor(
    db: Database,
    private readonly parts: BatchWriterParts,
  ) {
    this.transaction = db.transaction((items, strategy, extras) =>
      this.writeInTransaction(items, strategy, extras),
    );
  }

  /** Writes `items` and the extras, and returns each item's outcome once they committed. */
  write(
    items: readonly BatchItem[],
    strategy: ConflictStrategy,
    extras: BatchExtras,
  ): AppliedDelta[] {
    const outcomes = this.transaction.immediate(items, strategy, extras);
    this.parts.log.committed();
    for (const item of items) {
      if (item.reject === undefined) this.parts.knownResources.add(item.prepared.delta.resource);
    }
    return outcomes;
  }

  private writeInTransaction(
    items: readonly BatchItem[],
    strategy: ConflictStrategy,
    { recordedAt, cursor, sourceRejects, resolvesRejects }: BatchExtras,
  ): AppliedDelta[] {
    const { log, records, rejects, runner, statements, knownResources } = this.parts;
    this.parts.projectionStrategy.accept(strategy);
    log.beginBatch(recordedAt);
    const outcomes: AppliedDelta[] = new Array(items.length);
    const appended: StoredEvent[] | undefined = runner.active ? [] : undefined;
    let lastPosition = 0;
    for (let i = 0; i < items.length; i++) {
      const { prepared: item, reject } = items[i] as BatchItem;
      if (reject !== undefined) {
        rejects.add(reject, recordedAt);
        outcomes[i] = { applied: false, decision: 'rejected', reason: reject.reason };
        continue;
      }
      const position = log.appendOnce(item);
      if (position === undefined) {
        outcomes[i] = { applied: false, decision: 'duplicate' };
        continue;
      }
      if (!knownResources.has(item.delta.resource)) {
        statements.addResource.run({ name: item.delta.resource });
      }
      outcomes[i] = records.apply({ delta: item.delta, position }, strategy, log.firstOfRecord);
      appended?.push({
        position,
        eventId: item.eventId,
        delta: item.delta,
        recordedAt,
        schemaVersion: this.parts.schemaVersion,
      });
      lastPosition = position;
    }
    if (lastPosition > 0) {
      statements.setCheckpoint.run({ name: RECORD_PROJECTION, position: lastPosition });
    }
    if (appended !== undefined) runner.apply(appended);
    for (const reject of sourceRejects) rejects.add(reject, recordedAt);
    rejects.resolve(resolvesRejects);
    if (cursor !== undefined) {
      const { source, resource, cursor: text } = cursor.update;
      statements.setCursor.run({ source, resource, cursor: text, updated_at: cursor.at });
    }
    return outcomes;
  }
}
