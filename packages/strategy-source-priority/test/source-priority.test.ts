import { SourcePriority } from '@oxide-mirror/strategy-source-priority';
import {
  deleteAt,
  projectionSpec,
  recordAt,
  strategySpec,
  tombstoneAt,
  upsertAt,
} from '@oxide-mirror/testing';

const strategy = new SourcePriority({
  order: ['crm', 'billing'],
  byResource: { invoices: ['billing', 'crm'] },
});
const spec = strategySpec(strategy);
const from = (source: string, resource = 'items') => ({ source, resource });

describe('SourcePriority', () => {
  it('is named source-priority', () => {
    expect(strategy.name).toBe('source-priority');
  });

  it('applies any delta when the mirror never held the record', () => {
    spec
      .givenNoRecord()
      .whenDelta(upsertAt(1, '1', { n: 1 }, from('scraper')))
      .thenApplies();
    spec
      .givenNoRecord()
      .whenDelta(deleteAt(1, '1', from('billing')))
      .thenApplies();
  });

  it("lets a higher-priority source overwrite a lower one's data, even with an older delta", () => {
    spec
      .givenRecord(recordAt(9, from('billing')))
      .whenDelta(upsertAt(1, '1', { n: 1 }, from('crm')))
      .thenRecord({ source: 'crm', payload: { n: 1 }, version: 2 });
  });

  it("skips a lower-priority source's delta, even a newer one", () => {
    spec
      .givenRecord(recordAt(1, from('crm')))
      .whenDelta(upsertAt(9, '1', {}, from('billing')))
      .thenSkips();
  });

  it('orders deltas of one source by occurredAt, the incoming one winning a tie', () => {
    const held = spec.givenRecord(recordAt(5, from('billing')));
    held.whenDelta(upsertAt(6, '1', {}, from('billing'))).thenApplies();
    held.whenDelta(upsertAt(5, '1', {}, from('billing'))).thenApplies();
    held.whenDelta(upsertAt(4, '1', {}, from('billing'))).thenSkips();
  });

  it('ranks unlisted sources below listed ones, and equal among themselves', () => {
    spec
      .givenRecord(recordAt(1, from('scraper')))
      .whenDelta(upsertAt(0, '1', {}, from('billing')))
      .thenApplies();
    spec
      .givenRecord(recordAt(1, from('billing')))
      .whenDelta(upsertAt(9, '1', {}, from('scraper')))
      .thenSkips();
    const unlisted = spec.givenRecord(recordAt(5, from('scraper')));
    unlisted.whenDelta(upsertAt(6, '1', {}, from('import'))).thenApplies();
    unlisted.whenDelta(upsertAt(4, '1', {}, from('import'))).thenSkips();
  });

  it('applies the same rule to deletes', () => {
    spec
      .givenRecord(recordAt(1, from('crm')))
      .whenDelta(deleteAt(9, '1', from('billing')))
      .thenSkips();
    spec
      .givenRecord(recordAt(9, from('billing')))
      .whenDelta(deleteAt(1, '1', from('crm')))
      .thenRecord({ deleted: true, payload: null, source: 'crm' });
    spec
      .givenRecord(recordAt(5, from('crm')))
      .whenDelta(deleteAt(4, '1', from('crm')))
      .thenSkips();
  });

  it('keeps the priority of the deleting source in the tombstone', () => {
    spec
      .givenRecord(tombstoneAt(1, from('crm')))
      .whenDelta(upsertAt(9, '1', {}, from('billing')))
      .thenSkips();
    spec
      .givenRecord(tombstoneAt(9, from('billing')))
      .whenDelta(upsertAt(1, '1', {}, from('crm')))
      .thenApplies();
    spec
      .givenRecord(tombstoneAt(5, from('crm')))
      .whenDelta(upsertAt(4, '1', {}, from('crm')))
      .thenSkips();
  });

  it("uses a resource's own list where one is given, and the main order elsewhere", () => {
    spec
      .givenRecord(recordAt(1, from('crm', 'invoices')))
      .whenDelta(upsertAt(0, '1', {}, from('billing', 'invoices')))
      .thenApplies();
    spec
      .givenRecord(recordAt(1, from('billing', 'invoices')))
      .whenDelta(upsertAt(9, '1', {}, from('crm', 'invoices')))
      .thenSkips();
    expect(strategy.rankOf('invoices', 'billing')).toBe(0);
    expect(strategy.rankOf('contacts', 'billing')).toBe(1);
    expect(strategy.rankOf('contacts', 'scraper')).toBe(Number.POSITIVE_INFINITY);
  });

  it('treats a source missing from a resource list as unlisted for that resource', () => {
    const narrow = strategySpec(
      new SourcePriority({ order: ['crm', 'billing'], byResource: { invoices: ['billing'] } }),
    );
    narrow
      .givenRecord(recordAt(1, from('crm', 'invoices')))
      .whenDelta(upsertAt(0, '1', {}, from('billing', 'invoices')))
      .thenApplies();
    narrow
      .givenRecord(recordAt(1, from('billing', 'invoices')))
      .whenDelta(upsertAt(9, '1', {}, from('crm', 'invoices')))
      .thenSkips();
  });

  describe('through a real store', () => {
    const crm = upsertAt(1, 'a', { email: 'ada@crm.example' }, from('crm'));
    const billing = upsertAt(5, 'a', { email: 'ada@billing.example' }, from('billing'));

    it('keeps the higher-priority data whichever source syncs first', async () => {
      const expected = [{ recordId: 'a', source: 'crm', payload: { email: 'ada@crm.example' } }];
      await projectionSpec(strategy).given(crm).when(billing).thenRecords('items', expected);
      await projectionSpec(strategy).given(billing).when(crm).thenRecords('items', expected);
    });

    it('logs the skipped lower-priority delta in the record history', async () => {
      await projectionSpec(strategy)
        .given(crm)
        .when(billing, deleteAt(6, 'a', from('billing')))
        .thenHistory('items', 'a', [
          { source: 'crm', decision: 'applied', version: 1 },
          { source: 'billing', op: 'upsert', decision: 'skipped' },
          { source: 'billing', op: 'delete', decision: 'skipped' },
        ]);
    });
  });
});
