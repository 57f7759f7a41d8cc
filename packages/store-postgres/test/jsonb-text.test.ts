import { Delta, type StoredEvent } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import type { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { describeWithPostgres, openTestStore } from './postgres-server';

const strategy = new LastWriteWins();
const at = '2026-01-01T00:00:00.000Z';

describeWithPostgres('payloads jsonb cannot hold', () => {
  let store: PostgresMirrorStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(() => store.close());

  it('sets a lone surrogate aside as a reject, naming where it is, and lands the rest', async () => {
    const lone = Delta.upsert('notes', 'n1', { body: { text: 'x\ud800' } }, 'crm', {
      occurredAt: at,
    });
    const fine = Delta.upsert('notes', 'n2', { body: { text: 'x\ud83d\ude00' } }, 'crm', {
      occurredAt: at,
    });
    const outcomes = await store.applyBatch([lone, fine], strategy, { onInvalid: 'reject' });
    expect(outcomes.map((outcome) => outcome.decision)).toEqual(['rejected', 'applied']);
    const [reject] = await store.listRejects();
    expect(reject?.reason).toBe(
      'payload.body.text holds a lone UTF-16 surrogate, which PostgreSQL cannot store in jsonb',
    );
    expect((await store.getRecord('notes', 'n2'))?.payload).toEqual({
      body: { text: 'x\ud83d\ude00' },
    });
    await expect(store.applyBatch([lone], strategy)).rejects.toMatchObject({
      code: 'INVALID_DELTA',
    });
  });

  it('sets a NUL character aside, in a value or in a key, instead of failing the page', async () => {
    const inValue = Delta.upsert('notes', 'n1', { body: ['ok', 'a\u0000b'] }, 'crm', {
      occurredAt: at,
    });
    const inKey = Delta.upsert('notes', 'n2', { meta: { 'k\u0000': 1 } }, 'crm', {
      occurredAt: at,
    });
    // A backslash before "u0000" is text, not a NUL: it is stored as it is.
    const lookalike = Delta.upsert('notes', 'n3', { body: 'C:\\u0000', quote: 'say "hi"' }, 'crm', {
      occurredAt: at,
    });
    const outcomes = await store.applyBatch([inValue, inKey, lookalike], strategy, {
      onInvalid: 'reject',
    });
    expect(outcomes.map((outcome) => outcome.decision)).toEqual([
      'rejected',
      'rejected',
      'applied',
    ]);
    expect((await store.listRejects()).map((reject) => reject.reason).sort()).toEqual([
      'payload.body[1] holds a NUL character (U+0000), which PostgreSQL cannot store in jsonb',
      'payload.meta key "k\\u0000" holds a NUL character (U+0000), which PostgreSQL cannot store in jsonb',
    ]);
    expect((await store.getRecord('notes', 'n3'))?.payload).toEqual({
      body: 'C:\\u0000',
      quote: 'say "hi"',
    });
  });

  it('refuses to import an event whose payload holds one, before writing anything', async () => {
    const event: StoredEvent = {
      position: 1,
      eventId: 'a'.repeat(40),
      delta: Delta.upsert('notes', 'n1', { list: ['ok', 'x\udc00'] }, 'crm', { occurredAt: at }),
      recordedAt: at,
      schemaVersion: 1,
    };
    await expect(store.importBatch({ events: [event] }, strategy)).rejects.toMatchObject({
      code: 'IMPORT_REFUSED',
      message: expect.stringContaining('payload.list[1] holds a lone UTF-16 surrogate'),
    });
    expect(await store.eventCount()).toBe(0);
  });
});
