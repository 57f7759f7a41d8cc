/**
 * `41 ms`, `12.3 s`, `4 min 05 s`, `2 h 07 min`: a span of time as people read it, precise where
 * it is short and rounded where the digits would be noise.
 */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 1000) return `${Math.round(safe)} ms`;
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)} s`;
  const seconds = Math.round(safe / 1000);
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  }
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long a run took, or has been running at `now` when it has not finished. */
export function runDuration(startedAt: string, finishedAt: string | null, now: Date): string {
  const end = finishedAt === null ? now.getTime() : Date.parse(finishedAt);
  return formatDuration(end - Date.parse(startedAt));
}
