import type { Database, Statement } from 'better-sqlite3';
import {
  StrategyMismatchError,
  strategyIdentityOf,
  strategyIdentityText,
  type ConflictStrategy,
  type StrategyIdentity,
} from '@oxide-mirror/core';
import { PROJECTION_STRATEGY } from './schema/meta-keys';
import { writeMeta } from './store-meta';

/**
 * The record of which strategy built `mirror_records`, kept in `mirror_meta` beside the data it
 * shapes. Read inside each write's transaction, so a rebuild by another process is seen at once.
 */
export class ProjectionStrategy {
  /** Identity text per strategy object: computed once, compared once per batch. */
  private readonly texts = new WeakMap<ConflictStrategy, string>();
  /** Prepared once: every batch reads it. */
  private readonly recordedText: Statement<[string], string | undefined>;

  constructor(private readonly db: Database) {
    this.recordedText = db.prepare<[string], string | undefined>(
      'SELECT value FROM mirror_meta WHERE key = ?',
    );
    this.recordedText.pluck();
  }

  /** The recorded strategy, if any write recorded one. */
  read(): StrategyIdentity | undefined {
    const text = this.recordedText.get(PROJECTION_STRATEGY);
    return text === undefined ? undefined : (JSON.parse(text) as StrategyIdentity);
  }

  /**
   * Lets `strategy` extend the projection: records it when none is recorded (unless
   * `recordIfNone` is false), refuses it with {@link StrategyMismatchError} when another is.
   */
  accept(strategy: ConflictStrategy, recordIfNone = true): void {
    const given = this.textOf(strategy);
    const recorded = this.recordedText.get(PROJECTION_STRATEGY);
    if (recorded === given) return;
    if (recorded === undefined) {
      if (recordIfNone) writeMeta(this.db, PROJECTION_STRATEGY, given);
      return;
    }
    throw new StrategyMismatchError(
      JSON.parse(recorded) as StrategyIdentity,
      strategyIdentityOf(strategy),
    );
  }

  /** Records `strategy` as the projection's, whatever was recorded (a rebuild). */
  record(strategy: ConflictStrategy): void {
    writeMeta(this.db, PROJECTION_STRATEGY, this.textOf(strategy));
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
