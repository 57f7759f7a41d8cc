import { cellText } from './plain-value';
import type { Tabular } from './tabular';

/** A field as RFC 4180 wants it: quoted when it holds a comma, quote, line break or edge space. */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV with a header line. NULL is an empty field; JSON values are written as JSON text. */
export function renderCsv({ columns, rows }: Tabular): string {
  if (columns.length === 0) return '';
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) {
    lines.push(columns.map((_, index) => csvField(cellText(row[index]))).join(','));
  }
  return lines.join('\n') + '\n';
}
