/**
 * The value at a dotted `path` inside parsed JSON (`data.items`, `meta.next`, `items.0.id`); a
 * negative index counts from the end of an array (`data.-1.id` is the last record's id), and an
 * empty path is the value itself. Only own properties are read, so a path such as `constructor`
 * finds nothing rather than a prototype member.
 *
 * @example
 * readPath({ meta: { next: 'abc' } }, 'meta.next'); // 'abc'
 * readPath({ data: [{ id: 1 }, { id: 2 }] }, 'data.-1.id'); // 2
 */
export function readPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '') return value;
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (Array.isArray(current) && /^-\d+$/.test(segment)) {
      current = current[current.length + Number(segment)];
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
