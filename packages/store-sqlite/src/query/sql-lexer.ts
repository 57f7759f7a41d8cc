/** A word of SQL outside strings, quoted identifiers and comments, upper-cased. */
export interface SqlWord {
  word: string;
  /** The next character that is not white space, or '' at the end. */
  next: string;
}

/**
 * A token of SQL text: a bare `word` (upper-cased), a `string` literal (its value), a quoted
 * `identifier` (its name), a `param`eter (`?`, `?3`, `:name`, `@name`, `$name`, as written) or
 * one `symbol` character. Comments and white space are dropped.
 */
export interface SqlToken {
  kind: 'word' | 'string' | 'identifier' | 'param' | 'symbol';
  text: string;
}

const QUOTE_ENDS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/**
 * Splits SQL text into tokens in one linear pass, so that checks never mistake `';'` or
 * `-- DROP` for SQL. Every character is looked at once: the cost is bounded by the text's length.
 */
export function sqlTokens(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const end = QUOTE_ENDS[ch];
    if (/\s/.test(ch)) i++;
    else if (ch === '-' && text[i + 1] === '-') i = indexAfter(text, '\n', i + 2);
    else if (ch === '/' && text[i + 1] === '*') i = indexAfter(text, '*/', i + 2);
    else if (end !== undefined) {
      const quoted = readQuoted(text, i, end);
      tokens.push({ kind: ch === "'" ? 'string' : 'identifier', text: quoted.value });
      i = quoted.end;
    } else if (/[A-Za-z_]/.test(ch)) {
      const stop = runOf(text, i + 1, /[A-Za-z0-9_$]/);
      tokens.push({ kind: 'word', text: text.slice(i, stop).toUpperCase() });
      i = stop;
    } else if (
      ch === '?' ||
      ((ch === ':' || ch === '@' || ch === '$') && /\w/.test(text[i + 1] ?? ''))
    ) {
      const stop = runOf(text, i + 1, /[A-Za-z0-9_$]/);
      tokens.push({ kind: 'param', text: text.slice(i, stop) });
      i = stop;
    } else {
      tokens.push({ kind: 'symbol', text: ch });
      i++;
    }
  }
  return tokens;
}

/** Lists the bare words of a SQL text with the character that follows each. */
export function sqlWords(text: string): SqlWord[] {
  const tokens = sqlTokens(text);
  const words: SqlWord[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'word') return;
    const following = tokens[index + 1];
    words.push({ word: token.text, next: following === undefined ? '' : firstCharOf(following) });
  });
  return words;
}

function firstCharOf(token: SqlToken): string {
  if (token.kind === 'string') return "'";
  if (token.kind === 'identifier') return '"';
  return token.text[0] ?? '';
}

function indexAfter(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? text.length : at + end.length;
}

function runOf(text: string, from: number, pattern: RegExp): number {
  let i = from;
  while (i < text.length && pattern.test(text[i] as string)) i++;
  return i;
}

/** Reads a quoted run whose closing quote is escaped by doubling it (`[…]` cannot be escaped). */
function readQuoted(text: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch !== quote) {
      value += ch;
      i++;
    } else if (quote !== ']' && text[i + 1] === quote) {
      value += quote;
      i += 2;
    } else return { value, end: i + 1 };
  }
  return { value, end: text.length };
}
