const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A row read with `safeIntegers` (SQLite's 64-bit integers arrive whole), changed in place so
 * that every integer is a `number` when it is a safe integer and a `bigint` beyond:
 * `9007199254740993` must not read `…992`.
 */
export function exactIntegersIn(row: unknown[]): unknown[] {
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE) row[i] = Number(value);
  }
  return row;
}

/** {@link exactIntegersIn} over rows as they stream. */
export function* exactIntegers(rows: Iterable<unknown[]>): Generator<unknown[]> {
  for (const row of rows) yield exactIntegersIn(row);
}
