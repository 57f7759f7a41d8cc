import type { QueryRow } from '@oxide-mirror/core';

/**
 * Formats query rows as an aligned plain-text table: a header, a rule, one line per row.
 * Numbers are right-aligned so amounts line up; NULL shows as `NULL`, as in `sqlite3`.
 * Hand-rolled because `console.table` quotes strings and adds an index column.
 */
export function formatTable(rows: readonly QueryRow[]): string {
  const first = rows[0];
  if (first === undefined) return '(no rows)';
  const columns = Object.keys(first);
  const cells = rows.map((row) => columns.map((column) => cellText(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => (line[index] ?? '').length)),
  );
  const numeric = columns.map((column) => rows.every((row) => typeof row[column] === 'number'));
  const line = (texts: readonly string[]): string =>
    texts
      .map((text, index) => {
        const width = widths[index] ?? 0;
        return numeric[index] ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(columns), rule, ...cells.map(line)].join('\n');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'string' ? value : String(value);
}
