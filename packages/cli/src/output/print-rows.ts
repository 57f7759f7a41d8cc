import { stringifyJson } from '@oxide-mirror/core';
import type { CommandRuntime } from '../command-runtime';
import { renderCsv } from './csv';
import { jsonCell } from './json-cell';
import { plainRow } from './plain-value';
import { renderTable } from './table';
import { objectsOf, tabularOf, type Tabular } from './tabular';

/** The output formats of commands that print rows. */
export interface RowFormatOptions {
  json?: boolean;
  csv?: boolean;
}

function mapValues(
  row: Record<string, unknown>,
  map: (value: unknown) => unknown,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, map(value)]));
}

/** Widest cell on a terminal; long JSON payloads would otherwise push every column off screen. */
const TERMINAL_CELL_WIDTH = 60;

/**
 * Prints rows as a table (cells cut to fit when stdout is a terminal, whole otherwise), as a
 * JSON array of objects, or as CSV.
 */
export function printRows(
  runtime: CommandRuntime,
  rows: Tabular | readonly Readonly<Record<string, unknown>>[],
  format: RowFormatOptions,
): void {
  const data = Array.isArray(rows) ? tabularOf(rows) : (rows as Tabular);
  if (format.json === true) {
    // Lossless: a big integer prints as its digits, as a JSON number; JSON text as JSON.
    const objects = objectsOf(data).map((row) => mapValues(plainRow(row), jsonCell));
    runtime.out(`${stringifyJson(objects, 2)}\n`);
  } else if (format.csv === true) {
    runtime.out(renderCsv(data));
  } else {
    const maxCellWidth = runtime.io.stdout.isTTY === true ? TERMINAL_CELL_WIDTH : undefined;
    runtime.out(renderTable(data, { maxCellWidth }));
  }
}
