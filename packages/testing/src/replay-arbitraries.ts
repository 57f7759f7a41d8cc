import fc from 'fast-check';
import { Delta, type JsonObject } from '@oxide-mirror/core';

const payloadArbitrary: fc.Arbitrary<JsonObject> = fc.record(
  {
    name: fc.constantFrom('Ada', 'Bob', 'Cy'),
    tags: fc.record(
      { color: fc.constantFrom('red', 'blue'), size: fc.integer({ min: 1, max: 3 }) },
      { requiredKeys: [] },
    ),
    list: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** A delta over few records, sources and minutes, so that conflicts, ties and late arrivals are common. */
const deltaArbitrary: fc.Arbitrary<Delta> = fc
  .record({
    op: fc.constantFrom('upsert', 'upsert', 'upsert', 'delete'),
    resource: fc.constantFrom('contacts', 'tickets'),
    recordId: fc.constantFrom('1', '2', '3'),
    source: fc.constantFrom('crm', 'billing', 'scraper'),
    confidence: fc.constantFrom(0.1, 0.5, 0.9, 1),
    minute: fc.integer({ min: 0, max: 5 }),
    payload: payloadArbitrary,
  })
  .map(({ op, resource, recordId, source, confidence, minute, payload }) => {
    const options = { confidence, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) };
    return op === 'delete'
      ? Delta.delete(resource, recordId, source, options)
      : Delta.upsert(resource, recordId, payload, source, options);
  });

/** Deltas split into batches, with some deltas re-sent later (as a flaky source would). */
export const batchedDeltasArbitrary: fc.Arbitrary<Delta[][]> = fc
  .array(deltaArbitrary, { minLength: 1, maxLength: 25 })
  .chain((deltas) =>
    fc.record({
      deltas: fc.constant(deltas),
      resent: fc.array(fc.integer({ min: 0, max: deltas.length - 1 }), { maxLength: 5 }),
      batchSize: fc.integer({ min: 1, max: 6 }),
    }),
  )
  .map(({ deltas, resent, batchSize }) => {
    const all = [...deltas, ...resent.map((index) => deltas[index] as Delta)];
    const batches: Delta[][] = [];
    for (let i = 0; i < all.length; i += batchSize) batches.push(all.slice(i, i + batchSize));
    return batches;
  });

/** Record ids that real APIs send and that used to collide or change on the way through. */
const exactIdArbitrary = fc.constantFrom(
  '9007199254740993',
  '9007199254740992',
  '18446744073709551617',
  'x\u200fy', // right-to-left mark
  'e\u0301', // combining acute accent
  '\u00e9', // the same letter, precomposed: another id
  'id-\ud83d\ude00', // a surrogate pair
  'x\ud800', // a lone surrogate: refused
  'a\u0000b', // NUL: refused
);

/** One instant, as nanoseconds after a base time, spelled in many equivalent ways. */
const instantArbitrary = fc.record({
  nanos: fc.constantFrom(0, 1, 999, 1000, 1_000_000, 1_000_001, 59_999_999_999),
  spelling: fc.integer({ min: 0, max: 5 }),
});

const BASE_MS = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Spells `nanos` after the base time in one of several equivalent ISO-8601 forms. */
function spellInstant(nanos: number, spelling: number): string {
  const ms = BASE_MS + Math.floor(nanos / 1_000_000);
  const fraction = `${String(ms % 1000).padStart(3, '0')}${String(nanos % 1_000_000).padStart(6, '0')}`;
  const utc = new Date(ms).toISOString().slice(0, 19);
  const shifted = (hours: number): string =>
    new Date(ms + hours * 3_600_000).toISOString().slice(0, 19);
  switch (spelling) {
    case 0:
      return `${utc}.${fraction}Z`;
    case 1:
      return `${shifted(2)}.${fraction}+02:00`;
    case 2:
      return `${shifted(-5)}.${fraction}000-0500`;
    case 3:
      return `${utc.replace('T', ' ')}.${fraction.replace(/0+$/, '') || '0'}Z`;
    case 4:
      return `${shifted(9)}.${fraction}+09`;
    default:
      return `${utc}.${fraction}z`;
  }
}

/** A payload with big integers, nested objects and strings that need escaping. */
const exactPayloadArbitrary = fc
  .record(
    {
      n: fc.constantFrom(1, 9007199254740993n, -12345678901234567890n, 2.5),
      nested: fc.record({
        b: fc.boolean(),
        // Quotes, backslashes, braces and commas are what array literals must escape.
        a: fc.constantFrom('x\ud800', 'é', '', 'say "hi" \\ {a,b} NULL', '\u2028'),
      }),
      list: fc.array(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .map((payload) => payload as unknown as JsonObject);

/** The same JSON value with the keys of every object in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((key) => [key, reversedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** A raw delta as a source would send it, and the same delta spelled differently. */
export interface RespelledDelta {
  original: Delta;
  respelled: Delta;
}

/**
 * Raw deltas with odd ids (some refused), big integers, every spelling of a time and shuffled
 * keys, each with an equivalent respelling.
 */
export const exactDeltaArbitrary: fc.Arbitrary<RespelledDelta> = fc
  .record({
    op: fc.constantFrom('upsert', 'upsert', 'delete'),
    recordId: exactIdArbitrary,
    source: fc.constantFrom('crm', 'billing'),
    confidence: fc.constantFrom(0.5, 1),
    at: instantArbitrary,
    respelling: fc.integer({ min: 0, max: 5 }),
    payload: exactPayloadArbitrary,
  })
  .map(({ op, recordId, source, confidence, at, respelling, payload }) => {
    const delta = (occurredAt: string, body: unknown): Delta =>
      ({
        resource: 'contacts',
        recordId,
        op,
        payload: op === 'delete' ? null : body,
        occurredAt,
        provenance: { source, confidence },
      }) as Delta;
    return {
      original: delta(spellInstant(at.nanos, at.spelling), payload),
      respelled: delta(spellInstant(at.nanos, respelling), reversedKeys(payload)),
    };
  });
