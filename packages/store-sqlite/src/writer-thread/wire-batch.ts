import type { PreparedDelta } from '@oxide-mirror/core';

/**
 * Texts packed into one string and the end offset of each (-1 for a null): one string to copy
 * across threads instead of thousands, and one large allocation on the other side that the
 * young generation never has to move.
 */
export interface PackedTexts {
  text: string;
  ends: Int32Array;
}

/**
 * A batch's prepared deltas as they cross to the writer thread, column by column, without their
 * identities (computed there, see `prepareDelta`): payloads only as their canonical JSON text
 * (parsed there only if the strategy reads one), and each payload's top-level fields in their
 * received order (the resource views list them so), as an index into the batch's distinct field
 * lists.
 */
export interface WireBatch {
  /** Distinct resource and source names; `resource` and `source` index them. */
  names: string[];
  resource: Int32Array;
  source: Int32Array;
  recordIds: PackedTexts;
  deletes: Uint8Array;
  occurredAt: PackedTexts;
  confidence: Float64Array;
  payloads: PackedTexts;
  /** Distinct lists of top-level fields; `fields` indexes them, -1 for a delete. */
  fieldLists: string[][];
  fields: Int32Array;
}

/** One delta of a {@link WireBatch}, as the thread reads it back. */
export interface WireDelta {
  resource: string;
  recordId: string;
  deleted: boolean;
  occurredAt: string;
  source: string;
  confidence: number;
  payloadJson: string | null;
  fields: readonly string[] | null;
}

/** Packs `texts` (see {@link PackedTexts}). */
function packTexts(texts: readonly (string | null)[]): PackedTexts {
  const ends = new Int32Array(texts.length);
  const present: string[] = [];
  let length = 0;
  for (let i = 0; i < texts.length; i++) {
    const value = texts[i] as string | null;
    if (value === null) {
      ends[i] = -1;
      continue;
    }
    present.push(value);
    length += value.length;
    ends[i] = length;
  }
  return { text: present.join(''), ends };
}

/** Numbers each distinct value as first met. */
class Numbering<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(key: string, value: T): number {
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.values.length;
      this.values.push(value);
      this.numbers.set(key, n);
    }
    return n;
  }
}

/** The {@link WireBatch} of `prepared`. */
export function packBatch(prepared: readonly PreparedDelta[]): WireBatch {
  const count = prepared.length;
  const names = new Numbering<string>();
  const fieldLists = new Numbering<string[]>();
  const batch: WireBatch = {
    names: names.values,
    resource: new Int32Array(count),
    source: new Int32Array(count),
    recordIds: packTexts(prepared.map(({ delta }) => delta.recordId)),
    deletes: new Uint8Array(count),
    occurredAt: packTexts(prepared.map(({ delta }) => delta.occurredAt)),
    confidence: new Float64Array(count),
    payloads: packTexts(prepared.map(({ payloadJson }) => payloadJson)),
    fieldLists: fieldLists.values,
    fields: new Int32Array(count),
  };
  for (let i = 0; i < count; i++) {
    const { delta } = prepared[i] as PreparedDelta;
    batch.resource[i] = names.numberOf(delta.resource, delta.resource);
    batch.source[i] = names.numberOf(delta.provenance.source, delta.provenance.source);
    batch.deletes[i] = delta.op === 'delete' ? 1 : 0;
    batch.confidence[i] = delta.provenance.confidence;
    if (delta.payload === null) {
      batch.fields[i] = -1;
      continue;
    }
    const fields = Object.keys(delta.payload);
    // NUL cannot end a field name, so the joined list names one list only.
    batch.fields[i] = fieldLists.numberOf(fields.join('\u0000') + '\u0000', fields);
  }
  return batch;
}

/** The deltas of `batch`, in order. */
export function* unpackBatch(batch: WireBatch): Generator<WireDelta> {
  const starts = {
    recordIds: 0,
    occurredAt: 0,
    payloads: 0,
  };
  const next = (column: keyof typeof starts, i: number): string | null => {
    const { text, ends } = batch[column];
    const end = ends[i] as number;
    if (end < 0) return null;
    const value = text.slice(starts[column], end);
    starts[column] = end;
    return value;
  };
  for (let i = 0; i < batch.resource.length; i++) {
    const fields = batch.fields[i] as number;
    yield {
      resource: batch.names[batch.resource[i] as number] as string,
      recordId: next('recordIds', i) as string,
      deleted: batch.deletes[i] === 1,
      occurredAt: next('occurredAt', i) as string,
      source: batch.names[batch.source[i] as number] as string,
      confidence: batch.confidence[i] as number,
      payloadJson: next('payloads', i),
      fields: fields < 0 ? null : (batch.fieldLists[fields] as string[]),
    };
  }
}
