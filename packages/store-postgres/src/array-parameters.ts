import { prepareValue } from 'pg/lib/utils';

/**
 * Array parameters in the text form node-postgres would send them, serialised now instead of
 * when the query goes out. A batch's big statements (its events and record states, payloads
 * included) are built this way before the batch takes the log head: escaping thousands of JSON
 * payloads into array literals was most of the node time spent while holding it (see
 * `takePositions` in `log-head.ts`), and every other writer waits for that. The serialiser is
 * node-postgres's own, so the text is exactly what the driver would have sent.
 */
export function serializedArrays(arrays: readonly (readonly unknown[])[]): (string | null)[] {
  return arrays.map((values) => prepareValue(values) as string | null);
}
