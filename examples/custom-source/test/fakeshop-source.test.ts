import { SourceProtocolError, Syncer, type Delta } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { FakeshopApi } from '../src/fake-api/fakeshop-api';
import { FakeshopApiError } from '../src/fakeshop-api-error';
import { FakeshopSource } from '../src/fakeshop-source';

const at = (minute: number): string => new Date(Date.UTC(2024, 4, 1, 9, minute)).toISOString();
const product = (id: string, minute: number, price = 100) => ({
  id,
  name: `Product ${id}`,
  price_cents: price,
  updated_at: at(minute),
});

describe('FakeshopSource', () => {
  let api: FakeshopApi;
  beforeEach(async () => {
    api = await FakeshopApi.start({ apiKey: 'k' });
  });
  afterEach(() => api.close());

  const source = (options: Partial<ConstructorParameters<typeof FakeshopSource>[0]> = {}) =>
    new FakeshopSource({ id: 'shop', baseUrl: api.url, apiKey: 'k', pageSize: 2, ...options });

  it('turns products into upserts of name and price, timed by updated_at', async () => {
    api.upsert([product('p1', 1, 250)]);
    const page = await source().pull(undefined);
    expect(page.deltas).toEqual<Delta[]>([
      {
        resource: 'fakeshop_products',
        recordId: 'p1',
        op: 'upsert',
        payload: { name: 'Product p1', price_cents: 250 },
        occurredAt: at(1),
        provenance: { source: 'shop', confidence: 1 },
      },
    ]);
    expect(page.hasMore).toBe(false);
  });

  it('turns a deleted product into a delete at its deletion time', async () => {
    api.upsert([product('p1', 1)]);
    api.softDelete('p1', at(7));
    const [delta] = (await source().pull(undefined)).deltas;
    expect(delta).toMatchObject({ op: 'delete', recordId: 'p1', payload: null, occurredAt: at(7) });
  });

  it('follows page tokens, then resumes from the newest time, inclusively', async () => {
    api.upsert([product('p1', 1), product('p2', 2), product('p3', 3)]);
    const shop = source();
    const first = await shop.pull(undefined);
    expect(first).toMatchObject({ hasMore: true });
    const second = await shop.pull(first.nextCursor);
    expect(second.deltas.map((delta) => delta.recordId)).toEqual(['p3']);
    expect(JSON.parse(second.nextCursor ?? '')).toEqual({ since: at(3) });
    await shop.pull(second.nextCursor);
    expect(api.requests).toEqual([
      '/v1/products?limit=2',
      `/v1/products?limit=2&page_token=${JSON.parse(first.nextCursor ?? '').page}`,
      `/v1/products?limit=2&updated_since=${encodeURIComponent(at(3))}`,
    ]);
  });

  it('starts at the since option when there is no cursor', async () => {
    api.upsert([product('p1', 1), product('p2', 5)]);
    const page = await source({ since: at(4) }).pull(undefined);
    expect(page.deltas.map((delta) => delta.recordId)).toEqual(['p2']);
  });

  it('syncs into a store and picks up only later changes next time', async () => {
    api.upsert([product('p1', 1), product('p2', 2), product('p3', 3)]);
    const store = await SqliteMirrorStore.inMemory();
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    const shop = source();
    expect(await syncer.syncWith(shop)).toMatchObject({ applied: 3, pages: 2 });
    api.upsert([product('p2', 9, 999)]);
    expect(await syncer.syncWith(shop)).toMatchObject({ applied: 1, duplicates: 1 });
    expect((await store.getRecord('fakeshop_products', 'p2'))?.payload).toEqual({
      name: 'Product p2',
      price_cents: 999,
    });
    await store.close();
  });

  it('sends the API key, and rejects with the status when the API refuses it', async () => {
    const pull = source({ apiKey: 'wrong' }).pull(undefined);
    await expect(pull).rejects.toBeInstanceOf(FakeshopApiError);
    await expect(pull).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('401'),
    });
  });

  it('rejects when the API is down, rather than returning an empty page', async () => {
    api.failAfter(0);
    await expect(source().pull(undefined)).rejects.toMatchObject({ status: 503 });
  });

  it('refuses a cursor it never wrote', async () => {
    await expect(source().pull('page-7')).rejects.toBeInstanceOf(SourceProtocolError);
    await expect(source().pull('{"since":5}')).rejects.toThrow(/cannot resume from cursor/);
  });

  it('refuses a malformed API answer, naming the product', async () => {
    api.upsert([{ ...product('p1', 1), price_cents: 'free' as unknown as number }]);
    await expect(source().pull(undefined)).rejects.toThrow(/malformed product at data\[0\]/);
  });

  it('stops a pull when the engine aborts it', async () => {
    const controller = new AbortController();
    controller.abort(new Error('sync stopped'));
    await expect(source().pull(undefined, { signal: controller.signal, page: 1 })).rejects.toThrow(
      'sync stopped',
    );
  });
});
