import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  connectMcp,
  makeTempDir,
  removeTempDir,
  runCli,
  staticSource,
  upsert,
  writeConfig,
} from './cli-harness';

/** The demo's resources and the columns of their views. */
const DEMO_VIEWS: Record<string, string[]> = {
  billing_invoices: ['record_id', 'customer_email', 'amount', 'status', 'due_date'],
  crm_companies: ['record_id', 'name', 'plan'],
  crm_contacts: ['record_id', 'name', 'email', 'company_id', 'title'],
  helpdesk_tickets: ['record_id', 'requester_email', 'subject', 'priority', 'status'],
};

/** Every fenced SQL block in `text`. */
function sqlBlocks(text: string): string[] {
  return [...text.matchAll(/```sql\n([\s\S]*?)\n```/g)].map((match) => match[1] as string);
}

describe('oxide-mirror mcp over the demo mirror', () => {
  let dir: string;
  let client: Client;

  beforeAll(async () => {
    dir = makeTempDir();
    expect(runCli(['demo'], dir).code).toBe(0);
    client = await connectMcp(dir, 'discovery-test', ['--db', 'mirror.db']);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    removeTempDir(dir);
  });

  async function rowsOf(sql: string): Promise<unknown[][]> {
    const result = (await client.callTool({ name: 'query', arguments: { sql } })) as {
      isError?: boolean;
      content: { text: string }[];
      structuredContent?: { rows: unknown[][] };
    };
    if (result.isError) throw new Error(`${result.content[0]?.text}\n${sql}`);
    return result.structuredContent?.rows ?? [];
  }

  it('tells the agent what the mirror holds, in under 2 KB', () => {
    const instructions = client.getInstructions() ?? '';
    expect(instructions.length).toBeLessThanOrEqual(2048);
    expect(instructions).toMatch(/4 resource\(s\) in one SQLite database/);
    for (const [resource, columns] of Object.entries(DEMO_VIEWS)) {
      const line = instructions.split('\n').find((text) => text.startsWith(`- ${resource} `));
      expect(line).toBeDefined();
      for (const column of columns) expect(line).toContain(column);
      expect(line).toMatch(/\d+ records; synced 20\d\d-/);
    }
    expect(instructions).toContain('- crm_contacts (view: record_id, company_id, email, id, name');
    expect(instructions).toMatch(/crm_contacts .*; 8 records;/);
    expect(instructions).not.toMatch(/CRM, tickets, billing/);
  });

  it("runs the query tool's example against the demo mirror and gets rows", async () => {
    const { tools } = await client.listTools();
    const description = tools.find((tool) => tool.name === 'query')?.description ?? '';
    const examples = sqlBlocks(description);
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatch(/FROM crm_contacts AS c\nJOIN helpdesk_tickets/);
    expect(examples[0]).not.toMatch(/mirror_records|json_extract/);
    const rows = await rowsOf(examples[0] as string);
    expect(rows.length).toBeGreaterThan(0);
    // Ada's ticket was typed as Ada@Analytical.io: the example's join must still find it.
    expect(rows).toContainEqual(['Ada Lovelace', 'ada@analytical.io', 1]);
  });
});

describe('oxide-mirror mcp over a mirror of many resources', () => {
  let dir: string;
  let client: Client | undefined;

  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(async () => {
    await client?.close();
    removeTempDir(dir);
  });

  it('summarises the resources within 2 KB and says how many it left out', async () => {
    const resources = Array.from({ length: 80 }, (_, i) => `warehouse_stock_level_${i + 100}`);
    const deltas = resources.map((resource) =>
      upsert(resource, 'r1', { sku: 'A-1', quantity: 3 }, 'erp', '2024-01-01T00:00:00.000Z'),
    );
    writeConfig(dir, { database: 'mirror.db', sources: { erp: staticSource([deltas]) } });
    expect(runCli(['sync'], dir).code).toBe(0);
    client = await connectMcp(dir, 'many-resources-test');
    const instructions = client.getInstructions() ?? '';
    expect(instructions.length).toBeLessThanOrEqual(2048);
    expect(instructions).toMatch(/80 resource\(s\)/);
    expect(instructions).toContain('- warehouse_stock_level_100 (1 records; synced 20');
    const listed = resources.filter((name) => instructions.includes(`- ${name} (`));
    expect(listed.length).toBeGreaterThan(5);
    expect(listed).toEqual(resources.slice(0, listed.length));
    expect(instructions).toContain(`- …and ${80 - listed.length} more: call list_resources`);
  }, 60_000);
});
