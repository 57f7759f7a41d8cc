import { Delta, InvalidDeltaError } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { memoryStore, upsertAt } from './fixtures';

const valid = (): Record<string, unknown> => ({
  ...Delta.upsert('pets', '2', { name: 'Max' }, 'petstore'),
});

const cases: [string, string, (delta: Record<string, unknown>) => void][] = [
  ['an empty resource', 'resource', (d) => (d.resource = '')],
  ['an empty record id', 'recordId', (d) => (d.recordId = '')],
  ['an unknown op', 'op', (d) => (d.op = 'patch')],
  ['an upsert payload that is an array', 'payload', (d) => (d.payload = [1, 2])],
  ['an upsert payload that is null', 'payload', (d) => (d.payload = null)],
  ['a NaN inside the payload', 'payload.weight', (d) => (d.payload = { weight: NaN })],
  [
    'a confidence of NaN',
    'provenance.confidence',
    (d) => (d.provenance = { source: 'p', confidence: NaN }),
  ],
  [
    'a confidence above 1',
    'provenance.confidence',
    (d) => (d.provenance = { source: 'p', confidence: 1.5 }),
  ],
  [
    'a confidence below 0',
    'provenance.confidence',
    (d) => (d.provenance = { source: 'p', confidence: -0.1 }),
  ],
  ['an occurredAt that is not a time', 'occurredAt', (d) => (d.occurredAt = 'yesterday')],
  ['a missing provenance', 'provenance', (d) => delete d.provenance],
];

describe('invalid deltas', () => {
  let store: SqliteMirrorStore;
  beforeEach(async () => {
    store = await memoryStore();
    await store.applyDelta(upsertAt(1, 'kept', { name: 'kept' }), new LastWriteWins());
  });
  afterEach(() => store.close());

  it.each(cases)(
    'refuses %s, naming %s, and writes nothing of its batch',
    async (_, field, corrupt) => {
      const bad = valid();
      corrupt(bad);
      const batch = [upsertAt(2, 'first', { name: 'ok' }), bad as never];
      const error = await store.applyBatch(batch, new LastWriteWins()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidDeltaError);
      expect(error).toMatchObject({ field, message: expect.stringContaining('#1') });
      expect(await store.eventCount()).toBe(1);
      expect(await store.getRecord('contacts', 'first')).toBeUndefined();
      expect((await store.getRecord('contacts', 'kept'))?.payload).toEqual({ name: 'kept' });
    },
  );

  it('refuses a payload over the configured size limit', async () => {
    const limited = await SqliteMirrorStore.inMemory({ limits: { maxPayloadBytes: 100 } });
    const big = upsertAt(1, 'a', { text: 'x'.repeat(200) });
    await expect(limited.applyDelta(big, new LastWriteWins())).rejects.toThrow(
      /payload is \d+ bytes of JSON \(limit 100\)/,
    );
    expect(await limited.eventCount()).toBe(0);
    await limited.close();
  });

  it('stores lone surrogates and odd Unicode and reads them back exactly', async () => {
    const payload = { lone: '\ud800', emoji: '👩‍💻', nul: 'a\u0000b', rtl: '\u202eabc' };
    await store.applyDelta(Delta.upsert('odd', 'ключ-🔑', payload, 'p'), new LastWriteWins());
    expect((await store.getRecord('odd', 'ключ-🔑'))?.payload).toEqual(payload);
  });
});
