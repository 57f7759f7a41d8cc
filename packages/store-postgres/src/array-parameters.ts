import { prepareValue } from 'pg/lib/utils';

/**
 * Array parameters in the text form node-postgres would send them, serialised now instead of
 * when the query goes out. A batch's big statements (its events and record states) are built
 * this way before the batch takes the log head, so that while it holds the head (see
 * `takePositions` in `log-head.ts`), which every other writer waits for, only PostgreSQL works.
 * The serialiser is node-postgres's own, so the text is exactly what the driver would have sent.
 * Payloads go as one JSON array instead ({@link jsonArrayOf}).
 */
export function serializedArrays(arrays: readonly (readonly unknown[])[]): (string | null)[] {
  return arrays.map((values) => prepareValue(values) as string | null);
}

/**
 * JSON texts as one JSON array, each element exactly as given (`null` for none): the form a
 * batch's payloads travel in. An array literal (`$1::jsonb[]`) would quote every payload and
 * escape each of its quotes and backslashes, then the driver would measure the long, patched
 * string once more before sending it; joining canonical texts costs a copy, and PostgreSQL's
 * `json_array_elements` hands each element's own text to `jsonb` unchanged, so what is stored
 * is what one `jsonb` cast per payload would have stored.
 */
export function jsonArrayOf(texts: readonly (string | null)[]): string {
  return `[${texts.map((text) => text ?? 'null').join(',')}]`;
}
