import { QueryBusyError } from '@oxide-mirror/core';
import { QueryPool } from '../src/query/query-pool';

/** Work that runs until its gate is opened, recording when it started. */
function gated(started: string[], name: string): { work: () => Promise<string>; open(): void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    work: async () => {
      started.push(name);
      await gate;
      return name;
    },
    open: () => open(),
  };
}

describe('query pool', () => {
  it('starts waiting queries client by client and refuses a client over its queue at once', async () => {
    const pool = new QueryPool({ processes: 1, queueLength: 4, queuePerClient: 2 });
    const started: string[] = [];
    const jobs = Object.fromEntries(
      ['a1', 'a2', 'a3', 'a4', 'b1'].map((name) => [name, gated(started, name)]),
    );
    const run = (client: string, name: string): Promise<string> =>
      pool.run(client, () => (jobs[name] as ReturnType<typeof gated>).work());
    const a1 = run('a', 'a1');
    const a2 = run('a', 'a2');
    const a3 = run('a', 'a3');
    await expect(run('a', 'a4')).rejects.toBeInstanceOf(QueryBusyError);
    const b1 = run('b', 'b1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a1']);
    for (const [name, promise] of [
      ['a1', a1],
      ['a2', a2],
      ['b1', b1],
      ['a3', a3],
    ] as const) {
      jobs[name]?.open();
      await promise;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // a2 had waited longest; then b got its turn before a's second waiting query.
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
  });

  it('says how many run and wait when the whole queue is full', async () => {
    const pool = new QueryPool({ processes: 1, queueLength: 1, queuePerClient: 1 });
    const held = gated([], 'held');
    const running = pool.run('a', held.work);
    const waiting = pool.run('b', async () => 'waited');
    await expect(pool.run('c', async () => 'refused')).rejects.toThrow(
      'query refused: busy, retry shortly (1 queries running and 1 waiting, the most allowed)',
    );
    held.open();
    await expect(Promise.all([running, waiting])).resolves.toEqual(['held', 'waited']);
    await expect(pool.run('c', async () => 'after')).resolves.toBe('after');
  });
});
