/**
 * The deltas of `log-0.1.0.db`: release 0.1.0 applied them, in this order, with `LastWriteWins`
 * through `SqliteMirrorStore.open` and one `applyBatch`; that mirror is the fixture (identities over the payload's
 * JSON text as given, times cut to milliseconds). Upgraded stores must recognise every one of
 * them when a source sends them again, however they were spelled.
 */
export const LEGACY_DELTAS: readonly unknown[] = [
  {
    resource: 'crm_contacts',
    recordId: '1',
    op: 'upsert',
    payload: { name: 'Ada', email: 'ada@example.com', tags: { vip: true, since: 2019 } },
    occurredAt: '2024-03-10T10:00:00.000Z',
    provenance: { source: 'crm', confidence: 1 },
  },
  {
    resource: 'crm_contacts',
    recordId: '2',
    op: 'upsert',
    payload: { zeta: 1, alpha: [3, { y: 1, x: 2 }], '10': 'ten', '2': 'two' },
    occurredAt: '2024-03-10T10:00:01.500Z',
    provenance: { source: 'crm', confidence: 0.75 },
  },
  {
    resource: 'crm_contacts',
    recordId: '3',
    op: 'upsert',
    payload: { a: 1, b: 'sorted already' },
    occurredAt: '2024-03-10T10:00:02.000001Z',
    provenance: { source: 'crm', confidence: 1 },
  },
  {
    resource: 'crm_contacts',
    recordId: '3',
    op: 'delete',
    payload: null,
    occurredAt: '2024-03-10T12:00:00+02:00',
    provenance: { source: 'crm', confidence: 1 },
  },
  {
    resource: 'tickets',
    recordId: 'T-1',
    op: 'upsert',
    payload: { title: 'Printer on fire', status: 'open', price: 12.5 },
    occurredAt: '2024-03-11T09:30:00Z',
    provenance: { source: 'desk', confidence: 1 },
  },
];
