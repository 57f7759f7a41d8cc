import { parseJson } from '@oxide-mirror/core';

/** A source plugin's own reading of its cursors (`SourcePlugin.describeCursor`). */
export type CursorDescriber = (cursor: string) => string | undefined;

/** Longest summary or excerpt shown; the stored value is one `--raw` away. */
const SUMMARY_WIDTH = 80;

/** Longest value quoted inside a summary (an opaque token, an id). */
const VALUE_WIDTH = 24;

/** Keys whose values locate nothing a person reads: validators, links, digests, versions. */
const NOISE_KEY = /etag|url|href|link|hash|digest|signature|snapshot|^v$|version/i;

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** `2024-06-01T00:05:00.000Z` as `2024-06-01T00:05Z`: seconds only where they are not zero. */
function shortTime(iso: string): string {
  return iso.replace(/:00(\.0+)?(?=Z$|[+-]\d\d:?\d\d$)/, '');
}

/** A located value as a person says it, from the name of its key. */
function phrase(key: string, value: string | number | bigint): string | undefined {
  const text = cut(String(value), VALUE_WIDTH);
  if (/page/i.test(key)) return `page ${text}`;
  if (/offset|skip/i.test(key)) return `offset ${text}`;
  if (/after|since_?id|last_?id|^id$|id$/i.test(key)) return `after id ${text}`;
  if (/cursor|token|next|position|seq|marker/i.test(key)) return `at ${text}`;
  return undefined;
}

/** The scalar leaves of a JSON value, each with the name of the key holding it. */
function leaves(value: unknown, key = ''): [string, unknown][] {
  if (NOISE_KEY.test(key)) return [];
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([name, item]) => leaves(item, name));
  }
  return [[key, value]];
}

/** What a JSON cursor's content says: its newest time and the positions its keys name. */
function describeJson(value: unknown): string | undefined {
  const facts = new Set<string>();
  let newest: string | undefined;
  for (const [key, leaf] of leaves(value)) {
    if (typeof leaf === 'string' && ISO_TIME.test(leaf)) {
      if (newest === undefined || Date.parse(leaf) > Date.parse(newest)) newest = leaf;
    } else if (
      typeof leaf === 'number' ||
      typeof leaf === 'bigint' ||
      (typeof leaf === 'string' && leaf.length > 0)
    ) {
      const said = phrase(key, leaf);
      if (said !== undefined) facts.add(said);
    }
  }
  const parts = [...(newest === undefined ? [] : [`since ${shortTime(newest)}`]), ...facts];
  return parts.length === 0 ? undefined : parts.join(', ');
}

/**
 * A stored cursor as a short readable line, from its content alone: an ISO time reads
 * `since 2024-06-01T00:05Z`, JSON reads as its newest time and the positions its keys name
 * (`page 7`, `after id 123`), anything else is cut to a readable length with `…`.
 */
export function genericCursorSummary(cursor: string): string {
  const text = cursor.trim();
  if (ISO_TIME.test(text)) return `since ${shortTime(text)}`;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const said = describeJson(parseJson(text));
      if (said !== undefined) return cut(said, SUMMARY_WIDTH);
    } catch {
      // Not JSON after all: shown as text below.
    }
  }
  return cut(text.replace(/\s+/g, ' '), SUMMARY_WIDTH);
}

/**
 * The summary of `cursor`: the source plugin's own reading when it has one, else
 * {@link genericCursorSummary}. A plugin that fails or has nothing to say gets the generic one.
 */
export function cursorSummary(cursor: string, describe?: CursorDescriber): string {
  try {
    const own = describe?.(cursor);
    if (typeof own === 'string' && own.trim() !== '') return own.replace(/\s+/g, ' ').trim();
  } catch {
    // A broken describer must not hide the cursor: the generic summary still says something.
  }
  return genericCursorSummary(cursor);
}
