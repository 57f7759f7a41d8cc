import { cellText } from './plain-value';
import type { Tabular } from './tabular';

/** How {@link renderTable} lays rows out. */
export interface TableOptions {
  /** Cells longer than this are cut with `…`; unlimited by default. */
  maxCellWidth?: number;
  /** Prints `(N rows)` after the table. Default true. */
  footer?: boolean;
}

/**
 * Rows as an aligned plain-text table: a header, a rule, one line per row, numbers right-aligned.
 * Line breaks inside cells are shown as `\n` so that every row stays on one line.
 *
 * @example
 * renderTable({ columns: ['name', 'open'], rows: [['Ada', 2]] });
 * // name  open
 * // ----  ----
 * // Ada       2
 * //
 * // (1 row)
 */
export function renderTable({ columns, rows }: Tabular, options: TableOptions = {}): string {
  const footer =
    options.footer === false ? '' : `\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
  if (columns.length === 0) return footer.trimStart();
  const cells = rows.map((row) => columns.map((_, index) => fit(cellText(row[index]), options)));
  const numeric = columns.map((_, index) => {
    const values = rows.map((row) => row[index]).filter((value) => value != null);
    return values.length > 0 && values.every((value) => typeof value === 'number');
  });
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => (line[index] as string).length)),
  );
  const format = (line: readonly string[], header: boolean): string =>
    line
      .map((text, index) => {
        const width = widths[index] as number;
        return !header && numeric[index] ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const body = cells.map((line) => format(line, false));
  return [format(columns, true), rule, ...body].join('\n') + '\n' + footer;
}

function fit(text: string, options: TableOptions): string {
  const oneLine = text.replace(/\r?\n/g, '\\n');
  const max = options.maxCellWidth;
  return max !== undefined && oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
