import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The built package, as a user's process loads it (`tsc -b` must have run). */
const PACKAGE = join(__dirname, '..', 'dist', 'index.js');

const CASES: [string, string][] = [
  ['2024-03-10T10:00:00', 'UTC'],
  ['2024/03/10 10:00:00', 'Europe/Berlin'],
  ['2024-11-03 12:00:00.999999', 'America/Los_Angeles'],
  ['2024-03-10T10:00:00+05:30', 'Asia/Tokyo'],
];

/** What a node process running under `TZ=zone` reads for every case. */
function readUnder(zone: string): { offset: number; instants: unknown[] } {
  const script = `
    const { parseTime } = require(${JSON.stringify(PACKAGE)});
    const cases = ${JSON.stringify(CASES)};
    console.log(JSON.stringify({
      offset: new Date(2024, 0, 15, 12).getTimezoneOffset(),
      instants: cases.map(([text, zone]) => parseTime(text, 'iso', zone)),
    }));`;
  const output = execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, TZ: zone },
    encoding: 'utf8',
  });
  return JSON.parse(output) as { offset: number; instants: unknown[] };
}

describe("times do not depend on the process's time zone", () => {
  it.each([
    ['America/New_York', 300],
    ['Asia/Tokyo', -540],
    ['UTC', 0],
  ])('reads the same instants under TZ=%s', (zone, offset) => {
    const read = readUnder(zone);
    expect(read.offset).toBe(offset);
    expect(read.instants).toEqual([
      { instant: '2024-03-10T10:00:00.000Z' },
      { instant: '2024-03-10T09:00:00.000Z' },
      { instant: '2024-11-03T20:00:00.999999Z' },
      { instant: '2024-03-10T04:30:00.000Z' },
    ]);
  });
});
