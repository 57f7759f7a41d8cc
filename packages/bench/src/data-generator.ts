import type { Delta, JsonObject } from '@oxide-mirror/core';
import type { DataSpec } from './data-spec';
import { SeededRandom, mixSeed } from './seeded-random';

/** The resources the generated records belong to; record `r` lives in `RESOURCES[r % 3]`. */
export const RESOURCES = ['crm_contacts', 'billing_accounts', 'support_tickets'] as const;

/** The source every generated delta comes from. */
export const SOURCE_ID = 'bench';

/** `occurredAt` of delta 0; each later delta happens {@link STEP_MS} after the one before. */
const START_MS = Date.parse('2024-01-01T00:00:00.000Z');
const STEP_MS = 1000;
/** Share of deltas that arrive out of order, backdated by up to {@link MAX_BACKDATE_MS}. */
const OUT_OF_ORDER_SHARE = 0.05;
const MAX_BACKDATE_MS = 3 * 24 * 3600 * 1000;
/** Share of deltas that delete their record (leaving a tombstone). */
const DELETE_SHARE = 0.01;

const STATUSES = ['active', 'trial', 'paused', 'churned', 'prospect'] as const;
const TIERS = ['free', 'team', 'business', 'enterprise'] as const;
const REGIONS = ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south', 'sa-east'] as const;
const WORDS = [
  'invoice',
  'renewal',
  'contact',
  'meeting',
  'escalated',
  'pending',
  'shipped',
  'discount',
  'quarterly',
  'onboarding',
  'priority',
  'feedback',
] as const;

/** Where a record lives: its resource and its id there. */
export interface RecordKey {
  resource: string;
  recordId: string;
}

/** A deterministic block of words that payload notes are cut from, so no delta builds text. */
function fillerText(seed: number, length: number): string {
  const random = new SeededRandom(seed);
  let text = '';
  while (text.length < length) text += `${random.pick(WORDS)} `;
  return text;
}

/**
 * Generates the benchmark's deltas on demand: delta `i` is a pure function of the spec and `i`,
 * so a source can page through millions of them without holding more than one page, and every
 * process (project and baselines) sees exactly the same data.
 *
 * Deltas pick one of `records` records uniformly (random keys, the hard case for B-trees),
 * happen one second apart except for ~5% that arrive backdated by up to three days, ~1% are
 * deletes, confidence is one of 0.5…1.0, and upsert payloads are ~`payloadBytes` of JSON with a
 * nested object (so merge strategies have something to merge).
 *
 * @example
 * const generator = new DeltaGenerator({ deltas: 1000, records: 100, payloadBytes: 300, seed: 1 });
 * const firstPage = generator.page(0, 500);
 */
export class DeltaGenerator {
  private readonly random = new SeededRandom(0);
  private readonly filler: string;
  private readonly notesLength: number;

  constructor(readonly spec: DataSpec) {
    if (!Number.isSafeInteger(spec.records) || spec.records < 1) {
      throw new RangeError(`records must be a positive integer, got ${spec.records}`);
    }
    this.notesLength = Math.max(0, spec.payloadBytes - this.payloadOverhead());
    this.filler = fillerText(mixSeed(spec.seed, 0xf111e5), 4096 + this.notesLength);
  }

  /** Number of deltas in the stream. */
  get size(): number {
    return this.spec.deltas;
  }

  /** The resource and id of record number `index` (0 ≤ index < records). */
  recordKey(index: number): RecordKey {
    return { resource: RESOURCES[index % RESOURCES.length] as string, recordId: `r${index}` };
  }

  /** `count` deltas starting at `start`, clipped to the end of the stream. */
  page(start: number, count: number): Delta[] {
    const end = Math.min(start + count, this.spec.deltas);
    const deltas: Delta[] = [];
    for (let index = start; index < end; index++) deltas.push(this.deltaAt(index));
    return deltas;
  }

  /** Delta number `index` of the stream. */
  deltaAt(index: number): Delta {
    const random = this.random;
    random.reseed(mixSeed(this.spec.seed, index));
    const record = random.int(this.spec.records);
    const { resource, recordId } = this.recordKey(record);
    let time = START_MS + index * STEP_MS;
    if (random.next() < OUT_OF_ORDER_SHARE) time -= random.int(MAX_BACKDATE_MS);
    const isDelete = random.next() < DELETE_SHARE;
    const confidence = (5 + random.int(6)) / 10;
    return {
      resource,
      recordId,
      op: isDelete ? 'delete' : 'upsert',
      payload: isDelete ? null : this.payload(record, recordId, index),
      occurredAt: new Date(time).toISOString(),
      provenance: { source: SOURCE_ID, confidence },
    };
  }

  private payload(record: number, recordId: string, index: number): JsonObject {
    const random = this.random;
    const notesStart = random.int(4096);
    return {
      id: recordId,
      name: `Customer ${record}`,
      email: `customer${record}@example.com`,
      status: random.pick(STATUSES),
      amount: random.int(1_000_000) / 100,
      tags: { tier: random.pick(TIERS), region: random.pick(REGIONS) },
      revision: index,
      notes: this.filler.slice(notesStart, notesStart + this.notesLength),
    };
  }

  /** JSON length of a typical payload without notes: what the notes pad up to `payloadBytes`. */
  private payloadOverhead(): number {
    const record = Math.max(0, this.spec.records - 1);
    return JSON.stringify({
      id: `r${record}`,
      name: `Customer ${record}`,
      email: `customer${record}@example.com`,
      status: 'active',
      amount: 5000.5,
      tags: { tier: 'business', region: 'eu-central' },
      revision: Math.max(0, this.spec.deltas - 1),
      notes: '',
    }).length;
  }
}
