import type { Database, Statement } from 'better-sqlite3';
import { QueryFailedError, QueryNotReadOnlyError } from '@oxide-mirror/core';
import { sqlWords } from './sql-lexer';

/** Statements a query may be: reads only. */
const READ_STATEMENTS = new Set(['SELECT', 'WITH', 'VALUES', 'EXPLAIN', 'PRAGMA']);

/** Pragmas that only describe the database; every other pragma statement is refused. */
const READ_PRAGMAS = new Set([
  'TABLE_INFO',
  'TABLE_XINFO',
  'TABLE_LIST',
  'INDEX_LIST',
  'INDEX_INFO',
  'INDEX_XINFO',
  'FOREIGN_KEY_LIST',
  'USER_VERSION',
  'SCHEMA_VERSION',
  'PAGE_COUNT',
  'PAGE_SIZE',
  'FREELIST_COUNT',
  'ENCODING',
  'COMPILE_OPTIONS',
  'COLLATION_LIST',
  'FUNCTION_LIST',
  'MODULE_LIST',
  'PRAGMA_LIST',
  'INTEGRITY_CHECK',
  'QUICK_CHECK',
]);

/** Functions that reach outside the database and are never allowed in a query. */
const FORBIDDEN_FUNCTIONS = new Set([
  'LOAD_EXTENSION',
  'READFILE',
  'WRITEFILE',
  'EDIT',
  'FTS3_TOKENIZER',
]);

/**
 * Prepares `sql` on a read-only connection once SQLite itself has judged it a single statement
 * that is read-only (`sqlite3_stmt_readonly`) and returns rows. A few things SQLite calls
 * read-only are refused by name: ATTACH/DETACH and BEGIN (they reconfigure the connection),
 * pragma assignments and extension loading. Throws {@link QueryNotReadOnlyError}, or
 * {@link QueryFailedError} for SQL SQLite cannot compile.
 */
export function prepareReadOnly(db: Database, sql: string): Statement {
  if (typeof sql !== 'string' || sql.trim().length === 0) {
    throw new QueryNotReadOnlyError('the SQL text is empty');
  }
  checkWords(sql);
  let statement: Statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    const message = messageOf(error);
    if (/more than one statement/i.test(message)) {
      throw new QueryNotReadOnlyError('only one statement may be run at a time');
    }
    throw new QueryFailedError(message, { cause: error });
  }
  if (!statement.readonly)
    throw new QueryNotReadOnlyError('the statement would write to the database');
  if (!statement.reader) {
    throw new QueryNotReadOnlyError(
      'the statement returns no rows (only SELECT-like reads are allowed)',
    );
  }
  return statement;
}

function checkWords(sql: string): void {
  const words = sqlWords(sql);
  const first = words[0]?.word;
  if (first === undefined) throw new QueryNotReadOnlyError('the SQL text has no statement');
  if (!READ_STATEMENTS.has(first))
    throw new QueryNotReadOnlyError(`${first} statements are not allowed`);
  if (first === 'PRAGMA') {
    const pragma = words[1];
    if (sql.includes('=')) throw new QueryNotReadOnlyError('pragma assignments are not allowed');
    if (pragma === undefined || !READ_PRAGMAS.has(pragma.word)) {
      throw new QueryNotReadOnlyError(
        `PRAGMA ${pragma?.word ?? ''} is not allowed; only descriptive pragmas are`,
      );
    }
  }
  for (const { word, next } of words) {
    if (FORBIDDEN_FUNCTIONS.has(word) && next === '(') {
      throw new QueryNotReadOnlyError(`the function ${word.toLowerCase()}() is not allowed`);
    }
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
