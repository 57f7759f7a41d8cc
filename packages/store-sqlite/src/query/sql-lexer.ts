/** A word of SQL outside strings, quoted identifiers and comments, upper-cased. */
export interface SqlWord {
  word: string;
  /** The next character that is not white space, or '' at the end. */
  next: string;
}

/**
 * Lists the bare words of a SQL text, skipping string literals, quoted identifiers and
 * comments, so that checks never mistake `';'` or `-- DROP` for SQL.
 */
export function sqlWords(text: string): SqlWord[] {
  const words: SqlWord[] = [];
  let i = 0;
  const skipUntil = (end: string, from: number): number => {
    const at = text.indexOf(end, from);
    return at < 0 ? text.length : at + end.length;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '-' && text[i + 1] === '-') i = skipUntil('\n', i + 2);
    else if (ch === '/' && text[i + 1] === '*') i = skipUntil('*/', i + 2);
    else if (ch === "'" || ch === '"' || ch === '`') i = skipQuoted(text, i, ch);
    else if (ch === '[') i = skipUntil(']', i + 1);
    else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_$]/.test(text[i] as string)) i++;
      let j = i;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      words.push({ word: text.slice(start, i).toUpperCase(), next: text[j] ?? '' });
    } else i++;
  }
  return words;
}

/** Skips a quoted run whose quote is escaped by doubling it. */
function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}
