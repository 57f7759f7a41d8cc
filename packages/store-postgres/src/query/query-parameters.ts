import { QueryFailedError, type QueryParams } from '@oxide-mirror/core';

/** Spans where a `?` or a name is text, not a parameter: comments, strings, quoted names. */
const LITERAL =
  /--[^\n]*|\/\*[\s\S]*?\*\/|[eE]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|(\$[A-Za-z_]*\$)[\s\S]*?\1/y;
/** A placeholder: `?`, or `@name`, `:name` (not a `::` cast) and `$name`. */
const PLACEHOLDER = /\?|(?<!:)[@:$]([A-Za-z_][A-Za-z0-9_]*)/y;

/**
 * `sql` with the contract's placeholders — positional `?` or named `@name`, `:name`, `$name`,
 * as the SQLite store takes them — turned into PostgreSQL's `$1, $2, …`, and the values in that
 * order. Without parameters the SQL runs as written (so jsonb's `?` operator still works), and
 * SQL already written with `$1` keeps it.
 */
export function positionalSql(
  sql: string,
  params: QueryParams | undefined,
): { text: string; values: unknown[] } {
  if (params === undefined) return { text: sql, values: [] };
  const positional = Array.isArray(params);
  if (positional && /\$\d/.test(sql)) return { text: sql, values: [...params] };
  const values: unknown[] = [];
  const slots = new Map<string, number>();
  let text = '';
  let i = 0;
  let next = 0;
  while (i < sql.length) {
    LITERAL.lastIndex = i;
    const literal = LITERAL.exec(sql);
    if (literal !== null) {
      text += literal[0];
      i += literal[0].length;
      continue;
    }
    PLACEHOLDER.lastIndex = i;
    const placeholder = PLACEHOLDER.exec(sql);
    const name = placeholder?.[1];
    if (placeholder !== null && (positional ? name === undefined : name !== undefined)) {
      text += `$${slotOf(name, params, values, slots, next++)}`;
      i += placeholder[0].length;
      continue;
    }
    text += sql[i];
    i++;
  }
  if (positional && next !== params.length) {
    throw new QueryFailedError(
      `the query has ${next} ? placeholders but ${params.length} parameters were given`,
    );
  }
  return { text, values };
}

function slotOf(
  name: string | undefined,
  params: QueryParams,
  values: unknown[],
  slots: Map<string, number>,
  index: number,
): number {
  if (name === undefined) {
    values.push((params as readonly unknown[])[index]);
    return values.length;
  }
  const known = slots.get(name);
  if (known !== undefined) return known;
  const named = params as Readonly<Record<string, unknown>>;
  if (!Object.prototype.hasOwnProperty.call(named, name)) {
    throw new QueryFailedError(`no value was given for the parameter ${name}`);
  }
  values.push(named[name]);
  slots.set(name, values.length);
  return values.length;
}
