import { describeStrategy, type StrategyIdentity } from './store/strategy-identity';

/** Stable machine-readable codes of every {@link MirrorError}. */
export type MirrorErrorCode =
  | 'INVALID_DELTA'
  | 'UNKNOWN_SOURCE'
  | 'QUERY_NOT_READ_ONLY'
  | 'QUERY_FAILED'
  | 'SOURCE_PROTOCOL'
  | 'SYNC_FAILED'
  | 'STRATEGY_FAILED'
  | 'STORE_CLOSED'
  | 'INVALID_SOURCE'
  | 'MIGRATION_FAILED'
  | 'INVALID_PLUGIN_OPTIONS'
  | 'INVALID_OPTIONS'
  | 'STORE_BUSY'
  | 'STRATEGY_REQUIRED'
  | 'QUERY_TIMEOUT'
  | 'QUERY_LIMIT'
  | 'SYNC_IN_PROGRESS'
  | 'STORE_FULL'
  | 'STORE_READ_ONLY'
  | 'QUERY_MEMORY'
  | 'QUERY_BUSY'
  | 'NOT_A_MIRROR'
  | 'SCHEMA_TOO_NEW'
  | 'STREAM_CANNOT_RESUME'
  | 'STRATEGY_MISMATCH'
  | 'NO_MIRROR'
  | 'IMPORT_REFUSED'
  | 'COPY_REFUSED'
  | 'COPY_MISMATCH'
  | 'WRITER_THREAD_FAILED'
  | 'EARLIER_BATCH_FAILED';

/**
 * Base class of every error the mirror raises on purpose. `code` is stable across
 * releases, so callers branch on it rather than on messages.
 */
export class MirrorError extends Error {
  /** Stable code naming the kind of failure. */
  readonly code: MirrorErrorCode;

  constructor(code: MirrorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A delta is malformed; `field` names what is wrong (for example `payload.tags`). */
export class InvalidDeltaError extends MirrorError {
  /** Path of the offending field inside the delta. */
  readonly field: string;
  /** What is wrong with the field. */
  readonly problem: string;

  constructor(field: string, problem: string, where = 'invalid delta') {
    super('INVALID_DELTA', `${where}: ${field} ${problem}`);
    this.field = field;
    this.problem = problem;
  }

  /** The same error, saying which delta of a batch it is about. */
  at(index: number, resource?: unknown, recordId?: unknown): InvalidDeltaError {
    const record =
      typeof resource === 'string' && typeof recordId === 'string'
        ? ` (${resource}/${recordId})`
        : '';
    return new InvalidDeltaError(this.field, this.problem, `invalid delta #${index}${record}`);
  }
}

/** A sync named a source that was never registered. */
export class UnknownSourceError extends MirrorError {
  /** The id that was asked for. */
  readonly sourceId: string;

  constructor(sourceId: string, known: readonly string[]) {
    const list = known.length > 0 ? known.join(', ') : 'none';
    super('UNKNOWN_SOURCE', `unknown source '${sourceId}' (registered: ${list})`);
    this.sourceId = sourceId;
  }
}

/** SQL given to a read-only entry point could change something, or is not a single read. */
export class QueryNotReadOnlyError extends MirrorError {
  /** Why the query was refused, without the common prefix. */
  readonly reason: string;

  constructor(reason: string) {
    super('QUERY_NOT_READ_ONLY', `query refused: ${reason}`);
    this.reason = reason;
  }
}

/** A read-only query was accepted but SQLite could not run it (syntax, unknown table, …). */
export class QueryFailedError extends MirrorError {
  /** SQLite's (or the store's) reason, without the common prefix. */
  readonly reason: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super('QUERY_FAILED', `query failed: ${message}`, options);
    this.reason = message;
  }
}

/** A read-only query ran longer than its time limit and was stopped. */
export class QueryTimeoutError extends MirrorError {
  constructor(timeoutMs: number) {
    super('QUERY_TIMEOUT', `query stopped: it ran longer than the ${timeoutMs} ms limit`);
  }
}

/** A read-only query's result is larger than the caller allowed (see `runQuery` for a cut result). */
export class QueryLimitError extends MirrorError {
  constructor(problem: string) {
    super('QUERY_LIMIT', `query result too large: ${problem}`);
  }
}

/** A read-only query needed more memory than its budget and was stopped. */
export class QueryMemoryError extends MirrorError {
  constructor(budgetBytes: number) {
    super(
      'QUERY_MEMORY',
      `query stopped: it needed more than its ${Math.round(budgetBytes / 1048576)} MiB memory budget ` +
        '(sorts and temporary tables count too); narrow it with WHERE or LIMIT',
    );
  }
}

/** Every query slot and queue place is taken: the query was not started; retry shortly. */
export class QueryBusyError extends MirrorError {
  constructor(running: number, waiting: number) {
    super(
      'QUERY_BUSY',
      `query refused: busy, retry shortly (${running} queries running and ${waiting} waiting, the most allowed)`,
    );
  }
}

/** A source broke the pull protocol (a cursor that never moves, endless empty pages, …). */
export class SourceProtocolError extends MirrorError {
  /** The misbehaving source. */
  readonly sourceId: string;

