import { join } from 'node:path';
import { Delta, parseJson } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { makeTempDir, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes.
jest.setTimeout(120_000);

describe('output of payloads with integers beyond 2^53', () => {
  let dir: string;
  beforeAll(async () => {
    dir = makeTempDir();
    writeConfig(dir, {});
    const store = await SqliteMirrorStore.open(join(dir, 'mirror.db'));
    const payload = parseJson('{"id":9007199254740993,"note":"big"}') as never;
    await store.applyDelta(
      Delta.upsert('accounts', '9007199254740993', payload, 'crm', {
        occurredAt: '2024-01-01T00:00:00.000001Z',
      }),
      new LastWriteWins(),
    );
    await store.close();
  });
  afterAll(() => removeTempDir(dir));

  it.each([
    ['history --json', ['history', 'accounts', '9007199254740993', '--json']],
    [
      'history --as-of --json',
      ['history', 'accounts', '9007199254740993', '--as-of', '2025-01-01T00:00:00Z', '--json'],
    ],
    ['events --json', ['events', '--json']],
    ['events', ['events']],
  ])('prints the digits through %s', (_, args) => {
    const result = runCli(args, dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('9007199254740993');
    expect(result.stdout).not.toContain('9007199254740992');
    expect(result.stdout).toContain('2024-01-01T00:00:00.000001Z');
  });
});
