import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  connectMcp,
  makeTempDir,
  removeTempDir,
  runCli,
  staticSource,
  upsert,
  writeConfig,
} from './cli-harness';
import { CONTACTS, TICKETS } from '../src/demo/demo-data';
import { startServe, stopServe, type ServeProcess } from './serve-harness';

/** The demo's resources and the columns of their views. */
const DEMO_VIEWS: Record<string, string[]> = {
  billing_invoices: ['record_id', 'customer_email', 'amount', 'status', 'due_date'],
  crm_companies: ['record_id', 'name', 'plan'],
  crm_contacts: ['record_id', 'name', 'email', 'company_id', 'title'],
  helpdesk_tickets: ['record_id', 'requester_email', 'subject', 'priority', 'status'],
};

/** The text of a resource. */
async function readText(client: Client, uri: string): Promise<string> {
  const { contents } = await client.readResource({ uri });
  return contents.map((content) => ('text' in content ? content.text : '')).join('\n');
}

/** The rows of a view resource's column table: column name to its example value. */
function columnExamples(markdown: string): Map<string, string> {
  const rows = [...markdown.matchAll(/^\| (\w+) \| [^|]+ \| \d+ \| (.*) \|$/gm)];
  return new Map(rows.map((match) => [match[1] as string, match[2] as string]));
}

/** The rows of a `query` call, failing with the message on a tool error. */
async function rowsOf(client: Client, sql: string): Promise<unknown[][]> {
  const result = (await client.callTool({ name: 'query', arguments: { sql } })) as {
    isError?: boolean;
    content: { text: string }[];
    structuredContent?: { rows: unknown[][] };
  };
  if (result.isError) throw new Error(`${result.content[0]?.text}\n${sql}`);
  return result.structuredContent?.rows ?? [];
}

/**
 * As an agent would from the resources alone: find the contact and ticket views, read them,
 * join them on the columns whose examples are emails, and get every contact–ticket pair the demo
 * data has (emails compared without case).
 */
