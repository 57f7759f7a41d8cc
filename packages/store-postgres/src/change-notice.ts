import type { AppliedDelta, MirrorChange } from '@oxide-mirror/core';

/** NOTIFY payloads stay below PostgreSQL's 8000-byte limit. */
const MAX_NOTICE_CHARS = 7000;

/** Decisions a notice spells with one letter each. */
const LETTERS: Record<MirrorChange['decision'], string> = {
  applied: 'a',
  merged: 'm',
  skipped: 's',
};
const DECISIONS: Record<string, MirrorChange['decision']> = {
  a: 'applied',
  m: 'merged',
  s: 'skipped',
};

/**
 * What one notification says about a committed batch: the store instance that wrote it (so it
 * skips its own), the first position, and per event its decision and version. The deltas
 * themselves are read from the log, which holds them once the notification arrives.
 */
export interface ChangeNotice {
  origin: string;
  first: number;
  decisions: string;
  versions: (number | null)[];
}

/** The notices announcing `outcomes` (appended events only), each small enough for NOTIFY. */
export function noticesOf(origin: string, outcomes: readonly AppliedDelta[]): string[] {
  const notices: string[] = [];
  let current: ChangeNotice | undefined;
  let size = 0;
  for (const outcome of outcomes) {
    if (outcome.position === undefined) continue;
    if (outcome.decision === 'duplicate' || outcome.decision === 'rejected') continue;
    if (current === undefined || size > MAX_NOTICE_CHARS) {
      if (current !== undefined) notices.push(JSON.stringify(current));
      current = { origin, first: outcome.position, decisions: '', versions: [] };
      size = 100;
    }
    current.decisions += LETTERS[outcome.decision];
    current.versions.push(outcome.version ?? null);
    size += 2 + String(outcome.version ?? 'null').length;
  }
  if (current !== undefined) notices.push(JSON.stringify(current));
  return notices;
}

/** Reads a notice back; a payload that is not one (not from this store) gives undefined. */
export function parseNotice(payload: string | undefined): ChangeNotice | undefined {
  try {
    const notice = JSON.parse(payload ?? '') as ChangeNotice;
    const valid =
      typeof notice.origin === 'string' &&
      Number.isSafeInteger(notice.first) &&
      typeof notice.decisions === 'string' &&
      Array.isArray(notice.versions) &&
      notice.versions.length === notice.decisions.length &&
      [...notice.decisions].every((letter) => letter in DECISIONS);
    return valid ? notice : undefined;
  } catch {
    return undefined;
  }
}

/** The decision a notice's letter stands for. */
export function decisionOf(letter: string): MirrorChange['decision'] {
  return DECISIONS[letter] as MirrorChange['decision'];
}
