import { readFileSync, readdirSync } from 'node:fs';
import type pg from 'pg';

/**
 * Milliseconds of CPU the PostgreSQL server behind `client` has used so far: its postmaster and
 * every process the postmaster started (backends, WAL writer, checkpointer…), read from
 * `/proc`. Only the server's own processes count, not other servers on the machine. Undefined
 * when the server runs on another machine or `/proc` cannot be read: the figure is then
 * unknown, not zero. Processes that exited before the call are not counted, so read it while
 * the connections being measured are still open.
 */
export async function serverCpuMs(client: pg.Client): Promise<number | undefined> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = processStat(String(rows[0]?.pid));
  if (backend === undefined) return undefined;
  const postmaster = backend.parent;
  let ticks = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(entry);
    if (stat === undefined) continue;
    if (Number(entry) === postmaster || stat.parent === postmaster) {
      ticks += stat.ticks;
      found = true;
    }
  }
  // /proc counts in clock ticks, 100 a second on Linux.
  return found ? ticks * 10 : undefined;
}

/** A process's parent and user + system CPU in clock ticks; undefined when it cannot be read. */
function processStat(pid: string): { parent: number; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after it.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    parent: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
  };
}
