import { OptionsError, parseBenchOptions, parseCount } from '../src/options';

describe('bench options', () => {
  it('reads counts with k and m suffixes and underscores', () => {
    expect(parseCount('1m', 'deltas')).toBe(1_000_000);
    expect(parseCount('200k', 'records')).toBe(200_000);
    expect(parseCount('1_000', 'batch')).toBe(1000);
  });

  it('takes the same options with or without the -- that pnpm may pass on', () => {
    const plain = parseBenchOptions(['--deltas', '20000', '--workloads', 'w3,w1']);
    const dashed = parseBenchOptions(['--', '--deltas', '20000', '--workloads', 'w3,w1']);
    expect(dashed).toEqual(plain);
    expect(plain).toMatchObject({ deltas: 20000, records: 200_000, workloads: ['w1', 'w3'] });
  });

  it('runs three interleaved runs of last-write-wins at 200k deltas by default', () => {
    expect(parseBenchOptions([])).toMatchObject({
      deltas: 200_000,
      records: 200_000,
      runs: 3,
      strategies: ['last-write-wins'],
      memoryScale: 2,
      full: false,
      check: false,
    });
  });

  it('takes the full sizes with --full, where an explicit option still wins', () => {
    expect(parseBenchOptions(['--full'])).toMatchObject({
      deltas: 1_000_000,
      strategies: ['last-write-wins', 'highest-confidence', 'merge-json'],
      memoryScale: 3,
      runs: 3,
    });
    expect(parseBenchOptions(['--full', '--deltas', '500k', '--runs', '1'])).toMatchObject({
      deltas: 500_000,
      runs: 1,
      strategies: ['last-write-wins', 'highest-confidence', 'merge-json'],
    });
    expect(parseBenchOptions(['--check']).check).toBe(true);
  });

  it('names what is wrong with a bad command line', () => {
    expect(() => parseBenchOptions(['--deltas', 'lots'])).toThrow(/--deltas must be/);
    expect(() => parseBenchOptions(['--strategies', 'keep-everything'])).toThrow(OptionsError);
    expect(() => parseBenchOptions(['--frobnicate'])).toThrow(OptionsError);
  });
});
