import { QueryNotReadOnlyError } from '@oxide-mirror/core';

/** Words a read-only query may start with. */
const READING_STATEMENTS = new Set(['select', 'with', 'values', 'table', 'explain']);

/**
 * Functions a reader may call in PostgreSQL but that act beyond reading: they reconfigure the
 * session, take locks that block writers, signal the change feed or other backends, or reach
 * files and other servers. The reader role and `READ ONLY` stop writes; these are refused here.
 */
const FORBIDDEN_FUNCTIONS = new Set([
  'set_config',
  'pg_notify',
  'pg_cancel_backend',
  'pg_terminate_backend',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_current_xact_id',
  'txid_current',
  'pg_stat_file',
  'pg_file_write',
  'pg_logical_emit_message',
  'pg_switch_wal',
  'pg_create_restore_point',
]);

/** Prefixes of function families refused for the same reasons. */
const FORBIDDEN_PREFIXES = [
  'pg_advisory',
  'pg_try_advisory',
  'pg_read_',
  'pg_ls_',
  'lo_',
  'dblink',
];

/** Spans skipped while looking for names: comments, strings, dollar-quoted text. */
const SKIPPED = /--[^\n]*|[eE]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|(\$[A-Za-z_]*\$)[\s\S]*?\1/y;
const QUOTED_NAME = /"((?:[^"]|"")*)"/y;
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const UNICODE_ESCAPED = /[uU]&["']/y;

/** Runs sticky `pattern` at `at`: the match there, or null. */
function matchAt(pattern: RegExp, sql: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(sql);
}

/** The identifiers of `sql`, lower-cased unless quoted, skipping strings and comments. */
function identifiersOf(sql: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      i += blockCommentLength(sql.slice(i));
      continue;
    }
    if (matchAt(UNICODE_ESCAPED, sql, i) !== null) {
      throw new QueryNotReadOnlyError('Unicode-escaped names and strings (U&) are not accepted');
    }
    const skipped = matchAt(SKIPPED, sql, i);
    if (skipped !== null) {
      i += skipped[0].length;
      continue;
    }
    const quoted = matchAt(QUOTED_NAME, sql, i);
    if (quoted !== null) {
      names.push((quoted[1] as string).replace(/""/g, '"'));
      i += quoted[0].length;
      continue;
    }
    const word = matchAt(WORD, sql, i);
    if (word !== null) {
      names.push(word[0].toLowerCase());
      i += word[0].length;
      continue;
    }
    i++;
  }
  return names;
}

/** Length of a (nestable) block comment at the start of `text`; unterminated: all of it. */
function blockCommentLength(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * Refuses SQL that is not one reading statement or that names a function acting beyond reading.
 * What it lets through still runs as the reader role in a `READ ONLY` transaction, so this is
 * the second wall, not the only one: the database refuses every write itself.
 */
export function checkReadOnlySql(sql: string): void {
  if (typeof sql !== 'string' || sql.trim() === '')
    throw new QueryNotReadOnlyError('the query is empty');
  const names = identifiersOf(sql);
  const first = names[0];
  if (first === undefined || !READING_STATEMENTS.has(first)) {
    throw new QueryNotReadOnlyError(
      `only SELECT, WITH, VALUES, TABLE and EXPLAIN run here, not ${first ?? 'this'}`,
    );
  }
  for (const name of names) {
    const lower = name.toLowerCase();
    if (
      FORBIDDEN_FUNCTIONS.has(lower) ||
      FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix))
    ) {
      throw new QueryNotReadOnlyError(`${name} acts beyond reading the mirror`);
    }
  }
}
