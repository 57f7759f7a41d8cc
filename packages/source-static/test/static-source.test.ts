import { lastValueFrom, toArray } from 'rxjs';
import {
  Delta,
  MirrorError,
  SourceProtocolError,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import { StaticSource } from '@oxide-mirror/source-static';

const AT = '2024-01-01T00:00:00.000Z';

function pet(id: string, name = `pet ${id}`): Delta {
  return Delta.upsert('pets', id, { name, tags: { id } }, 'static', { occurredAt: AT });
}

function page(ids: string[], hasMore = true): PullResult {
  return { deltas: ids.map((id) => pet(id)), hasMore };
}

function idsOf(result: PullResult): string[] {
  return result.deltas.map((delta) => delta.recordId);
}

/** Pulls from `cursor` the way the sync engine does: until a page says nothing more follows. */
async function drain(
  source: SyncSource,
  cursor?: string,
): Promise<{ ids: string[]; cursor?: string }> {
  const ids: string[] = [];
  let next = cursor;
  for (;;) {
    const result = await source.pull(next);
    ids.push(...idsOf(result));
    next = result.nextCursor ?? next;
    if (!result.hasMore) return { ids, cursor: next };
  }
}

function threePages(): StaticSource {
  return new StaticSource('static', [page(['1', '2']), page(['3']), page(['4'], false)]);
}

describe('StaticSource', () => {
  describe('construction', () => {
    it('keeps its id', () => {
      expect(new StaticSource('crm', []).id).toBe('crm');
    });

    it.each([[''], ['   '], [undefined], [42]])('refuses the id %p', (id) => {
      expect(() => new StaticSource(id as string, [])).toThrow(MirrorError);
      expect(() => new StaticSource(id as string, [])).toThrow(/non-empty string id/);
    });

    it('refuses batches that are not an array', () => {
      expect(() => new StaticSource('s', {} as PullResult[])).toThrow(/batches must be an array/);
    });

    it('refuses a batch without a deltas array, naming which batch', () => {
      const batches = [page(['1']), { hasMore: false }] as PullResult[];
      expect(() => new StaticSource('s', batches)).toThrow(/batch 1 has no deltas array/);
    });

    it('refuses a batch without a boolean hasMore', () => {
      const batches = [{ deltas: [] }] as unknown as PullResult[];
      expect(() => new StaticSource('s', batches)).toThrow(/batch 0 needs a boolean hasMore/);
    });

    it('serves nothing when built without batches', async () => {
      await expect(new StaticSource('s').pull(undefined)).resolves.toEqual({
        deltas: [],
        hasMore: false,
        nextCursor: '0',
      });
    });
  });

  describe('pull', () => {
    it('returns the first page with cursor 1 when given no cursor', async () => {
      const first = await threePages().pull(undefined);
      expect(idsOf(first)).toEqual(['1', '2']);
      expect(first.hasMore).toBe(true);
      expect(first.nextCursor).toBe('1');
    });

    it('returns the page a cursor points at, with the cursor of the page after it', async () => {
      const second = await threePages().pull('1');
      expect(idsOf(second)).toEqual(['3']);
      expect(second).toMatchObject({ hasMore: true, nextCursor: '2' });
      const third = await threePages().pull('2');
      expect(idsOf(third)).toEqual(['4']);
      expect(third).toMatchObject({ hasMore: false, nextCursor: '3' });
    });

    it('pages through every delta in order by following the cursors', async () => {
      await expect(drain(threePages())).resolves.toEqual({
        ids: ['1', '2', '3', '4'],
        cursor: '3',
      });
    });

    it('resumes from a stored cursor without repeating earlier pages', async () => {
      await expect(drain(threePages(), '1')).resolves.toEqual({ ids: ['3', '4'], cursor: '3' });
    });

    it('returns an empty final page with the same cursor once past the end', async () => {
      const source = threePages();
      await expect(source.pull('3')).resolves.toEqual({
        deltas: [],
        hasMore: false,
        nextCursor: '3',
      });
      await expect(source.pull('99')).resolves.toEqual({
        deltas: [],
        hasMore: false,
        nextCursor: '99',
      });
    });

    it('replaces the cursor a batch gives with the page index', async () => {
      const source = new StaticSource('s', [
        { deltas: [pet('1')], hasMore: true, nextCursor: 'opaque-token' },
        { deltas: [pet('2')], hasMore: false, nextCursor: 'another' },
      ]);
      await expect(source.pull(undefined)).resolves.toMatchObject({ nextCursor: '1' });
      await expect(source.pull('1')).resolves.toMatchObject({ nextCursor: '2' });
    });

    it('ends a sync at a batch that says hasMore false, and continues from there next time', async () => {
      const source = new StaticSource('s', [page(['1'], false), page(['2'], false)]);
      const first = await drain(source);
      expect(first).toEqual({ ids: ['1'], cursor: '1' });
      await expect(drain(source, first.cursor)).resolves.toEqual({ ids: ['2'], cursor: '2' });
    });

    it('never says hasMore on the last page, even when its batch did', async () => {
      const source = new StaticSource('s', [page(['1'], true)]);
      await expect(source.pull(undefined)).resolves.toMatchObject({
        hasMore: false,
        nextCursor: '1',
      });
    });

    it.each([['abc'], ['-1'], ['01'], ['1.5'], [''], ['1e3']])(
      'rejects the cursor %p, which it never hands out',
      async (cursor) => {
        const pull = threePages().pull(cursor);
        await expect(pull).rejects.toBeInstanceOf(SourceProtocolError);
        await expect(pull).rejects.toThrow(/cannot resume from cursor/);
      },
    );

    it('rejects a pull whose signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('sync stopped'));
      await expect(
        threePages().pull(undefined, { signal: controller.signal, page: 1 }),
      ).rejects.toThrow('sync stopped');
    });

    it('returns copies, so changing a pulled page does not change the source', async () => {
      const source = threePages();
      const first = await source.pull(undefined);
      first.deltas.pop();
      const kept = first.deltas[0];
      if (kept?.payload) kept.payload.name = 'changed';
      const again = await source.pull(undefined);
      expect(idsOf(again)).toEqual(['1', '2']);
      expect(again.deltas[0]?.payload).toEqual({ name: 'pet 1', tags: { id: '1' } });
    });

    it('keeps its own copy of the batches it was given', async () => {
      const batch = page(['1'], false);
      const source = new StaticSource('s', [batch]);
      batch.deltas.push(pet('2'));
      const first = batch.deltas[0];
      if (first?.payload) first.payload.name = 'changed';
      const pulled = await source.pull(undefined);
      expect(idsOf(pulled)).toEqual(['1']);
      expect(pulled.deltas[0]?.payload).toEqual({ name: 'pet 1', tags: { id: '1' } });
    });
  });

  describe('fromDeltas', () => {
    it('serves all deltas as one final page', async () => {
      const source = StaticSource.fromDeltas('crm', [pet('1'), pet('2')]);
      expect(source.id).toBe('crm');
      expect(source.pageCount).toBe(1);
      const only = await source.pull(undefined);
      expect(idsOf(only)).toEqual(['1', '2']);
      expect(only).toMatchObject({ hasMore: false, nextCursor: '1' });
    });

    it('refuses deltas that are not an array', () => {
      expect(() => StaticSource.fromDeltas('crm', undefined as unknown as Delta[])).toThrow(
        /fromDeltas needs an array/,
      );
    });
  });

  describe('enqueue', () => {
    it('lets a sync that reached the end pick up the pages added later', async () => {
      const source = StaticSource.fromDeltas('s', [pet('1')]);
      const first = await drain(source);
      expect(first).toEqual({ ids: ['1'], cursor: '1' });
      await expect(drain(source, first.cursor)).resolves.toEqual({ ids: [], cursor: '1' });

      source.enqueue(page(['2'], true));
      source.enqueue(page(['3'], false));
      expect(source.pageCount).toBe(3);
      await expect(drain(source, first.cursor)).resolves.toEqual({ ids: ['2', '3'], cursor: '3' });
    });

    it('refuses a batch that is not a page', () => {
      const source = new StaticSource('s');
      expect(() => source.enqueue({ hasMore: false } as PullResult)).toThrow(
        /enqueued batch has no deltas array/,
      );
      expect(source.pageCount).toBe(0);
    });
  });

  describe('subscribe', () => {
    it('emits the deltas of every page in order, then completes', async () => {
      const deltas = await lastValueFrom(threePages().subscribe(undefined).pipe(toArray()));
      expect(deltas.map((delta) => delta.recordId)).toEqual(['1', '2', '3', '4']);
    });

    it('emits only the pages from the cursor on', async () => {
      const deltas = await lastValueFrom(threePages().subscribe('1').pipe(toArray()));
      expect(deltas.map((delta) => delta.recordId)).toEqual(['3', '4']);
    });

    it('completes without emitting when the cursor is past the end', async () => {
      const deltas = await lastValueFrom(threePages().subscribe('3').pipe(toArray()));
      expect(deltas).toEqual([]);
    });

    it('reads the pages when subscribed to, so it sees pages enqueued before that', async () => {
      const source = StaticSource.fromDeltas('s', [pet('1')]);
      const stream = source.subscribe(undefined);
      source.enqueue(page(['2'], false));
      const deltas = await lastValueFrom(stream.pipe(toArray()));
      expect(deltas.map((delta) => delta.recordId)).toEqual(['1', '2']);
    });

    it('errors for a cursor it never hands out', async () => {
      await expect(lastValueFrom(threePages().subscribe('nope'))).rejects.toBeInstanceOf(
        SourceProtocolError,
      );
    });
  });
});
