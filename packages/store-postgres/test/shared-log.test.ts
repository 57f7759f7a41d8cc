import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import type { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { upsertAt } from './fixtures';
import { asAdmin, describeWithPostgres, freshSchema, openTestStore } from './postgres-server';

const lww = new LastWriteWins();

describeWithPostgres('one log shared by several writers', () => {
  const opened: PostgresMirrorStore[] = [];
  async function open(schema: string): Promise<PostgresMirrorStore> {
    const store = await openTestStore({ schema });
    opened.push(store);
    return store;
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('refuses to update, delete or truncate logged events, even for the server superuser', async () => {
    const schema = freshSchema('immutable');
    const store = await open(schema);
    await store.applyDelta(upsertAt(1, 'a', { n: 1 }), lww);
    for (const change of [
      `UPDATE ${schema}.mirror_events SET source = 'forged'`,
      `UPDATE ${schema}.mirror_events SET payload = NULL, redacted = true`,
      `DELETE FROM ${schema}.mirror_events`,
      `TRUNCATE ${schema}.mirror_events`,
    ]) {
      await expect(asAdmin(change)).rejects.toThrow(/mirror_events is append-only/);
    }
    expect(await store.eventCount()).toBe(1);
  });

  it('gives readers positions in commit order with no gaps while three writers append at once', async () => {
    const schema = freshSchema('positions');
    const writers = await Promise.all(['crm', 'billing', 'desk'].map(() => open(schema)));
    const reader = await open(schema);
    const pages = 12;
    const pageSize = 40;
    const seen: number[] = [];
    const wholePages: boolean[] = [];
    let writing = true;
    const readLoop = (async () => {
      while (writing) {
        const after = seen[seen.length - 1] ?? 0;
        for await (const event of reader.readEvents({ afterPosition: after }))
          seen.push(event.position);
        const counts = await reader.query(
          'SELECT source, count(*) AS n FROM mirror_events GROUP BY source',
        );
        wholePages.push(counts.every((row) => (row.n as number) % pageSize === 0));
      }
    })();
    await Promise.all(
      writers.map(async (store, w) => {
        const source = ['crm', 'billing', 'desk'][w] as string;
        for (let page = 0; page < pages; page++) {
          const deltas = Array.from({ length: pageSize }, (_, i) =>
            upsertAt(page, `${source}-${page}-${i}`, { page, i }, source),
          );
          await store.applyBatch(deltas, lww, {
            cursor: { source, resource: '*', cursor: `p${page}` },
          });
        }
      }),
    );
    writing = false;
    await readLoop;
    for await (const event of reader.readEvents({ afterPosition: seen[seen.length - 1] ?? 0 }))
      seen.push(event.position);
    const total = 3 * pages * pageSize;
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(wholePages.every(Boolean)).toBe(true);
    expect(await reader.headPosition()).toBe(total);
    expect(await reader.getCursor('desk')).toBe(`p${pages - 1}`);
  });

  it('appends a delta sent by two writers at once exactly once', async () => {
    const schema = freshSchema('dupes');
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const deltas = Array.from({ length: 200 }, (_, i) => upsertAt(1, `r${i}`, { i }));
    const [first, second] = await Promise.all([
      a!.applyBatch(deltas, lww),
      b!.applyBatch(deltas, lww),
    ]);
    const applied = [...first!, ...second!].filter(
      (outcome) => outcome.decision === 'applied',
    ).length;
    const duplicates = [...first!, ...second!].filter(
      (outcome) => outcome.decision === 'duplicate',
    ).length;
    expect({ applied, duplicates }).toEqual({ applied: 200, duplicates: 200 });
    expect(await a!.eventCount()).toBe(200);
    expect((await a!.getRecord('items', 'r5'))?.version).toBe(1);
  });

  it('lets two sources of one record decide one after the other', async () => {
    const schema = freshSchema('onerecord');
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a! : b!).applyDelta(
          upsertAt(i, 'shared', { i }, i % 2 === 0 ? 'crm' : 'billing'),
          lww,
        ),
      ),
    );
    // Each applied change took the version after the one before it: none was lost or reused.
    const versions = outcomes.flatMap((outcome) => (outcome.applied ? [outcome.version] : []));
    expect([...versions].sort((x, y) => x! - y!)).toEqual(versions.map((_, i) => i + 1));
    const record = await a!.getRecord('items', 'shared');
    expect(record?.version).toBe(versions.length);
    expect(record?.payload).toEqual({ i: 19 });
  });
});
