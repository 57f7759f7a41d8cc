import { existsSync } from 'node:fs';
import type { MirrorStore } from '@oxide-mirror/core';
import { CliError, messageOf } from '../cli-error';
import type { EnvSecrets } from '../config/env-secrets';
import type { LoadedConfig } from '../config/load-config';
import { loadStore } from '../composition/store-opener';
import { DEMO_STREAMS } from './demo-config';

/**
 * Refuses to run the demo into a database that is not a demo mirror: the demo resets its
 * sources' cursors, which must never touch a real mirror's `crm` or `billing`. A missing file is
 * fine (the demo creates it); an existing one must be a mirror holding only the demo's sources
 * and resources.
 */
export async function checkDemoDatabase(
  settings: LoadedConfig,
  secrets: EnvSecrets,
): Promise<void> {
  const { sqlitePath, label } = settings.database;
  if (sqlitePath !== undefined && !existsSync(sqlitePath)) return;
  let store: MirrorStore;
  try {
    store = await (await loadStore(settings, secrets))({ readOnly: true, mustExist: true });
  } catch (error) {
    throw new CliError(
      `${label} exists and is not a demo mirror (${messageOf(error)}); pass --db <file>`,
    );
  }
  const foreign = await foreignStreams(store).finally(() => store.close());
  if (foreign.length > 0) {
    throw new CliError(
      `${label} holds a mirror with other data (${foreign.join(', ')}); the demo will not touch it: ` +
        'pass --db demo.db, or run it in another folder',
    );
  }
}

/** The source/resource pairs of the log that are not the demo's, sorted. */
async function foreignStreams(store: MirrorStore): Promise<string[]> {
  const foreign = new Set<string>();
  for await (const event of store.readEvents()) {
    const stream = `${event.delta.provenance.source}/${event.delta.resource}`;
    if (!DEMO_STREAMS.includes(stream)) foreign.add(stream);
  }
  return [...foreign].sort();
}