async function expectDiscoveredJoin(client: Client): Promise<void> {
  const { resources } = await client.listResources();
  const uriOf = (name: string): string =>
    resources.find((resource) => resource.name === name)?.uri ?? '';
  const emailColumn = async (name: string): Promise<[string, string]> => {
    const text = await readText(client, uriOf(name));
    const view = /^View `(\w+)`/m.exec(text)?.[1] ?? '';
    const column = [...columnExamples(text)].find(([, example]) => example.includes('@'))?.[0];
    return [view, column ?? ''];
  };
  const [contacts, contactEmail] = await emailColumn('crm_contacts');
  const [tickets, ticketEmail] = await emailColumn('helpdesk_tickets');
  const rows = await rowsOf(
    client,
    `SELECT c.record_id, t.record_id FROM ${contacts} AS c JOIN ${tickets} AS t
     ON lower(c.${contactEmail}) = lower(t.${ticketEmail}) ORDER BY 1, 2`,
  );
  const expected = CONTACTS.flatMap((contact) =>
    TICKETS.filter(
      (ticket) =>
        String(ticket.requester_email).toLowerCase() === String(contact.email).toLowerCase(),
    ).map((ticket) => [contact.id, ticket.id]),
  ).sort((a, b) => String(a).localeCompare(String(b)));
  expect(expected).toHaveLength(9);
  expect(rows).toEqual(expected);
}

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

  it('offers a guide and one resource per view', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual([
      'oxide-mirror://guide',
      ...Object.keys(DEMO_VIEWS).map((name) => `oxide-mirror://views/${name}`),
    ]);
    const guide = await readText(client, 'oxide-mirror://guide');
    for (const table of ['mirror_records', 'mirror_events', 'sync_runs', 'mirror_rejects']) {
      expect(guide).toContain(`**${table}**`);
    }
    expect(guide).toMatch(/- op: 'upsert' or 'delete'/);
    expect(guide).toMatch(/- outcome: 'running', 'ok', 'partial'/);

    const tickets = await readText(client, 'oxide-mirror://views/helpdesk_tickets');
    expect(tickets).toContain('10 live records, 10 events in the log.');
    expect(tickets).toMatch(
      /From source helpdesk: 10 records, last synced 20\d\d-.*newest change 2024-03-01/,
    );
    expect(tickets).toContain('| priority | text | 10 |');
    expect(tickets).toMatch(/\| record_id \| text \| 10 \| tk-10\d \|/);
    expect(tickets).toMatch(/Example rows \(3 of 10\):\n```json\n\{"record_id":"tk-10\d"/);
    expect([...columnExamples(tickets).keys()]).toEqual(
      expect.arrayContaining(DEMO_VIEWS.helpdesk_tickets as string[]),
    );
    await expect(client.readResource({ uri: 'oxide-mirror://views/nothing' })).rejects.toThrow(
      /unknown resource 'nothing'/,
    );
  });

  it('runs every example of the guide and the view resources against the demo, with rows', async () => {
    const { resources } = await client.listResources();
    let examples = 0;
    for (const resource of resources) {
      for (const sql of sqlBlocks(await readText(client, resource.uri))) {
        expect(await rowsOf(client, sql)).not.toEqual([]);
        examples++;
      }
    }
    // The guide's six examples and one per view.
    expect(examples).toBe(6 + Object.keys(DEMO_VIEWS).length);
  });

  it('leads from the resources alone to a correct cross-service query', async () => {
    await expectDiscoveredJoin(client);
  });

  it('offers prompts for a cross-service question and for a record history', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual([
      'answer_cross_service_question',
      'explain_record_history',
    ]);
    const question = await client.getPrompt({
      name: 'answer_cross_service_question',
      arguments: { question: 'Who has an urgent ticket and an unpaid invoice?' },
    });
    const asked = (question.messages[0]?.content as { text: string }).text;
    expect(asked).toMatch(/^Answer this question from the mirror: Who has an urgent ticket/);
    expect(asked).toContain(
      '- helpdesk_tickets: view helpdesk_tickets, 10 records, read oxide-mirror://views/helpdesk_tickets',
    );
    const history = await client.getPrompt({
      name: 'explain_record_history',
      arguments: { resource: 'billing_invoices', recordId: 'inv-2003' },
    });
    const explained = (history.messages[0]?.content as { text: string }).text;
    expect(explained).toMatch(/"source":"billing".*"decision":"applied","version":1/);
    expect(explained).toMatch(
      /It holds now \(version 1, from billing\): \{"amount":2400,.*"id":"inv-2003"/,
    );
    await expect(
      client.getPrompt({
        name: 'explain_record_history',
        arguments: { resource: 'billing_invoices', recordId: 'inv-0' },
      }),
    ).rejects.toThrow(/no events for billing_invoices\/inv-0/);
  });

  it('serves the same resources over Streamable HTTP, read-only without sync, leading to the join', async () => {
    writeConfig(dir, {
      database: 'mirror.db',
      mcp: { allowSync: false },
      serve: { port: 0, mcp: { token: { $env: 'DISCOVERY_MCP_TOKEN' } } },
    });
    let serve: ServeProcess | undefined;
    const http = new Client({ name: 'discovery-http', version: '1.0.0' });
    try {
      serve = await startServe(dir, { DISCOVERY_MCP_TOKEN: 'discovery-token' });
      await http.connect(
        new StreamableHTTPClientTransport(new URL(`${serve.url}/mcp`), {
          requestInit: { headers: { Authorization: 'Bearer discovery-token' } },
        }),
      );
      const { resources } = await http.listResources();
      expect(resources.map((resource) => resource.name).sort()).toEqual(
        ['guide', ...Object.keys(DEMO_VIEWS)].sort(),
      );
      expect(await readText(http, 'oxide-mirror://views/crm_contacts')).toContain('8 live records');
      expect(http.getInstructions()).toContain('- crm_contacts (view: record_id');
      await expectDiscoveredJoin(http);
      const { tools } = await http.listTools();
      expect(tools.map((tool) => tool.name)).toContain('sync_status');
      expect(tools.map((tool) => tool.name)).not.toContain('sync');
    } finally {
      await http.close();
      await stopServe(serve);
    }
  }, 60_000);

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

  it("runs every tool description's example against the demo mirror and gets rows", async () => {
    const { tools } = await client.listTools();
    const examples = tools.flatMap((tool) => sqlBlocks(tool.description ?? ''));
    const description = tools.find((tool) => tool.name === 'query')?.description ?? '';
    expect(sqlBlocks(description)).toEqual(examples);
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatch(/FROM crm_contacts AS c\nJOIN helpdesk_tickets/);
    expect(examples[0]).not.toMatch(/mirror_records|json_extract/);
    const rows = await rowsOf(client, examples[0] as string);
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

describe('the record history prompt over a long history', () => {
  let dir: string;
  let client: Client | undefined;

  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(async () => {
    await client?.close();
    removeTempDir(dir);
  });

  it('carries the latest 50 changes and says how many came before', async () => {
    const deltas = Array.from({ length: 55 }, (_, i) =>
      upsert(
        'notes',
        'n1',
        { text: `edit ${i}` },
        'wiki',
        new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      ),
    );
    writeConfig(dir, { database: 'mirror.db', sources: { wiki: staticSource([deltas]) } });
    expect(runCli(['sync'], dir).code).toBe(0);
    client = await connectMcp(dir, 'long-history-test');
    const prompt = await client.getPrompt({
      name: 'explain_record_history',
      arguments: { resource: 'notes', recordId: 'n1' },
    });
    const text = (prompt.messages[0]?.content as { text: string }).text;
    expect(text).toContain(
      'Its latest 50 changes of 55, oldest first in log order (record_history lists the 5 before them):',
    );
    const changes = text.split('\n').filter((line) => line.startsWith('{"position"'));
    expect(changes).toHaveLength(50);
    expect(changes[0]).toContain('"text":"edit 5"');
    expect(changes.at(-1)).toContain('"text":"edit 54"');
    expect(text).toContain('It holds now (version 55, from wiki): {"text":"edit 54"}');
  }, 60_000);

  it('record_history returns the latest changes within its caps and pages back by position', async () => {
    const call = async (args: Record<string, unknown>) =>
      (
        (await (client as Client).callTool({
          name: 'record_history',
          arguments: { resource: 'notes', recordId: 'n1', ...args },
        })) as { structuredContent: Record<string, unknown> }
      ).structuredContent;
    const texts = (changes: unknown): string[] =>
      (changes as { payload: { text: string } }[]).map((change) => change.payload.text);

    const latest = await call({});
    expect(latest).toMatchObject({ total: 55, truncated: 'rows', earlierChanges: 5 });
    expect(texts(latest.changes)).toEqual(Array.from({ length: 50 }, (_, i) => `edit ${i + 5}`));
    const before = (latest.changes as { position: number }[])[0]?.position;
    expect(latest.beforePosition).toBe(before);

    const earlier = await call({ beforePosition: before });
    expect(earlier).toMatchObject({ total: 55, truncated: false, earlierChanges: 0 });
    expect(texts(earlier.changes)).toEqual(['edit 0', 'edit 1', 'edit 2', 'edit 3', 'edit 4']);
    expect(earlier).not.toHaveProperty('beforePosition');

    // A change is a couple of hundred bytes of JSON: 1,000 bytes hold only a few.
    const small = await call({ maxBytes: 1000 });
    expect(small).toMatchObject({ truncated: 'bytes', total: 55 });
    const shown = texts(small.changes);
    expect(shown.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(small.changes))).toBeLessThanOrEqual(1000);
    expect(shown).toEqual(texts(latest.changes).slice(-shown.length));
    expect(small.earlierChanges).toBe(55 - shown.length);
  }, 60_000);
});
