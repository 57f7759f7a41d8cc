import { DeltaGenerator, RESOURCES } from '../src/data-generator';
import { GeneratedSource } from '../src/generated-source';
import type { DataSpec } from '../src/data-spec';

const spec: DataSpec = { deltas: 2000, records: 150, payloadBytes: 300, seed: 7 };

describe('DeltaGenerator', () => {
  it('generates the same deltas for the same spec, however they are paged', () => {
    const whole = new DeltaGenerator(spec).page(0, spec.deltas);
    const paged = new DeltaGenerator(spec);
    const pieces = [...paged.page(0, 333), ...paged.page(333, 1000), ...paged.page(1333, 5000)];
    expect(pieces).toEqual(whole);
    expect(whole).toHaveLength(spec.deltas);
  });

  it('generates different deltas for another seed', () => {
    const first = new DeltaGenerator(spec).page(0, 50);
    const other = new DeltaGenerator({ ...spec, seed: 8 }).page(0, 50);
    expect(other).not.toEqual(first);
  });

  it('stays within the configured records and resources', () => {
    const generator = new DeltaGenerator(spec);
    const keys = new Set(generator.page(0, spec.deltas).map((d) => `${d.resource}/${d.recordId}`));
    const allowed = new Set(
      Array.from({ length: spec.records }, (_, r) => {
        const key = generator.recordKey(r);
        return `${key.resource}/${key.recordId}`;
      }),
    );
    for (const key of keys) expect(allowed.has(key)).toBe(true);
    expect(new Set([...keys].map((key) => key.split('/')[0]))).toEqual(new Set(RESOURCES));
  });

  it('makes payloads of about the requested size, some deletes and some late deltas', () => {
    const deltas = new DeltaGenerator(spec).page(0, spec.deltas);
    const upserts = deltas.filter((d) => d.op === 'upsert');
    for (const delta of upserts) {
      const bytes = JSON.stringify(delta.payload).length;
      expect(bytes).toBeGreaterThan(270);
      expect(bytes).toBeLessThan(330);
    }
    expect(upserts.length).toBeLessThan(deltas.length);
    const late = deltas.filter((d, i) => i > 0 && d.occurredAt < (deltas[i - 1]?.occurredAt ?? ''));
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(deltas.length * 0.2);
  });
});

describe('GeneratedSource', () => {
  it('pages through every delta, then says there is no more', async () => {
    const generator = new DeltaGenerator({ ...spec, deltas: 25 });
    const source = new GeneratedSource(generator, 10);
    const first = await source.pull(undefined);
    const second = await source.pull(first.nextCursor);
    const last = await source.pull(second.nextCursor);
    expect([first, second, last].map((page) => page.deltas.length)).toEqual([10, 10, 5]);
    expect([first.hasMore, second.hasMore, last.hasMore]).toEqual([true, true, false]);
    expect([...first.deltas, ...second.deltas, ...last.deltas]).toEqual(generator.page(0, 25));
  });

  it('refuses a cursor it never handed out', async () => {
    const source = new GeneratedSource(new DeltaGenerator(spec), 10);
    await expect(source.pull('not-a-number')).rejects.toThrow(/cannot resume/);
  });
});
