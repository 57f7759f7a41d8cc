import { HttpSource, type HttpResourceConfig } from '@oxide-mirror/source-http';
import type { SourceBackend, UpstreamRecord } from '@oxide-mirror/testing';
import { FakeApiServer, type FakeRecord } from './fake-api-server';

const COLLECTION = 'items';
const TOKEN = 'contract-token-3f9a';

/** How the contract's HTTP source reads the fake API. */
export interface ContractBackendOptions {
  /** Records per page. */
  pageSize: number;
  /** Whether the listing's `updated_since` bound follows each committed page. */
  seek: boolean;
}

/** The kit's upstream record as the fake API serves it. */
function toApiRecord(record: UpstreamRecord): FakeRecord {
  return { id: record.id, updated_at: record.updatedAt, name: record.name, value: record.value };
}

/** A keyset-cursor listing read incrementally, with deletes from the deleted-records endpoint. */
function itemsResource({ pageSize, seek }: ContractBackendOptions): HttpResourceConfig {
  return {
    name: COLLECTION,
    path: `/${COLLECTION}/cursor`,
    query: { limit: String(pageSize) },
    recordsAt: 'data',
    idField: 'id',
    updatedAtField: 'updated_at',
    pagination: { kind: 'next-cursor', cursorPath: 'meta.next_cursor', param: 'cursor' },
    incremental: { param: 'updated_since', seek },
    deletes: {
      endpoint: {
        path: `/${COLLECTION}/deleted`,
        recordsAt: 'deleted',
        deletedAtField: 'deleted_at',
        sinceParam: 'since',
      },
    },
  };
}

/**
 * The source contract's adapter: the fake API on 127.0.0.1, behind a bearer token, read by an
 * `HttpSource` over real HTTP. While failing, every request is answered with a 503; the source
 * retries once after a millisecond, so a failure surfaces at once instead of after real backoff.
 */
export async function httpContractBackend(options: ContractBackendOptions): Promise<SourceBackend> {
  const api = await FakeApiServer.start({ token: TOKEN });
  // One pull is one request here: pages of the kit's records are never empty.
  let requestsBeforeFailing = Number.POSITIVE_INFINITY;
  api.onRequest(() => {
    if (requestsBeforeFailing <= 0) api.fail({ kind: 'status', status: 503 });
    else requestsBeforeFailing -= 1;
  });
  return {
    pageSize: options.pageSize,
    createSource: () =>
      new HttpSource(
        {
          id: 'api',
          baseUrl: api.url,
          headers: { Authorization: 'Bearer {env:API_TOKEN}' },
          retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
          timeoutMs: 5000,
          resources: [itemsResource(options)],
        },
        { env: { API_TOKEN: TOKEN } },
      ),
    put: (records) => api.put(COLLECTION, ...records.map(toApiRecord)),
    remove: (id, at) => api.remove(COLLECTION, id, at),
    failAfter: (pulls) => {
      requestsBeforeFailing = pulls;
    },
    recover: () => {
      requestsBeforeFailing = Number.POSITIVE_INFINITY;
    },
    expectedRecord: (record) => ({
      resource: COLLECTION,
      recordId: record.id,
      payload: toApiRecord(record),
    }),
    close: () => api.close(),
  };
}
