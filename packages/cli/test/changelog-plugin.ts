import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, runCli, upsert } from './cli-harness';

/** The built core and the rxjs it uses, as a third-party plugin installed beside them finds them. */
const CORE_ENTRY = join(__dirname, '..', '..', 'core', 'dist', 'index.js');
const RXJS_ENTRY = require.resolve('rxjs', { paths: [join(__dirname, '..', '..', 'core')] });

/** Installs a one-file CommonJS package `name` in `dir`'s node_modules, as npm would. */
function installPackage(dir: string, name: string, indexJs: string): void {
  const root = join(dir, 'node_modules', ...name.split('/'));
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(join(root, 'index.js'), indexJs);
}

/**
 * A third-party source plugin following a change log file (one delta as JSON per line): its
 * stream emits the changes one every few milliseconds, each followed by a checkpoint holding the
 * number of lines consumed, and its pull reads the same log from that number. With the option
 * `streamsFrom: n` the stream holds only the changes from line n on, as a broker that keeps a
 * limited history: a cursor before n cannot resume it.
 */
export function installChangeLogSource(dir: string): void {
  installPackage(
    dir,
    '@acme/source-changelog',
    `const fs = require('node:fs');
const path = require('node:path');
const { Observable } = require(${JSON.stringify(RXJS_ENTRY)});
const { streamCheckpoint, StreamResumeError } = require(${JSON.stringify(CORE_ENTRY)});
exports.oxideMirrorPlugin = {
  kind: 'source',
  name: 'changelog',
  createSource(options, context) {
    const file = path.resolve(context.baseDir, options.log);
    const changes = () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return text.slice(0, text.lastIndexOf('\\n') + 1).split('\\n').filter(Boolean).map((line) => JSON.parse(line));
    };
    return {
      id: context.id,
      async pull(cursor) {
        const all = changes();
        return { deltas: all.slice(Number(cursor ?? 0)), nextCursor: String(all.length), hasMore: false };
      },
      subscribe(cursor) {
        return new Observable((subscriber) => {
          let next = Number(cursor ?? 0);
          if (next < (options.streamsFrom ?? 0)) {
            subscriber.error(new StreamResumeError(context.id, cursor, 'the stream no longer holds it'));
            return undefined;
          }
          const timer = setInterval(() => {
            const all = changes();
            if (next >= all.length) return;
            subscriber.next(all[next]);
            next += 1;
            subscriber.next(streamCheckpoint(String(next)));
          }, 5);
          return () => clearInterval(timer);
        });
      },
    };
  },
};
`,
  );
}

/** A third-party source plugin that can only be pulled (its plugin has no `subscribe`). */
export function installPullOnlySource(dir: string): void {
  installPackage(
    dir,
    '@acme/source-snapshot',
    `exports.oxideMirrorPlugin = {
  kind: 'source',
  name: 'snapshot',
  createSource(options, context) {
    return { id: context.id, async pull() { return { deltas: [], hasMore: false }; } };
  },
};
`,
  );
}

/** Appends changes `from`…`to - 1` (records `i<n>`) to the change log. */
export function appendChanges(dir: string, from: number, to: number): void {
  const lines = [];
  for (let n = from; n < to; n++) {
    const at = new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString();
    lines.push(`${JSON.stringify(upsert('items', `i${n}`, { n }, 'feed', at))}\n`);
  }
  appendFileSync(join(dir, 'changes.log'), lines.join(''));
}

/** How many events the mirror has logged (none while the follower has not created it yet). */
export function eventCount(dir: string): number {
  if (!existsSync(join(dir, 'mirror.db'))) return 0;
  const rows = json<{ n: number }[]>(
    runCli(['query', '--json', 'SELECT count(*) AS n FROM mirror_events'], dir),
  );
  return rows[0]?.n ?? 0;
}

/** Resolves once the mirror has logged `count` events. */
export async function eventsReach(dir: string, count: number): Promise<void> {
  while (eventCount(dir) < count) await new Promise((resolve) => setTimeout(resolve, 50));
}
