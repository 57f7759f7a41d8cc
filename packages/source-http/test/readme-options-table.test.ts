import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { optionsTable, TABLE_END, TABLE_START } from './options-table';

const README = join(__dirname, '..', 'README.md');
const PRETTIER = join(require.resolve('prettier'), '..', 'bin', 'prettier.cjs');

/** `markdown` as the repository's formatter writes it (prettier loads its plugins by ESM import, so it runs in a child process). */
function formatted(markdown: string): string {
  return execFileSync(process.execPath, [PRETTIER, '--stdin-filepath', 'table.md'], {
    input: markdown,
    encoding: 'utf8',
  });
}

describe("the README's options table", () => {
  it('is the one the options schema generates', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    // Formatted as the repository's formatter leaves it, so both agree on the bytes.
    const table = formatted(optionsTable()).trimEnd();
    const expected = `${TABLE_START}\n\n${table}\n\n${TABLE_END}`;
    const actual = readme.slice(start, end + TABLE_END.length);
    if (actual !== expected && process.env.UPDATE_OPTIONS_TABLE === '1') {
      writeFileSync(README, readme.replace(actual, expected));
      return;
    }
    // To regenerate: UPDATE_OPTIONS_TABLE=1 npx jest packages/source-http/test/readme-options-table
    expect(actual).toBe(expected);
  });
});
