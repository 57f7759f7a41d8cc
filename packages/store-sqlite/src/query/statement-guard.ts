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

const WRITE_REFUSAL = 'the statement would write to the database';

/** Words that only a statement changing data can hold (INSERT, UPDATE, DELETE, REPLACE INTO). */
function writesByWords(sql: string): boolean {
  return sqlWords(sql).some(
    ({ word, next }, index, words) =>
      word === 'INSERT' ||
      word === 'UPDATE' ||
      word === 'DELETE' ||
      (word === 'REPLACE' && next !== '(' && words[index + 1]?.word === 'INTO'),
  );
}

/** Arities the refusing replacements are registered with, besides "any number". */
const ARITIES = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Replaces the functions of {@link FORBIDDEN_FUNCTIONS} on `db` by ones that refuse. SQLite
 * resolves a function by name whatever its spelling (`"fts3_tokenizer"(…)`, `[edit](…)`), and
 * the function registered last for a name and arity is the one called, so no quoting gets past
 * this. Each is registered for every small arity too: SQLite prefers an exact arity over
 * "any number", and FTS3 registers `fts3_tokenizer` with one and two arguments.
 */
export function forbidFunctions(db: Database): void {
  for (const upper of FORBIDDEN_FUNCTIONS) {
    const name = upper.toLowerCase();
    const refuse = (): never => {
      throw new QueryNotReadOnlyError(`the function ${name}() is not allowed`);
    };
    db.function(name, { varargs: true }, refuse);
    for (const arity of ARITIES) {
      db.function(
        name,
        Object.defineProperty(() => refuse(), 'length', { value: arity }),
      );
    }
  }
}

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
    if (error instanceof QueryNotReadOnlyError) throw error;
    const message = messageOf(error);
    if (/more than one statement/i.test(message)) {
      throw new QueryNotReadOnlyError('only one statement may be run at a time');
    }
    // A write SQLite cannot compile (on a view, on a table that does not exist) is still a
    // write: the caller learns that writes are refused, not why this one would have failed.
    if (writesByWords(sql)) throw new QueryNotReadOnlyError(WRITE_REFUSAL);
    throw new QueryFailedError(message, { cause: error });
  }
  if (!statement.readonly) throw new QueryNotReadOnlyError(WRITE_REFUSAL);
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
