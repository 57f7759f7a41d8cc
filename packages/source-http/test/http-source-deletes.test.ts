import { SyncFailedError } from '@oxide-mirror/core';
import { MassDeleteError, type HttpResourceConfig } from '@oxide-mirror/source-http';
import {
  duplicateEvents,
  makeRecords,
  mirrorOf,
  rejectionOf,
  startHarness,
  type Harness,
} from './harness';
import type { FakeRecord } from './fake-api-server';
import { listings } from './resources';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.server.put('contacts', ...makeRecords(6));
});

afterEach(async () => {
  await h.close();
});

async function expectMirrorEqualsServer(keep?: (record: FakeRecord) => boolean): Promise<void> {
  expect(await mirrorOf(h.store, 'contacts')).toEqual(h.server.data('contacts', keep));
  expect(await duplicateEvents(h.store)).toEqual([]);
}

describe('HttpSource explicit deletes', () => {
  it('deletes records the API flags as deleted', async () => {
    const source = h.source([
      listings.cursor({
        incremental: { param: 'updated_since' },
        deletes: { flagField: 'deleted' },
      }),
    ]);
    await h.syncer.syncWith(source);
    h.server.put('contacts', { id: 'r2', updated_at: '2024-04-01T00:00:00.000Z', deleted: true });
    await h.syncer.syncWith(source);
    expect(await h.store.getRecord('contacts', 'r2')).toBeUndefined();
    await expectMirrorEqualsServer((record) => record.deleted !== true);
  });

  it('reads a deleted-records endpoint after the listing, incrementally', async () => {
    const resource = listings.cursor({
      incremental: { param: 'updated_since' },
      deletes: {
        endpoint: {
          path: '/contacts/deleted',
          recordsAt: 'deleted',
          deletedAtField: 'deleted_at',
          sinceParam: 'since',
        },
      },
    });
    const source = h.source([resource]);
    await h.syncer.syncWith(source);
    h.server.remove('contacts', 'r3', '2024-04-01T00:00:00.000Z');
    h.server.remove('contacts', 'r5', '2024-04-02T00:00:00.000Z');
    const report = await h.syncer.syncWith(source);
    expect(report.perResource.contacts?.applied).toBe(2);
    await expectMirrorEqualsServer();
    h.server.requests.length = 0;
    await h.syncer.syncWith(source);
    const since = h.server
      .requestsTo('/contacts/deleted')
      .map((request) => request.query.get('since'));
    expect(since[0]).toBe('2024-04-02T00:00:00.000Z');
    await expectMirrorEqualsServer();
  });
});

describe('HttpSource deletes inferred from snapshots', () => {
  const snapshot = (deletes: HttpResourceConfig['deletes'] = {}): HttpResourceConfig =>
    listings.offset({ deletes: { inferFromSnapshot: true, ...deletes } });

  it('deletes records a complete snapshot no longer has', async () => {
    const source = h.source([snapshot()]);
    await h.syncer.syncWith(source);
    h.server.remove('contacts', 'r1', '2024-04-01T00:00:00Z');
    h.server.remove('contacts', 'r4', '2024-04-01T00:00:00Z');
    const report = await h.syncer.syncWith(source);
    expect(report.perResource.contacts).toEqual({ pulled: 6, applied: 2, skipped: 4, rejected: 0 });
    await expectMirrorEqualsServer();
    await h.syncer.syncWith(source);
    await expectMirrorEqualsServer();
  });

  it('infers nothing from a snapshot that did not finish, even after the rerun completes it', async () => {
    const source = h.source([snapshot()]);
    await h.syncer.syncWith(source);
    h.server.remove('contacts', 'r6', '2024-04-01T00:00:00Z');
    h.server.requests.length = 0;
    h.server.onRequest((_request, index) => {
      if (index === 2) h.server.fail({ kind: 'status', status: 500 }, { times: 3 });
    });
    await expect(h.syncer.syncWith(source)).rejects.toBeInstanceOf(SyncFailedError);
    await h.syncer.syncWith(source);
    expect(await h.store.getRecord('contacts', 'r6')).toBeDefined();
    // The next complete snapshot does infer it.
    await h.syncer.syncWith(source);
    await expectMirrorEqualsServer();
  });

  it('infers nothing when a new source instance resumes a snapshot mid-way', async () => {
    await h.syncer.syncWith(h.source([snapshot()]));
    h.server.remove('contacts', 'r1', '2024-04-01T00:00:00Z');
    h.server.requests.length = 0;
    h.server.onRequest((_request, index) => {
      if (index === 2) h.server.fail({ kind: 'reset' }, { times: 3 });
    });
    await expect(h.syncer.syncWith(h.source([snapshot()]))).rejects.toBeInstanceOf(SyncFailedError);
    await h.syncer.syncWith(h.source([snapshot()]));
    expect(await h.store.getRecord('contacts', 'r1')).toBeDefined();
  });

  it('refuses a mass delete with a clear error and deletes nothing', async () => {
    const source = h.source([snapshot({ maxDeleteShare: 0.25 })]);
    await h.syncer.syncWith(source);
    for (const id of ['r1', 'r2', 'r3']) h.server.remove('contacts', id, '2024-04-01T00:00:00Z');
    const error = await rejectionOf(h.syncer.syncWith(source));
    expect(error).toBeInstanceOf(SyncFailedError);
    const cause = (error as SyncFailedError).cause as MassDeleteError;
    expect(cause).toBeInstanceOf(MassDeleteError);
    expect(cause.message).toBe(
      "source 'api' refused to delete 3 of 6 'contacts' records (50%) missing from a complete snapshot: " +
        'more than deletes.maxDeleteShare = 0.25 (25%); raise it if the deletes are real',
    );
    expect(Object.keys(await mirrorOf(h.store, 'contacts'))).toHaveLength(6);
  });

  it('refuses to empty a resource when the API suddenly returns nothing', async () => {
    const source = h.source([snapshot()]);
    await h.syncer.syncWith(source);
    for (let i = 1; i <= 6; i++) h.server.remove('contacts', `r${i}`, '2024-04-01T00:00:00Z');
    const error = await rejectionOf(h.syncer.syncWith(source));
    expect((error as SyncFailedError).cause).toBeInstanceOf(MassDeleteError);
    expect(Object.keys(await mirrorOf(h.store, 'contacts'))).toHaveLength(6);
  });

  it('never deletes records that another source wrote last', async () => {
    await h.syncer.syncWith(h.source([snapshot()]));
    const other = h.source([snapshot()], {
      id: 'other',
      resources: [{ ...snapshot(), path: '/elsewhere/offset' }],
    });
    h.server.put('elsewhere', {
      id: 'r1',
      updated_at: '2025-01-01T00:00:00.000Z',
      name: 'from other',
    });
    await h.syncer.syncWith(other);
    h.server.remove('contacts', 'r1', '2024-04-01T00:00:00Z');
    await h.syncer.syncWith(h.source([snapshot()]));
    expect(await h.store.getRecord('contacts', 'r1')).toMatchObject({ source: 'other' });
  });
});
