import type { SourceBackend, UpstreamRecord } from '@oxide-mirror/testing';
import { FakeshopApi } from '../src/fake-api/fakeshop-api';
import { FakeshopSource } from '../src/fakeshop-source';

/** The kit's upstream records as Fakeshop products; `value` is the price. */
function toProduct(record: UpstreamRecord) {
  return {
    id: record.id,
    name: record.name,
    price_cents: record.value,
    updated_at: record.updatedAt,
  };
}

/**
 * The source contract's adapter: a fake Fakeshop API on 127.0.0.1 that the kit fills, changes and
 * breaks, and the source under test reading it over real HTTP.
 */
export async function fakeshopBackend(pageSize = 3): Promise<SourceBackend> {
  const api = await FakeshopApi.start({ apiKey: 'contract-key' });
  return {
    pageSize,
    createSource: () =>
      new FakeshopSource({ id: 'fakeshop', baseUrl: api.url, apiKey: 'contract-key', pageSize }),
    put: (records) => api.upsert(records.map(toProduct)),
    remove: (id, at) => api.softDelete(id, at),
    failAfter: (pulls) => api.failAfter(pulls),
    recover: () => api.recover(),
    expectedRecord: (record) => ({
      resource: 'fakeshop_products',
      recordId: record.id,
      payload: { name: record.name, price_cents: record.value },
    }),
    close: () => api.close(),
  };
}
