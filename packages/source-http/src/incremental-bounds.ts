import { compareInstants } from '@oxide-mirror/core';
import type { WalkIncremental } from './walk-plan';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/**
 * The lower bound of a walk's first sync (ISO-8601): `start` as an instant, or relative to `now`
 * (`-30d`); undefined without a start (the API then lists everything).
 */
export function startOf(incremental: WalkIncremental | undefined, now: Date): string | undefined {
  const start = incremental?.start;
  if (start === undefined) return undefined;
  const relative = /^-(\d+)([dhms])$/.exec(start);
  const ms = relative
    ? now.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]
    : Date.parse(start);
  // The schema only lets parseable instants through.
  return new Date(Math.max(0, ms)).toISOString();
}

/**
 * The watermark a walk may keep after reading up to `max`: no later than `now - lagMs`, so the
 * next sync reads again the changes an API may still be making visible.
 */
export function lagged(
  max: string | undefined,
  incremental: WalkIncremental,
  now: Date,
): string | undefined {
  if (max === undefined || incremental.lagMs === 0) return max;
  const ceiling = new Date(now.getTime() - incremental.lagMs).toISOString();
  return compareInstants(max, ceiling) < 0 ? max : ceiling;
}
