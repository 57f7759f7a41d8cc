/**
 * Formats rows as a Markdown table with padded columns, readable in a terminal and pasteable
 * into BENCHMARKS.md. Columns whose header starts with a space are right-aligned (numbers).
 *
 * @example
 * markdownTable([' deltas/s', 'measurement'], [['135,000', 'raw bare']]);
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const right = headers.map((header) => header.startsWith(' '));
  const titles = headers.map((header) => header.trim());
  const widths = titles.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        return right[column] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (right[column] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(titles), rule, ...rows.map(line)].join('\n');
}
