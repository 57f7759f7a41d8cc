import type { QueryParams } from '@oxide-mirror/core';
import { AS_OF_TABLE } from '../as-of-table';
import { sqlTokens, type SqlToken } from './sql-lexer';

/** One `mirror_records_as_of(resource, as_of)` call whose arguments are known before it runs. */
export interface AsOfCall {
  resource: unknown;
  asOf: unknown;
}

/**
 * The `mirror_records_as_of` calls in `sql` whose two arguments are text literals or bound
 * parameters, with their values. Other calls (columns or expressions as arguments) are not
 * listed; the query process refuses them when it meets them.
 */
export function asOfCallsIn(sql: string, params: QueryParams | undefined): AsOfCall[] {
  const tokens = sqlTokens(sql);
  const indexes = parameterIndexes(tokens);
  const calls: AsOfCall[] = [];
  tokens.forEach((token, i) => {
    if (!isAsOfName(token) || !isSymbol(tokens[i + 1], '(')) return;
    const resource = tokens[i + 2];
    const asOf = tokens[i + 4];
    if (!isSymbol(tokens[i + 3], ',') || !isSymbol(tokens[i + 5], ')')) return;
    if (resource === undefined || asOf === undefined) return;
    const values = [resource, asOf].map((arg) => valueOf(arg, indexes.get(arg), params));
    if (values.every((value) => value.known)) {
      calls.push({ resource: values[0]?.value, asOf: values[1]?.value });
    }
  });
  return calls;
}

function isAsOfName(token: SqlToken): boolean {
  return (
    (token.kind === 'word' || token.kind === 'identifier') &&
    token.text.toLowerCase() === AS_OF_TABLE
  );
}

function isSymbol(token: SqlToken | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.text === symbol;
}

function valueOf(
  token: SqlToken,
  index: number | undefined,
  params: QueryParams | undefined,
): { known: boolean; value?: unknown } {
  if (token.kind === 'string') return { known: true, value: token.text };
  if (token.kind !== 'param' || params === undefined) return { known: false };
  if (Array.isArray(params)) {
    return index === undefined || index > params.length
      ? { known: false }
      : { known: true, value: params[index - 1] };
  }
  const name = token.text.slice(1);
  const named = params as Readonly<Record<string, unknown>>;
  return token.text.startsWith('?') || !(name in named)
    ? { known: false }
    : { known: true, value: named[name] };
}

/** The 1-based index SQLite gives each parameter token: `?` counts on, `?N` is N, names repeat. */
function parameterIndexes(tokens: readonly SqlToken[]): Map<SqlToken, number> {
  const indexes = new Map<SqlToken, number>();
  const names = new Map<string, number>();
  let largest = 0;
  for (const token of tokens) {
    if (token.kind !== 'param') continue;
    let index: number;
    if (token.text === '?') index = largest + 1;
    else if (token.text.startsWith('?')) index = Number(token.text.slice(1));
    else index = names.get(token.text) ?? largest + 1;
    if (!token.text.startsWith('?')) names.set(token.text, index);
    largest = Math.max(largest, index);
    indexes.set(token, index);
  }
  return indexes;
}
