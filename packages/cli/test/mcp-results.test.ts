import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  connectMcp,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  writeConfig,
} from './cli-harness';

/** What a `query` call answered. */
interface QueryOutcome {
  isError?: boolean;
  text: string;
  structured: {
    columns: string[];
    rows: unknown[][];
    rowCount: number;
    truncated: false | 'rows' | 'bytes';
    moreRows: boolean;
  };
}

/** `count` rows numbered from 1, each with a text of `width` characters. */
function numbered(count: number, width = 1): string {
  return (
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count}) ` +
    `SELECT i, substr(replace(hex(zeroblob(${width})), '00', 'x'), 1, ${width}) AS filler FROM n`
  );
}

describe('compact results of the MCP query tool', () => {
  let dir: string;
  let client: Client;

  beforeAll(async () => {
    dir = makeTempDir();
    writeConfig(dir, { ...peopleConfig(), mcp: { maxRows: 150, maxBytes: 200_000 } });
    expect(runCli(['sync'], dir).code).toBe(0);
    client = await connectMcp(dir, 'results-test');
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    removeTempDir(dir);
  });

  async function query(args: Record<string, unknown>): Promise<QueryOutcome> {
    const result = (await client.callTool({ name: 'query', arguments: args })) as unknown as {
      isError?: boolean;
      content: { text: string }[];
      structuredContent: QueryOutcome['structured'];
    };
    return {
      isError: result.isError,
      text: result.content[0]?.text ?? '',
      structured: result.structuredContent,
    };
  }

  it('returns 50 rows by default, says more exist, and sends compact JSON', async () => {
    const answer = await query({ sql: numbered(200) });
    expect(answer.structured).toMatchObject({ rowCount: 50, truncated: 'rows', moreRows: true });
    expect(answer.structured.rows.at(-1)).toEqual([50, 'x']);
    expect(answer.text).toBe(JSON.stringify(answer.structured));
    expect(answer.text).not.toMatch(/\n/);
  });

  it('says when every row came back', async () => {
    const answer = await query({ sql: numbered(50) });
    expect(answer.structured).toMatchObject({ rowCount: 50, truncated: false, moreRows: false });
  });

  it('returns more rows when asked, up to the server maximum, and refuses beyond it', async () => {
    expect((await query({ sql: numbered(200), maxRows: 120 })).structured).toMatchObject({
      rowCount: 120,
      truncated: 'rows',
    });
    expect((await query({ sql: numbered(200), maxRows: 150 })).structured.rowCount).toBe(150);
    const refused = await query({ sql: numbered(200), maxRows: 151 });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/maxRows/);
  });

  it('stops before the row that would pass the byte cap', async () => {
    const byDefault = await query({ sql: numbered(45, 2000) });
    // 64 KiB of rows of about 2 KB each.
    expect(byDefault.structured).toMatchObject({
      rowCount: 32,
      truncated: 'bytes',
      moreRows: true,
    });
    expect(JSON.stringify(byDefault.structured.rows).length).toBeLessThanOrEqual(64 * 1024);
    const small = await query({ sql: numbered(45, 2000), maxBytes: 10_000 });
    expect(small.structured).toMatchObject({ rowCount: 4, truncated: 'bytes' });
    expect(small.text.length).toBeLessThan(10_500);
    const more = await query({ sql: numbered(45, 2000), maxBytes: 200_000 });
    expect(more.structured).toMatchObject({ rowCount: 45, truncated: false });
    const tooBig = await query({ sql: numbered(1, 5000), maxBytes: 1000 });
    expect(tooBig.structured).toMatchObject({ rowCount: 0, truncated: 'bytes', moreRows: true });
  });

  it('sends nested JSON as JSON and keeps text that only looks like JSON', async () => {
    const answer = await query({
      sql: `SELECT json_object('tags', json_array('a', 'b'), 'n', 1) AS nested,
                   '[not json' AS broken, '"quoted"' AS quoted, payload
            FROM mirror_records WHERE record_id = 'c2'`,
    });
    expect(answer.structured.rows).toEqual([
      [
        { tags: ['a', 'b'], n: 1 },
        '[not json',
        '"quoted"',
        { name: 'Grace', email: null, vip: true },
      ],
    ]);
    expect(answer.text).toContain('[[{"tags":["a","b"],"n":1},"[not json",');
  });

  it('keeps big integers exact in the text, alone and nested', async () => {
    const answer = await query({
      sql: 'SELECT 9007199254740993 AS big, json_array(9007199254740993) AS list',
    });
    expect(answer.text).toContain('"rows":[[9007199254740993,[9007199254740993]]]');
    expect(answer.structured.rows).toEqual([['9007199254740993', ['9007199254740993']]]);
  });

  it('declares the shape of its results', async () => {
    const { tools } = await client.listTools();
    const output = tools.find((tool) => tool.name === 'query')?.outputSchema;
    expect(output?.required).toEqual(
      expect.arrayContaining(['columns', 'rows', 'rowCount', 'truncated', 'moreRows']),
    );
    const description = tools.find((tool) => tool.name === 'query')?.description ?? '';
    expect(description).toMatch(/at most 50 rows and 65536 bytes .*up to 150.*up to 200000/);
  });
});
