/**
 * The writer thread's entry: opens its own connection to the store's file and writes each batch
 * the store sends, in order, with the same {@link BatchWriter} the store uses in-thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import {
  EarlierBatchFailedError,
  eventIdOf,
  parseJson,
  strategyFromPlugin,
  strategyIdentityText,
  type ConflictStrategy,
  type JsonObject,
} from '@oxide-mirror/core';
import { BatchWriter, type BatchItem } from '../batch-writer';
import { EventLog, legacyHeadOf } from '../event-log';
import { lazyDelta } from '../lazy-delta';
import { ProjectionRunner } from '../projection-runner';
import { ProjectionStrategy } from '../projection-strategy';
import { PAYLOAD_FIELDS, type DeltaWithFields } from '../payload-fields';
import { RecordProjection } from '../record-projection';
import { RejectLog } from '../reject-log';
import { EventReader } from '../event-reader';
import { ResourceViewsProjection } from '../resource-views-projection';
import type { MirrorDatabase } from '../schema/database';
import { resourceNames } from '../store-lookups';
import { configureWriter, limitSize } from '../open-connections';
import { prepareWriteStatements } from '../write-statements';
import { unpackBatch, type WireBatch, type WireDelta } from './wire-batch';
import {
  toWireError,
  type WriteRequest,
  type WriterReply,
  type WriterThreadSetup,
} from './writer-protocol';

const port = parentPort;
if (port === null) throw new Error('writer-worker runs only as a worker thread');
const setup = workerData as WriterThreadSetup;

/** The writer, or why it could not be opened. */
function openWriter(): { writer: BatchWriter; close: () => void } {
  const db = new Database(setup.path, { fileMustExist: true, timeout: setup.busyTimeoutMs });
  try {
    configureWriter(db, setup.durable);
    if (setup.maxDatabaseBytes !== undefined) limitSize(db, setup.maxDatabaseBytes);
    const kysely = new Kysely<MirrorDatabase>({ dialect: new SqliteDialect({ database: db }) });
    const statements = prepareWriteStatements(db, kysely);
    const events = new EventReader(db, kysely, {
      version: setup.schemaVersion,
      upcasters: new Map(),
    });
    const projections = setup.resourceViews ? [new ResourceViewsProjection()] : [];
    const runner = new ProjectionRunner(db, projections, events, statements.setCheckpoint);
    const writer = new BatchWriter(db, {
      log: new EventLog(db, kysely, setup.schemaVersion, legacyHeadOf(db)),
      records: new RecordProjection(db, kysely, setup.limits),
      rejects: new RejectLog(db, kysely),
      runner,
      projectionStrategy: new ProjectionStrategy(db),
      statements,
      knownResources: new Set(resourceNames(db)),
      schemaVersion: setup.schemaVersion,
    });
    return { writer, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Strategies built here, by their plugin and identity. */
const strategies = new Map<string, Promise<ConflictStrategy>>();

function strategyFor(request: WriteRequest): Promise<ConflictStrategy> {
  const { plugin, identity } = request.strategy;
  const key = JSON.stringify([plugin.module, plugin.export ?? '', strategyIdentityText(identity)]);
  let strategy = strategies.get(key);
  if (strategy === undefined) {
    strategy = strategyFromPlugin(plugin, identity);
    strategies.set(key, strategy);
  }
  return strategy;
}

/** A delta whose payload is parsed from its canonical text only if something reads it. */
function deltaOf(wire: WireDelta): DeltaWithFields {
  const delta = lazyDelta(
    {
      resource: wire.resource,
      recordId: wire.recordId,
      op: wire.deleted ? 'delete' : 'upsert',
      occurredAt: wire.occurredAt,
      provenance: { source: wire.source, confidence: wire.confidence },
    },
    () => payloadOf(wire),
  );
  return wire.fields === null ? delta : Object.assign(delta, { [PAYLOAD_FIELDS]: wire.fields });
}

/** The payload, its top-level keys in their received order (the canonical text sorts them). */
function payloadOf(wire: WireDelta): JsonObject | null {
  if (wire.payloadJson === null) return null;
  const sorted = parseJson(wire.payloadJson) as JsonObject;
  if (wire.fields === null) return sorted;
  const payload: JsonObject = {};
  for (const field of wire.fields) payload[field] = sorted[field] as JsonObject[string];
  return payload;
}

function itemsOf(batch: WireBatch): BatchItem[] {
  const items: BatchItem[] = [];
  for (const wire of unpackBatch(batch)) {
    const delta = deltaOf(wire);
    const { payloadJson } = wire;
    items.push({ prepared: { delta, payloadJson, eventId: eventIdOf(delta, payloadJson) } });
  }
  return items;
}

let opened: ReturnType<typeof openWriter>;
try {
  opened = openWriter();
} catch (error) {
  port.postMessage({ fatal: toWireError(error) } satisfies WriterReply);
  process.exit(1);
}

/**
 * Batches that were not written here, by id: failed, or handed back because the strategy
 * could not be built. A batch sent after one of them (`after`) shares its fate, so a source's
 * batches land in order; each entry is dropped once the batch after it has read it.
 */
const notWritten = new Map<number, 'failed' | 'unportable'>();

/** The reply to `request`, written or not. */
async function handle(request: WriteRequest): Promise<WriterReply> {
  const { id, after } = request;
  const earlier = after === undefined ? undefined : notWritten.get(after.id);
  if (after !== undefined) notWritten.delete(after.id);
  if (earlier === 'unportable') {
    notWritten.set(id, 'unportable');
    return { id, unportable: 'an earlier batch of its source was handed back' };
  }
  if (earlier === 'failed') {
    notWritten.set(id, 'failed');
    return {
      id,
      error: toWireError(new EarlierBatchFailedError((after as { source: string }).source)),
    };
  }
  let strategy: ConflictStrategy;
  try {
    strategy = await strategyFor(request);
  } catch (error) {
    notWritten.set(id, 'unportable');
    return { id, unportable: error instanceof Error ? error.message : String(error) };
  }
  try {
    return { id, outcomes: opened.writer.write(itemsOf(request.deltas), strategy, request.extras) };
  } catch (error) {
    notWritten.set(id, 'failed');
    return { id, error: toWireError(error) };
  }
}

port.postMessage({ ready: true } satisfies WriterReply);

let queue = Promise.resolve();
port.on('message', (message: WriteRequest | 'close') => {
  if (message === 'close') {
    queue = queue.then(() => {
      opened.close();
      port.close();
    });
    return;
  }
  queue = queue.then(async () => port.postMessage(await handle(message)));
});
