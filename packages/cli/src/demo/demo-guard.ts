import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CliError, messageOf } from '../cli-error';
import { DEMO_STREAMS } from './demo-config';

/**
 * Refuses to run the demo into a database that is not a demo mirror: the demo resets its
 * sources' cursors, which must never touch a real mirror's `crm` or `billing`. A missing file is
 * fine (the demo creates it); an existing one must be a mirror holding only the demo's sources
 * and resources.
 */
export function checkDemoDatabase(path: string): void {
  if (!existsSync(path)) return;
  let streams: string[];
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const hasLog = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mirror_events'")
        .get();
      if (hasLog === undefined) throw new Error('it is not an oxide-mirror database');
      streams = db
        .prepare("SELECT DISTINCT source || '/' || resource FROM mirror_events ORDER BY 1")
        .pluck()
        .all() as string[];
    } finally {
      db.close();
    }
  } catch (error) {
    throw new CliError(
      `${path} exists and is not a demo mirror (${messageOf(error)}); pass --db <file>`,
    );
  }
  const foreign = streams.filter((stream) => !DEMO_STREAMS.includes(stream));
  if (foreign.length > 0) {
    throw new CliError(
      `${path} holds a mirror with other data (${foreign.join(', ')}); the demo will not touch it: ` +
        'pass --db demo.db, or run it in another folder',
    );
  }
}
