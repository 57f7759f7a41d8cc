import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  Delta,
  InvalidDeltaError,
  UnrepresentableNumber,
  canonicalJson,
  compareInstants,
  eventIdOf,
  normalizeInstant,
  parseJson,
  prepareDelta,
  recordIdFrom,
  stringifyJson,
  validateDelta,
} from '../src';

const base = {
  resource: 'contacts',
  recordId: '1',
  op: 'upsert' as const,
  payload: { name: 'Ada' },
  occurredAt: '2024-03-10T10:00:00.000Z',
  provenance: { source: 'crm', confidence: 1 },
};

function problemOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDeltaError);
    return (error as Error).message;
  }
  throw new Error('expected an InvalidDeltaError');
}

describe('exact instants', () => {
  it.each([
    ['2024-03-10T10:00:00Z', '2024-03-10T10:00:00.000Z'],
    ['2024-03-10T10:00:00.5Z', '2024-03-10T10:00:00.500Z'],
    ['2024-03-10T10:00:00.000001Z', '2024-03-10T10:00:00.000001Z'],
    ['2024-03-10T10:00:00.000000002Z', '2024-03-10T10:00:00.000000002Z'],
    ['2024-03-10T10:00:00.123000Z', '2024-03-10T10:00:00.123Z'],
    ['2024-03-10T10:00:00.123456700Z', '2024-03-10T10:00:00.123456700Z'],
    ['2024-03-10T10:00:00.1234567000000Z', '2024-03-10T10:00:00.123456700Z'],
    ['2024-03-10T12:00:00+02:00', '2024-03-10T10:00:00.000Z'],
    ['2024-03-10T05:30:00.000001-0430', '2024-03-10T10:00:00.000001Z'],
    ['2024-03-10 10:00:00Z', '2024-03-10T10:00:00.000Z'],
    ['2024-03-10T10:00Z', '2024-03-10T10:00:00.000Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:60.000Z'],
    ['2016-12-31T18:59:60.25-05:00', '2016-12-31T23:59:60.250Z'],
  ])('reads %s as the instant %s', (input, canonical) => {
    expect(normalizeInstant(input)).toBe(canonical);
  });

  it.each([
    ['2024-03-10T10:00:00', /no time zone/],
    ['2024/03/10 10:00:00', /not a time/],
    ['2024-03-10', /not a time/],
    ['2024-02-30T10:00:00Z', /not a real time/],
    ['2024-03-10T10:00:00.0000000001Z', /more precise than nanoseconds/],
    ['2024-03-10T23:59:60Z', /leap second that does not end a UTC month/],
    ['1969-12-31T23:59:59Z', /not a real time between the years 1970 and 9999/],
    ['9999-12-31T23:00:00-05:00', /not a real time between the years 1970 and 9999/],
    ['2024-03-10T10:00:00+25:00', /impossible offset/],
  ])('refuses %s', (input, problem) => {
    expect(problemOf(() => normalizeInstant(input))).toMatch(problem);
  });

  it('orders instants of different precision by the time they name, leap seconds included', () => {
    const ordered = [
      '2024-03-10T10:00:00.000Z',
      '2024-03-10T10:00:00.000000002Z',
      '2024-03-10T10:00:00.000001Z',
      '2024-03-10T10:00:00.001Z',
      '2016-12-31T23:59:59.999999999Z',
    ];
    const shuffled = [ordered[3], ordered[1], ordered[0], ordered[2]] as string[];
    expect(shuffled.sort(compareInstants)).toEqual(ordered.slice(0, 4));
    expect(compareInstants('2016-12-31T23:59:59.999999999Z', '2016-12-31T23:59:60.000Z')).toBe(-1);
    expect(compareInstants('2016-12-31T23:59:60.500Z', '2017-01-01T00:00:00.000Z')).toBe(-1);
    expect(compareInstants('2024-03-10T10:00:00.000Z', '2024-03-10T10:00:00.000Z')).toBe(0);
  });

  it('gives the same canonical text and identity whatever the process time zone is', () => {
    // The built package, as a user runs it: each child process reads times in its own zone.
    const script = `
      const core = require(${JSON.stringify(join(__dirname, '../dist'))});
      const inputs = ['2024-03-10T10:00:00+01:00', '2024-03-10T10:00:00.000001Z', '2016-12-31T23:59:60Z'];
      const times = inputs.map((t) => core.normalizeInstant(t));
      const zoneless = (() => { try { core.normalizeInstant('2024-03-10T10:00:00'); return 'accepted'; } catch (e) { return e.code; } })();
      const delta = core.Delta.upsert('c', '1', { b: 1, a: 2 }, 's', { occurredAt: new Date(Date.UTC(2024, 2, 10)) });
      console.log(JSON.stringify({ times, zoneless, id: core.prepareDelta(delta).eventId }));`;
    const outputs = ['UTC', 'America/New_York', 'Asia/Tokyo'].map((TZ) => {
      const child = spawnSync(process.execPath, ['-e', script], {
        env: { ...process.env, TZ },
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout) as unknown;
    });
    expect(outputs[0]).toEqual({
      times: [
        '2024-03-10T09:00:00.000Z',
        '2024-03-10T10:00:00.000001Z',
        '2016-12-31T23:59:60.000Z',
      ],
      zoneless: 'INVALID_DELTA',
      id: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });
});

describe('canonical identity', () => {
  it('gives equal content one identity however its keys are ordered', () => {
    const a = prepareDelta({ ...base, payload: { b: 1, a: { y: [1, { q: 1, p: 2 }], x: 2 } } });
    const b = prepareDelta({ ...base, payload: { a: { x: 2, y: [1, { p: 2, q: 1 }] }, b: 1 } });
    expect(a.eventId).toBe(b.eventId);
    expect(a.payloadJson).toBe('{"a":{"x":2,"y":[1,{"p":2,"q":1}]},"b":1}');
    expect(b.payloadJson).toBe(a.payloadJson);
  });

  it('gives one instant one identity however it is spelled', () => {
    const utc = prepareDelta(base);
    const offset = prepareDelta({ ...base, occurredAt: '2024-03-10T11:00:00.000000+01:00' });
    expect(offset.delta.occurredAt).toBe('2024-03-10T10:00:00.000Z');
    expect(offset.eventId).toBe(utc.eventId);
  });

  it('sorts keys that look like integers as text, not in object order', () => {
    const json = prepareDelta({ ...base, payload: { b: 1, '10': 'x', '2': 'y' } }).payloadJson;
    expect(json).toBe('{"10":"x","2":"y","b":1}');
  });

  it('keeps the identity earlier releases gave data whose keys were already sorted', () => {
    // Release 0.1.0 hashed the payload's JSON text as given with the millisecond time.
    const delta = validateDelta({ ...base, payload: { a: 1, b: 'sorted' } });
    expect(eventIdOf(delta, '{"a":1,"b":"sorted"}')).toBe(prepareDelta(delta).eventId);
  });
});

describe('lossless numbers and ids', () => {
  it('keeps integers beyond 2^53 exact, as ids and in payloads', () => {
    const parsed = parseJson(
      '[{"id":9007199254740993,"n":12345678901234567890},{"id":9007199254740992}]',
    ) as {
      id: bigint;
      n: bigint;
    }[];
    const ids = parsed.map((record) => recordIdFrom(record.id));
    expect(ids).toEqual(['9007199254740993', '9007199254740992']);
    const prepared = prepareDelta({ ...base, payload: parsed[0] });
    expect(prepared.payloadJson).toBe('{"id":9007199254740993,"n":12345678901234567890}');
    expect(parseJson(prepared.payloadJson as string)).toEqual(parsed[0]);
  });

  it('refuses a JavaScript number beyond 2^53 as an id, saying the digits may be lost', () => {
    // The literal is the point: JavaScript has already turned it into 9007199254740992.
    // eslint-disable-next-line no-loss-of-precision
    expect(problemOf(() => recordIdFrom(9007199254740993))).toMatch(
      /beyond 2\^53.*parse the JSON losslessly/,
    );
    expect(recordIdFrom(42)).toBe('42');
    expect(problemOf(() => recordIdFrom(1.5))).toMatch(/not an integer or a string/);
  });

  it('parses numbers no double holds as values that validation refuses for their record only', () => {
    const page = parseJson('[{"v":1e400},{"v":0.10000000000000000000001},{"v":1.5}]') as {
      v: unknown;
    }[];
    expect(page[0]?.v).toBeInstanceOf(UnrepresentableNumber);
    expect(page[2]?.v).toBe(1.5);
    expect(problemOf(() => prepareDelta({ ...base, payload: page[0] }))).toMatch(
      /payload\.v is the number 1e400, which is out of range/,
    );
    expect(problemOf(() => prepareDelta({ ...base, payload: page[1] }))).toMatch(
      /more precision than a 64-bit float keeps/,
    );
    expect(stringifyJson(page[0])).toBe('{"v":1e400}');
  });

  it('parses text without long numbers exactly like JSON.parse', () => {
    const text = '{"a":[1,2.5,-3e-7,true,null,"x\\ud800"],"b":{"c":"d"}}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('writes canonical JSON that parses back to the same value', () => {
    const value = { z: [1n, -0, 2.5e-8, 'é\u0000\ud800'], a: { c: null, b: true } };
    const text = canonicalJson(value as never);
    expect(text).toBe('{"a":{"b":true,"c":null},"z":[1,0,2.5e-8,"é\\u0000\\ud800"]}');
    expect(canonicalJson(parseJson(text))).toBe(text);
  });

  it.each([
    ['keys that objects order as numbers', { '10': 1, '9': 2, b: 3 }, '{"10":1,"9":2,"b":3}'],
    [
      'an own __proto__ key',
      JSON.parse('{"z":1,"__proto__":{"y":2}}'),
      '{"__proto__":{"y":2},"z":1}',
    ],
    [
      'a bigint deep inside',
      { b: [{ d: 1, c: 2n ** 70n }], a: 0 },
      '{"a":0,"b":[{"c":1180591620717411303424,"d":1}]}',
    ],
    [
      'keys beyond ASCII, by code unit',
      { é: 1, e: 2, Z: 3, '\u{1F600}': 4, '\uFF5E': 5 },
      '{"Z":3,"e":2,"é":1,"\u{1F600}":4,"\uFF5E":5}',
    ],
  ])('writes canonical JSON for %s', (_, value, text) => {
    expect(canonicalJson(value as never)).toBe(text);
  });
});

describe('exact strings', () => {
  it.each([
    ['recordId', { ...base, recordId: 'x\ud800' }, /recordId contains a lone UTF-16 surrogate/],
    ['recordId', { ...base, recordId: 'a\u0000b' }, /recordId contains a NUL character/],
    ['resource', { ...base, resource: 'r\udc00' }, /resource contains a lone UTF-16 surrogate/],
    [
      'source',
      { ...base, provenance: { source: 's\u0000', confidence: 1 } },
      /provenance.source contains a NUL/,
    ],
    [
      'field name',
      { ...base, payload: { 'em\u0000ail': 1 } },
      /payload\["em\\u0000ail"\] contains a NUL/,
    ],
    ['field name', { ...base, payload: { '\ud83d': 1 } }, /contains a lone UTF-16 surrogate/],
  ])('refuses a %s that cannot be stored exactly', (_what, delta, problem) => {
    expect(problemOf(() => validateDelta(delta))).toMatch(problem);
  });

  it('keeps well-formed odd text as it is: pairs, right-to-left and combining marks', () => {
    const recordId = 'id-😀-\u202eabc-e\u0301';
    expect(Delta.upsert('r', recordId, { 'na\u0308me': 'x\ud800' }, 's').recordId).toBe(recordId);
  });
});
