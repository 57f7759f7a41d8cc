import type { MirroredIds } from '@oxide-mirror/core';
import type { KnownRecordIds } from './http-source-config';

/**
 * The `knownRecordIds` dependency of an {@link HttpSource}, read from the mirror's read-only
 * view (a plugin's `context.mirrored`, or any store): the live records of a resource whose latest
 * change came from the asking source (records another source owns are never deleted by this one).
 *
 * @example
 * const source = new HttpSource(config, { knownRecordIds: knownRecordIdsFrom(store) });
 */
export function knownRecordIdsFrom(mirrored: MirroredIds): KnownRecordIds {
  return (resource, sourceId) => mirrored.recordIds(resource, sourceId);
}
