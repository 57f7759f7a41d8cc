import type pg from 'pg';

/**
 * Hands out log positions at the end of a batch's transaction, from the one row of
 * `mirror_log_head`.
 *
 * Why a counter row and not a sequence: positions must appear to readers in commit order with
 * no gaps — a projection or reader that has read up to N must never later find a committed event
 * below N. A sequence hands out numbers when a transaction asks, not when it commits: writer A
 * takes 1–100, writer B takes 101–200 and commits first, a reader sees 101–200, then A commits
 * 1–100 below what the reader already passed (and an aborted transaction leaves a gap for good).
 *
 * `UPDATE … RETURNING` on the counter row locks it until the transaction ends, so the next writer
 * gets its numbers only after this one has committed (PostgreSQL makes a commit visible before it
 * releases the transaction's locks) or rolled back (the counter rolls back too: no gap). Writers
 * therefore do all their reading and deciding first — duplicate checks, record locks, the
 * strategy, rejects and the cursor — and even serialise their statements' parameters first
 * (see `serializedArrays`), then take the counter as late as possible, so they hold it only
 * while PostgreSQL inserts the events and record states and commits. That part stays under the
 * counter because the rows carry their positions; moving it out would take positions kept
 * apart from the rows (a per-batch commit row readers add to) or transaction-id watermarks, and
 * both would make every reader of the log compute positions or order by transaction. While
 * three writers spend most of their time outside it (building pages, deciding), they overlap.
 */
export async function takePositions(client: pg.PoolClient, count: number): Promise<number> {
  const { rows } = await client.query<{ position: number }>({
    name: 'oxide_mirror_take_positions',
    text: 'UPDATE mirror_log_head SET position = position + $1 RETURNING position',
    values: [count],
  });
  const last = (rows[0] as { position: number }).position;
  return last - count + 1;
}

/** The last committed position; 0 for an empty log. */
export async function headPosition(pool: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await pool.query<{ position: number }>('SELECT position FROM mirror_log_head');
  return (rows[0] as { position: number }).position;
}
