/** Rows in column order, as SQLite returns them: column names may repeat. */
export interface Tabular {
  columns: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/**
 * Object rows as {@link Tabular}, with `columns` in the given order or else in the order the
 * rows' keys are first seen.
 */
export function tabularOf(
  objects: readonly Readonly<Record<string, unknown>>[],
  columns?: readonly string[],
): Tabular {
  const names = columns ?? [...new Set(objects.flatMap((object) => Object.keys(object)))];
  return { columns: names, rows: objects.map((object) => names.map((name) => object[name])) };
}

/** {@link Tabular} rows as objects; a repeated column name keeps its last value, as in SQLite's JSON. */
export function objectsOf({ columns, rows }: Tabular): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(columns.map((column, index) => [column, row[index]])),
  );
}
