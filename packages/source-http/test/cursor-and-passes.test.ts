import { SourceProtocolError } from '@oxide-mirror/core';
import { HttpSource, SecretRedactor, formatTime, parseTime } from '@oxide-mirror/source-http';
import { advancePass, nextPass } from '../src/pass-progress';

const INCREMENTAL = {
  param: 'since',
  paramFormat: 'iso' as const,
  overlapMs: 0,
  lagMs: 0,
  seek: false,
  maxPasses: 3,
  start: undefined,
};

describe('advancePass', () => {
  it('follows the paginator under a fixed bound without seek', () => {
    const pass = { n: 1, from: '2024-01-01T00:00:00.000Z' };
    expect(advancePass(pass, { max: '2024-02-01T00:00:00.000Z', nextToken: 'b' }, false)).toEqual({
      pass: { n: 1, from: '2024-01-01T00:00:00.000Z', max: '2024-02-01T00:00:00.000Z', token: 'b' },
      complete: false,
    });
  });

  it('moves the bound up and restarts the listing with seek', () => {
    const pass = { n: 1, from: '2024-01-01T00:00:00.000Z', token: 4 };
    expect(advancePass(pass, { max: '2024-02-01T00:00:00.000Z', nextToken: 6 }, true).pass).toEqual(
      {
        n: 1,
        from: '2024-02-01T00:00:00.000Z',
        max: '2024-02-01T00:00:00.000Z',
      },
    );
  });

  it('follows the paginator with seek when the page did not pass the bound', () => {
    const pass = { n: 1, from: '2024-01-01T00:00:00.000Z' };
    expect(
      advancePass(pass, { max: '2024-01-01T00:00:00.000Z', nextToken: 2 }, true).pass.token,
    ).toBe(2);
  });

  it('completes the pass at the last page, keeping the newest time', () => {
    const pass = { n: 2, from: 'a', max: '2024-03-01T00:00:00.000Z', token: 'x' };
    expect(advancePass(pass, { max: '2024-02-01T00:00:00.000Z' }, false)).toEqual({
      pass: { n: 2, from: 'a', max: '2024-03-01T00:00:00.000Z' },
      complete: true,
    });
  });
});

describe('nextPass', () => {
  it('starts another pass from the newest time when the pass found newer records', () => {
    expect(nextPass({ n: 1, max: '2024-02-01T00:00:00.000Z' }, INCREMENTAL)).toEqual({
      n: 2,
      from: '2024-02-01T00:00:00.000Z',
    });
  });

  it('ends the walk after a quiet pass, after maxPasses, with seek, or for snapshots', () => {
    expect(
      nextPass(
        { n: 2, from: '2024-02-01T00:00:00.000Z', max: '2024-02-01T00:00:00.000Z' },
        INCREMENTAL,
      ),
    ).toBeUndefined();
    expect(
      nextPass(
        { n: 3, from: '2024-01-01T00:00:00.000Z', max: '2024-02-01T00:00:00.000Z' },
        INCREMENTAL,
      ),
    ).toBeUndefined();
    expect(
      nextPass({ n: 1, max: '2024-02-01T00:00:00.000Z' }, { ...INCREMENTAL, seek: true }),
    ).toBeUndefined();
    expect(nextPass({ n: 1, max: '2024-02-01T00:00:00.000Z' }, undefined)).toBeUndefined();
  });
});

describe('HttpSource cursors', () => {
  const source = new HttpSource({
    id: 'api',
    baseUrl: 'http://127.0.0.1:9',
    resources: [{ name: 'things', path: '/things', idField: 'id' }],
  });

  it.each([
    ['not json'],
    ['{"v":3,"marks":{},"etags":{}}'],
    ['{"v":2,"marks":{},"etags":{},"lanes":{"things":{"walk":"things"}}}'],
    ['{"v":1,"marks":[],"etags":{}}'],
    ['{"v":1,"marks":{},"etags":{},"walk":"things"}'],
  ])('refuses a cursor it did not write: %s', async (cursor) => {
    await expect(source.pull(cursor)).rejects.toThrow(SourceProtocolError);
    await expect(source.pull(cursor)).rejects.toThrow(/source 'api' cannot resume from cursor/);
  });
});

describe('time formats', () => {
  it('reads ISO text, zoneless text in the given zone, and Unix times, keeping every digit', () => {
    expect(parseTime('2024-03-01T10:00:00+02:00', 'iso')).toEqual({
      instant: '2024-03-01T08:00:00.000Z',
    });
    expect(parseTime('2024-03-01 10:00:00', 'iso')).toEqual({
      instant: '2024-03-01T10:00:00.000Z',
    });
    expect(parseTime('2024-03-01T10:00:00.123456789Z', 'iso')).toEqual({
      instant: '2024-03-01T10:00:00.123456789Z',
    });
    expect(parseTime(1_700_000_000, 'unix-seconds')).toEqual({
      instant: '2023-11-14T22:13:20.000Z',
    });
    expect(parseTime('1700000000.123456', 'unix-seconds')).toEqual({
      instant: '2023-11-14T22:13:20.123456Z',
    });
    expect(parseTime('1700000000123', 'unix-ms')).toEqual({ instant: '2023-11-14T22:13:20.123Z' });
    expect(parseTime(null, 'iso')).toBeUndefined();
  });

  it.each([
    ['2024-03-10T10:00:00', 'America/New_York', '2024-03-10T14:00:00.000Z'],
    ['2024/03/10 01:30:00', 'America/New_York', '2024-03-10T06:30:00.000Z'],
    ['2024-07-01 10:00:00.5', 'Europe/Berlin', '2024-07-01T08:00:00.500Z'],
    ['2024-01-15 09:00:00.000001', 'Asia/Tokyo', '2024-01-15T00:00:00.000001Z'],
  ])('reads %s in %s as %s', (text, zone, instant) => {
    expect(parseTime(text, 'iso', zone)).toEqual({ instant });
  });

  it('says what is wrong with a value that is not a time', () => {
    expect(parseTime(1_700_000_000, 'iso')).toEqual({
      problem: "is the number 1700000000; set timeFormat to 'unix-seconds' or 'unix-ms'",
    });
    expect(parseTime('soon', 'iso')).toEqual({
      problem: 'is not a time (an ISO-8601 date-time with Z or an offset): "soon"',
    });
    expect(parseTime(true, 'iso')).toEqual({ problem: 'is true, not a time' });
    expect(parseTime('-5', 'unix-seconds')).toEqual({
      problem: 'is "-5", not a unix-seconds time',
    });
  });

  it('writes bounds that never skip the millisecond they come from', () => {
    expect(formatTime(1_700_000_000_999, 'unix-seconds')).toBe('1700000000');
    expect(formatTime(1_700_000_000_999, 'iso')).toBe('2023-11-14T22:13:20.999Z');
  });
});

describe('SecretRedactor', () => {
  it('hides a secret in plain, URL-encoded and JSON-escaped spellings', () => {
    const redactor = new SecretRedactor(['p@ss w/"rd']);
    expect(
      redactor.redact('a p@ss w/"rd b p%40ss%20w%2F%22rd c p%40ss+w%2F%22rd d p@ss w/\\"rd'),
    ).toBe('a *** b *** c *** d ***');
    expect(redactor.containsSecret('p%40ss%20w%2F%22rd')).toBe(true);
  });

  it('describes an error chain with its codes, redacted', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('reset by s3cret'), { code: 'ECONNRESET' }),
    });
    expect(new SecretRedactor(['s3cret']).describe(error)).toBe(
      'fetch failed: reset by *** (ECONNRESET)',
    );
  });
});
