import { Syncer, type JsonObject, type MirrorStore, type QueryRow } from '@oxide-mirror/core';
import {
  HttpSource,
  knownRecordIdsFrom,
  type HttpResourceConfig,
  type HttpSourceConfig,
  type HttpSourceDependencies,
} from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { FakeApiServer, type FakeRecord } from './fake-api-server';
import { FakeTime } from './fake-time';

/** The credential every harness source sends; it must never be stored or shown. */
export const SECRET = 'tok-7Hq2-DO-NOT-LEAK-9x';

/** A fake API, a real in-memory mirror and a syncer, wired together. */
export interface Harness {
  server: FakeApiServer;
  store: SqliteMirrorStore;
  syncer: Syncer;
  time: FakeTime;
  /** An HTTP source named `api` for the harness's server, with fast retries and fake time. */
  source(
    resources: HttpResourceConfig[],
    overrides?: Partial<HttpSourceConfig>,
    deps?: HttpSourceDependencies,
  ): HttpSource;
  close(): Promise<void>;
}

/** Starts a harness; close it in `afterEach`. */
export async function startHarness(): Promise<Harness> {
  const server = await FakeApiServer.start({ token: SECRET });
  const store = await SqliteMirrorStore.inMemory();
  const syncer = new Syncer({ store, strategy: new LastWriteWins() });
  const time = new FakeTime();
  return {
    server,
    store,
    syncer,
    time,
    source: (resources, overrides = {}, deps = {}) =>
      new HttpSource(
        {
          id: 'api',
          baseUrl: server.url,
          headers: { Authorization: 'Bearer {env:API_TOKEN}' },
          retry: { maxAttempts: 3, baseDelayMs: 4, maxDelayMs: 20 },
          timeoutMs: 5000,
          resources,
          ...overrides,
        },
        {
          env: { API_TOKEN: SECRET },
          clock: time.clock,
          sleep: time.sleep,
          random: () => 0.5,
          knownRecordIds: knownRecordIdsFrom(store),
          ...deps,
        },
      ),
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

/** `count` records `<prefix>1…`, updated one minute apart from `start` unless `sameTime`. */
export function makeRecords(
  count: number,
  options: { prefix?: string; start?: string; sameTime?: boolean } = {},
): FakeRecord[] {
  const start = Date.parse(options.start ?? '2024-03-01T10:00:00.000Z');
  return Array.from({ length: count }, (_, i) => ({
    id: `${options.prefix ?? 'r'}${i + 1}`,
    updated_at: new Date(start + (options.sameTime ? 0 : i * 60_000)).toISOString(),
    name: `record ${i + 1}`,
    tags: { rank: i + 1 },
  }));
}

/** The live records of `resource` in the mirror, id to payload. */
export async function mirrorOf(
  store: MirrorStore,
  resource: string,
): Promise<Record<string, JsonObject>> {
  const result: Record<string, JsonObject> = {};
  for (const record of await store.listRecords(resource)) {
    if (record.payload !== null) result[record.recordId] = record.payload;
  }
  return result;
}

/** Event ids logged more than once: must always be empty. */
export async function duplicateEvents(store: MirrorStore): Promise<QueryRow[]> {
  return store.query(
    'SELECT event_id, count(*) AS n FROM mirror_events GROUP BY event_id HAVING count(*) > 1',
  );
}

/** Every row the mirror stores (events, records, cursors), as text. */
export async function everythingStored(store: MirrorStore): Promise<string> {
  const tables = ['mirror_events', 'mirror_record_state', 'mirror_cursors', 'mirror_resources'];
  const rows = await Promise.all(tables.map((table) => store.query(`SELECT * FROM ${table}`)));
  return JSON.stringify(rows);
}

/** The message of an error and all of its causes. */
export function messagesOf(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) {
    parts.push(`${current.name}: ${current.message}`, JSON.stringify(current));
  }
  return parts.join('\n');
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}
