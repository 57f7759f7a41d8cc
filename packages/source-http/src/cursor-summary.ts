import { decodeCursor, type CursorState, type LanePosition } from './cursor-state';

/** Longest page token shown; opaque tokens and next-page URLs are often long and say little. */
const TOKEN_WIDTH = 24;

/** `2024-06-01T00:05:00.000Z` as `2024-06-01T00:05Z`: seconds only where they are not zero. */
function shortTime(iso: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d)(:\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (match === null) return iso;
  const seconds = (match[2] ?? '').replace(/\.0+$/, '');
  return `${match[1] as string}${seconds === ':00' ? '' : seconds}${match[3] as string}`;
}

function shortToken(token: string | number): string {
  const text = String(token);
  return text.length > TOKEN_WIDTH ? `${text.slice(0, TOKEN_WIDTH - 1)}…` : text;
}

/** The resource a walk key belongs to (`contacts#deleted` belongs to `contacts`). */
function resourceOf(walk: string): string {
  return walk.split('#')[0] as string;
}

/** Per resource, the oldest watermark of its walks: what the next sync reads after. */
function sinceByResource(marks: Readonly<Record<string, string>>): Map<string, string> {
  const since = new Map<string, string>();
  for (const [walk, mark] of Object.entries(marks)) {
    const resource = resourceOf(walk);
    const known = since.get(resource);
    if (known === undefined || Date.parse(mark) < Date.parse(known)) since.set(resource, mark);
  }
  return since;
}

function describeMarks(marks: Readonly<Record<string, string>>): string {
  const since = sinceByResource(marks);
  const times = [...new Set(since.values())];
  if (times.length === 0) return 'no watermark: the next sync reads everything';
  if (times.length === 1) return `since ${shortTime(times[0] as string)}`;
  return [...since].map(([resource, mark]) => `${resource} since ${shortTime(mark)}`).join(', ');
}

function describeLane(resource: string, position: LanePosition | null, state: CursorState): string {
  if (position === null) return `${resource} done`;
  const { pass, walk } = position;
  const listing = walk.endsWith('#deleted') ? `${resource} (deleted)` : resource;
  const token = pass.token;
  const where =
    token === undefined
      ? 'first page'
      : typeof token === 'number'
        ? `page token ${token}`
        : `after ${shortToken(token)}`;
  const from = pass.from ?? state.marks[walk];
  const since = from === undefined ? '' : ` since ${shortTime(from)}`;
  return `${listing} ${where}${pass.n > 1 ? ` (pass ${pass.n})` : ''}${since}`;
}

/**
 * A short readable summary of an HTTP source's cursor, for status displays: between syncs the
 * watermarks (`since 2024-06-01T00:05Z`), during one each resource's position
 * (`sync in progress: contacts page token 7 since 2024-06-01T00:05Z; tickets done`). Undefined
 * for a cursor this source did not write.
 */
export function describeHttpCursor(cursor: string): string | undefined {
  let state: CursorState;
  try {
    state = decodeCursor('cursor', cursor);
  } catch {
    return undefined;
  }
  const lanes = state.lanes;
  if (lanes === undefined) return describeMarks(state.marks);
  const positions = Object.entries(lanes).map(([resource, position]) =>
    describeLane(resource, position, state),
  );
  return `sync in progress: ${positions.join('; ')}`;
}
