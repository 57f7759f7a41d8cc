import type { MirrorStore } from '@oxide-mirror/core';
import type { KnownRecordIds } from './http-source-config';

const KNOWN_IDS_SQL =
  'SELECT record_id FROM mirror_records WHERE resource = ? AND source = ? AND record_id > ? ' +
  'ORDER BY record_id LIMIT ?';

/**
 * The `knownRecordIds` dependency of an {@link HttpSource}, read from a store: the live records
 * of a resource whose latest change came from the asking source (records another source owns
 * are never deleted by this one). Reads in keyset batches, so a store that bounds query rows
 * still answers in full; keep `batchSize` at or below the store's row limit (`maxRows`).
 *
 * @example
 * const source = new HttpSource(config, { knownRecordIds: knownRecordIdsFromStore(store) });
 */
export function knownRecordIdsFromStore(
  store: Pick<MirrorStore, 'query'>,
  batchSize = 5000,
): KnownRecordIds {
  return async (resource, sourceId) => {
    const ids: string[] = [];
    let after = '';
    for (;;) {
      const rows = await store.query(KNOWN_IDS_SQL, [resource, sourceId, after, batchSize]);
      if (rows.length === 0) return ids;
      for (const row of rows) ids.push(String(row.record_id));
      after = ids[ids.length - 1] as string;
    }
  };
}