  constructor(sourceId: string, problem: string) {
    super('SOURCE_PROTOCOL', `source '${sourceId}' ${problem}`);
    this.sourceId = sourceId;
  }
}

/**
 * A source's live stream cannot start from the cursor it was given (its history no longer
 * reaches back that far, or the cursor is a pull cursor it cannot read). The Syncer then catches
 * up with `pull` and opens the stream again from the cursor that leaves.
 */
export class StreamResumeError extends MirrorError {
  /** The source whose stream cannot resume. */
  readonly sourceId: string;

  constructor(sourceId: string, cursor: string | undefined, reason: string) {
    super(
      'STREAM_CANNOT_RESUME',
      `source '${sourceId}' cannot resume its stream from cursor ${JSON.stringify(cursor ?? null)}: ${reason}`,
    );
    this.sourceId = sourceId;
  }
}

/** A conflict strategy threw or returned something that is not a resolution. */
export class StrategyError extends MirrorError {
  constructor(strategy: string, problem: string, options?: { cause?: unknown }) {
    super('STRATEGY_FAILED', `strategy '${strategy}' ${problem}`, options);
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends MirrorError {
  constructor() {
    super('STORE_CLOSED', 'the mirror store is closed');
  }
}

/** A plugin's options from config are invalid; `field` is the path of the bad option. */
export class PluginOptionsError extends MirrorError {
  /** Path of the offending option, for example `resources[0].url`. */
  readonly field: string;

  constructor(plugin: string, field: string, problem: string) {
    super('INVALID_PLUGIN_OPTIONS', `plugin '${plugin}': option ${field} ${problem}`);
    this.field = field;
  }
}

/** Another process (or another store in this one) is syncing the same source right now. */
export class SyncInProgressError extends MirrorError {
  constructor(source: string, holder: string) {
    super(
      'SYNC_IN_PROGRESS',
      `source '${source}' is already being synced by ${holder}; try again when it ends`,
    );
  }
}

/** The database reached its configured size limit; the batch that hit it was not written. */
export class StoreFullError extends MirrorError {
  constructor(limitBytes: number | undefined, options?: { cause?: unknown }) {
    const limit = limitBytes === undefined ? 'the disk' : `${limitBytes} bytes`;
    super(
      'STORE_FULL',
      `the mirror is full (${limit}); nothing of the failed batch was written`,
      options,
    );
  }
}

/** A write was asked of a store opened read-only. */
export class StoreReadOnlyError extends MirrorError {
  constructor(operation: string) {
    super('STORE_READ_ONLY', `the mirror was opened read-only and cannot ${operation}`);
  }
}

/** A file given as a mirror is something else; it was left exactly as it was. */
export class NotAMirrorError extends MirrorError {
  constructor(path: string, problem: string) {
    super(
      'NOT_A_MIRROR',
      `${path} is not an oxide-mirror database (${problem}); it was not changed. ` +
        'Point the command at a mirror, or at a new path to create one with `sync`',
    );
  }
}

/** The mirror was made by a newer release, whose schema this one does not know. */
export class SchemaTooNewError extends MirrorError {
  constructor(path: string, version: number, known: number) {
    super(
      'SCHEMA_TOO_NEW',
      `${path} was made by a newer oxide-mirror release (schema version ${version}; this ` +
        `release knows up to ${known}); upgrade oxide-mirror to open it. The file was not changed`,
    );
  }
}

/**
 * A sync, or a store opened, with another strategy than the one that built `mirror_records`:
 * extending the projection with it would give records no single replay of the log gives.
 */
export class StrategyMismatchError extends MirrorError {
  /** The projection's strategy, as recorded. */
  readonly recorded: StrategyIdentity;
  /** The strategy that was given. */
  readonly given: StrategyIdentity;

  constructor(recorded: StrategyIdentity, given: StrategyIdentity) {
    const was = describeStrategy(recorded);
    const now = describeStrategy(given);
    super(
      'STRATEGY_MISMATCH',
      `mirror_records was built with strategy ${was}, not ${now}: use ${was}, or switch to ` +
        `${now} with \`oxide-mirror rebuild --strategy ${given.name}\`, which rebuilds the ` +
        'records with it and records it',
    );
    this.recorded = recorded;
    this.given = given;
  }
}

/** The store was asked to open an existing mirror and there is none where it looked. */
export class NoMirrorError extends MirrorError {
  constructor(where: string) {
    super('NO_MIRROR', `no mirror at ${where}`);
  }
}

/** Events, cursors or rejects given to `importBatch` that a store cannot take as they are. */
export class ImportRefusedError extends MirrorError {
  constructor(problem: string) {
    super('IMPORT_REFUSED', `import refused: ${problem}`);
  }
}

/** A copy into a store that holds something other than an unfinished copy of the same mirror. */
export class CopyRefusedError extends MirrorError {
  constructor(problem: string) {
    super('COPY_REFUSED', `copy refused: ${problem}`);
  }
}

/** A finished copy whose records differ from the original's: the copy cannot be trusted. */
export class CopyMismatchError extends MirrorError {
  constructor(problem: string) {
    super('COPY_MISMATCH', `the copy differs from the original: ${problem}`);
  }
}

/**
 * A batch a store took while an earlier batch of the same source was still being written, and
 * did not write because that one failed: the source's pages land in order or not at all.
 */
export class EarlierBatchFailedError extends MirrorError {
  /** The source whose earlier batch failed. */
  readonly source: string;

  constructor(source: string) {
    super(
      'EARLIER_BATCH_FAILED',
      `not written: an earlier batch of source '${source}' failed while this one waited; ` +
        'syncing again resumes from the last cursor that committed',
    );
    this.source = source;
  }
}
