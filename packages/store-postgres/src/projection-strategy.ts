import type pg from 'pg';
import {
  StrategyMismatchError,
  strategyIdentityOf,
  strategyIdentityText,
  type ConflictStrategy,
  type StrategyIdentity,
} from '@oxide-mirror/core';

/** The `mirror_meta` key under which the projection's strategy is recorded. */
const PROJECTION_STRATEGY = 'projection_strategy';

/**
 * The record of which strategy built `mirror_records`, kept in `mirror_meta` beside the data it
 * shapes. Checked inside each write's transaction, so a rebuild by another process with another
 * strategy is seen by the next batch of every writer.
 */
export class ProjectionStrategy {
  /** Identity text per strategy object: computed once, compared once per batch. */
  private readonly texts = new WeakMap<ConflictStrategy, string>();

  /** The recorded strategy, if a write or an open recorded one. */
  async read(client: pg.Pool | pg.PoolClient): Promise<StrategyIdentity | undefined> {
    const text = await this.recorded(client);
    return text === undefined ? undefined : (JSON.parse(text) as StrategyIdentity);
  }

  /**
   * Lets `strategy` extend the projection: records it when none is recorded (unless
   * `recordIfNone` is false), refuses it with {@link StrategyMismatchError} when another is. Two
   * first writers at once record one: the second finds the first's row.
   */
  async accept(
    client: pg.Pool | pg.PoolClient,
    strategy: ConflictStrategy,
    recordIfNone = true,
  ): Promise<void> {
    const given = this.textOf(strategy);
    let recorded = await this.recorded(client);
    if (recorded === given) return;
    if (recorded === undefined) {
      if (!recordIfNone) return;
      await client.query(
        'INSERT INTO mirror_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [PROJECTION_STRATEGY, given],
      );
      recorded = await this.recorded(client);
      if (recorded === given) return;
    }
    throw new StrategyMismatchError(
      JSON.parse(recorded as string) as StrategyIdentity,
      strategyIdentityOf(strategy),
    );
  }

  /** Records `strategy` as the projection's, whatever was recorded (a rebuild's swap). */
  async record(client: pg.PoolClient, strategy: ConflictStrategy): Promise<void> {
    await client.query(
      `INSERT INTO mirror_meta (key, value) VALUES ($1, $2)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [PROJECTION_STRATEGY, this.textOf(strategy)],
    );
  }

  private async recorded(client: pg.Pool | pg.PoolClient): Promise<string | undefined> {
    const { rows } = await client.query<{ value: string }>({
      name: 'oxide_mirror_projection_strategy',
      text: 'SELECT value FROM mirror_meta WHERE key = $1',
      values: [PROJECTION_STRATEGY],
    });
    return rows[0]?.value;
  }

  private textOf(strategy: ConflictStrategy): string {
    let text = this.texts.get(strategy);
    if (text === undefined) {
      text = strategyIdentityText(strategyIdentityOf(strategy));
      this.texts.set(strategy, text);
    }
    return text;
  }
}
