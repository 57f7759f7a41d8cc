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

  it('names what is wrong with a bad command line', () => {
    expect(() => parseBenchOptions(['--deltas', 'lots'])).toThrow(/--deltas must be/);
    expect(() => parseBenchOptions(['--strategies', 'keep-everything'])).toThrow(OptionsError);
    expect(() => parseBenchOptions(['--frobnicate'])).toThrow(OptionsError);
  });
});
