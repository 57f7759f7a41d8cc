import { Cron } from 'croner';

/** When a source syncs under `serve`: a fixed interval or a cron expression. */
export interface Schedule {
  /** The schedule as the config spells it. */
  readonly text: string;
  /** The first time the schedule fires strictly after `after`. */
  next(after: Date): Date;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const EVERY = /^every\s+(\d+)\s*(s|m|h|d)$/;

/**
 * Reads a schedule: `every <n><s|m|h|d>` (`every 5m`), or a five- or six-field cron expression
 * (`0 * * * *`, evaluated in UTC so it never depends on the host's time zone). Throws an error
 * saying what is accepted when `text` is neither.
 *
 * @example
 * parseSchedule('every 5m').next(new Date('2026-01-01T00:00:00Z')); // 00:05:00
 */
export function parseSchedule(text: string): Schedule {
  const every = EVERY.exec(text.trim());
  if (every !== null) {
    const ms = Number(every[1]) * UNIT_MS[every[2] as keyof typeof UNIT_MS];
    if (ms <= 0) throw new Error(`"${text}": the interval must be at least 1s`);
    return { text, next: (after) => new Date(after.getTime() + ms) };
  }
  let cron: Cron;
  try {
    cron = new Cron(text, { paused: true, timezone: 'UTC' });
  } catch (error) {
    throw new Error(
      `"${text}" is neither "every <n><s|m|h|d>" (e.g. "every 5m") nor a cron expression ` +
        `(e.g. "*/15 * * * *"): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (cron.nextRun(new Date()) === null) throw new Error(`"${text}" never fires again`);
  return {
    text,
    next(after) {
      const next = cron.nextRun(after);
      // A cron expression with a year that has passed stops firing: nothing is scheduled.
      return next ?? new Date(8.64e15);
    },
  };
}
