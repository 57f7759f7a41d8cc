import { cursorSummary, genericCursorSummary } from '../src/output/cursor-summary';
import { formatDuration } from '../src/output/duration';
import { jsonCell } from '../src/output/json-cell';

describe('durations for people', () => {
  it.each([
    [0, '0 ms'],
    [41.4, '41 ms'],
    [1000, '1.0 s'],
    [12_345, '12.3 s'],
    [245_000, '4 min 05 s'],
    [7_620_000, '2 h 07 min'],
    [-5, '0 ms'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('cursor summaries from content alone', () => {
  it.each([
    ['2024-06-01T00:05:00Z', 'since 2024-06-01T00:05Z'],
    ['2024-06-01T00:05:30.250+02:00', 'since 2024-06-01T00:05:30.250+02:00'],
    ['{"page":7}', 'page 7'],
    ['{"offset":400,"limit":100}', 'offset 400'],
    ['{"starting_after":"cus_123"}', 'after id cus_123'],
    ['{"next_token":"abc"}', 'at abc'],
    [
      '{"since":"2024-06-01T00:05:00.000Z","page":"p2","old":"2024-05-01T00:00:00Z"}',
      'since 2024-06-01T00:05Z, page p2',
    ],
    ['{"id":9007199254740993}', 'after id 9007199254740993'],
    [
      '{"etag":"W/\\"x\\"","url":"https://a.example/b?c=1","v":2}',
      '{"etag":"W/\\"x\\"","url":"https://a.example/b?c=1","v":2}',
    ],
    ['42', '42'],
    ['{not json', '{not json'],
  ])('%s reads %s', (cursor, summary) => {
    expect(genericCursorSummary(cursor)).toBe(summary);
  });

  it('cuts long text to a readable width', () => {
    const summary = genericCursorSummary(`{"blob":"${'y'.repeat(200)}"}`);
    expect(summary).toHaveLength(80);
    expect(summary.endsWith('…')).toBe(true);
  });

  it("prefers the plugin's reading, and falls back when it fails or says nothing", () => {
    expect(cursorSummary('{"page":7}', () => 'page seven')).toBe('page seven');
    expect(cursorSummary('{"page":7}', () => undefined)).toBe('page 7');
    expect(cursorSummary('{"page":7}', () => '  ')).toBe('page 7');
    const broken = (): string => {
      throw new Error('boom');
    };
    expect(cursorSummary('{"page":7}', broken)).toBe('page 7');
  });
});

describe('JSON cells', () => {
  it('turns compact JSON text of an object or array into JSON, big integers exact', () => {
    expect(jsonCell('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(jsonCell('[9007199254740993]')).toEqual([9007199254740993n]);
  });

  it('leaves other text as text', () => {
    for (const text of ['[1, 2]', '{draft}', '{"a": 1}', '"quoted"', '12', 'plain', '']) {
      expect(jsonCell(text)).toBe(text);
    }
    expect(jsonCell(12)).toBe(12);
    expect(jsonCell(null)).toBeNull();
  });
});
