import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/** A fingerprint of the database file and its WAL: any write would change it. */
export function fingerprint(path: string): string {
  const hash = createHash('sha256').update(readFileSync(path));
  if (existsSync(`${path}-wal`)) hash.update(readFileSync(`${path}-wal`));
  return hash.digest('hex');
}

/**
 * `depth` CTEs, each joining the previous one to itself and marked NOT MATERIALIZED: SQLite
 * inlines them while it compiles, so compilation alone takes time and memory that double at
 * every level (measured here: 14 levels, 1 KB of SQL, 22 s before SQLite gave up).
 */
export function nestedCtes(depth: number): string {
  const parts = ['c0 AS NOT MATERIALIZED (SELECT 1 AS x UNION ALL SELECT 2)'];
  for (let i = 1; i < depth; i++) {
    parts.push(
      `c${i} AS NOT MATERIALIZED (SELECT a.x FROM c${i - 1} a, c${i - 1} b WHERE a.x = b.x)`,
    );
  }
  return `WITH ${parts.join(', ')} SELECT count(*) FROM c${depth - 1}`;
}

/** The indexes of `promises` in the order they settled. */
export async function settledInOrder(promises: readonly Promise<unknown>[]): Promise<number[]> {
  const order: number[] = [];
  await Promise.all(
    promises.map((promise, index) =>
      promise.then(
        () => order.push(index),
        () => order.push(index),
      ),
    ),
  );
  return order;
}
