import { join } from 'node:path';
import { Delta } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import {
  json,
  makeTempDir,
  removeTempDir,
  runCli,
  staticSource,
  upsert,
  writeConfig,
} from './cli-harness';

const AT = '2024-02-01T00:00:00.000Z';

interface RejectRow {
  id: number;
  source: string;
  recordId: string | null;
  kind: string;
  reason: string;
  raw: string;
}

describe('oxide-mirror rejects', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('syncs past a record it cannot take, counts it, lists it and keeps it on retry', () => {
    writeConfig(dir, {
      sources: {
        desk: staticSource([
          [
            upsert('tickets', 't1', { title: 'ok' }, 'desk', AT),
            upsert('tickets', 't2', { title: 'local time' }, 'desk', '2024-02-01T09:00:00'),
          ],
          [upsert('tickets', 't3', { title: 'after' }, 'desk', AT)],
        ]),
      },
    });
    const sync = runCli(['sync'], dir);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/^desk\s+ok\s+2\s+3\s+2\s+0\s+0\s+1\s/m);
    expect(sync.stdout).toMatch(
      /3 pulled, 2 applied, 1 rejected \(see `oxide-mirror rejects list`\)/,
    );

    const rows = json<RejectRow[]>(runCli(['rejects', 'list', '--json'], dir));
    expect(rows).toEqual([
      expect.objectContaining({
        source: 'desk',
        recordId: 't2',
        kind: 'delta',
        reason: expect.stringMatching(/^occurredAt has no time zone/),
      }),
    ]);
    expect(JSON.parse(rows[0]?.raw as string)).toMatchObject({ occurredAt: '2024-02-01T09:00:00' });
    expect(runCli(['status'], dir).stdout).toMatch(/^desk\s.*\s1\s*$/m);

    const retry = json<{ outcome: string }[]>(runCli(['rejects', 'retry', '--json'], dir));
    expect(retry).toEqual([expect.objectContaining({ outcome: 'still rejected' })]);
    expect(json<unknown[]>(runCli(['rejects', 'list', '--json'], dir))).toHaveLength(1);
  });

  it('re-applies a reject that the current limits accept, and removes it', async () => {
    const path = join(dir, 'mirror.db');
    const strict = await SqliteMirrorStore.open(path, { limits: { maxPayloadBytes: 20 } });
    await strict.applyBatch(
      [Delta.upsert('notes', 'n1', { text: 'longer than twenty bytes' }, 'notes')],
      new LastWriteWins(),
      { onInvalid: 'reject' },
    );
    await strict.close();
    writeConfig(dir, {});

    const retry = runCli(['rejects', 'retry', 'notes', '--json'], dir);
    expect(retry.code).toBe(0);
    expect(json(retry)).toEqual([expect.objectContaining({ outcome: 'applied' })]);
    expect(json<unknown[]>(runCli(['rejects', 'list', '--json'], dir))).toEqual([]);
    expect(
      json(
        runCli(
          ['query', "SELECT json_extract(payload, '$.text') AS text FROM mirror_records", '--json'],
          dir,
        ),
      ),
    ).toEqual([{ text: 'longer than twenty bytes' }]);
  });

  it('says so when no reject matches', () => {
    writeConfig(dir, { sources: { desk: staticSource([[upsert('t', '1', {}, 'desk', AT)]]) } });
    expect(runCli(['sync'], dir).code).toBe(0);
    const result = runCli(['rejects', 'retry', '--id', '42'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no rejected records match/);
  });
});
