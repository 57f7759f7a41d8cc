/** An example query shown to agents; every one is run against the demo mirror by the tests. */
export interface QueryExample {
  /** What it answers. */
  title: string;
  sql: string;
}

/**
 * A join across two services through their views (the demo's CRM contacts and help-desk
 * tickets): emails are lower-cased on both sides because people type them in any case.
 */
export const CROSS_SERVICE_EXAMPLE: QueryExample = {
  title: 'Open tickets per CRM contact (a join across two services on email)',
  sql: `SELECT c.name, c.email, count(*) AS open_tickets
FROM crm_contacts AS c
JOIN helpdesk_tickets AS t ON lower(t.requester_email) = lower(c.email)
WHERE t.status = 'open'
GROUP BY c.name, c.email
ORDER BY open_tickets DESC, c.name`,
};

/** Queries over the mirror's own tables, shown in the guide. */
export const GUIDE_EXAMPLES: readonly QueryExample[] = [
  CROSS_SERVICE_EXAMPLE,
  {
    title: 'What each resource holds and when it was last synced',
    sql: `SELECT resource, count(*) AS records, max(last_synced_at) AS last_synced_at
FROM mirror_records
GROUP BY resource
ORDER BY resource`,
  },
  {
    title: 'The latest changes in the log, newest first',
    sql: `SELECT position, source, resource, record_id, op, occurred_at, recorded_at
FROM mirror_events
ORDER BY position DESC
LIMIT 10`,
  },
  {
    title: 'The latest sync runs and how they ended',
    sql: `SELECT id, source, outcome, started_at, finished_at, pages, pulled, applied, rejected, error
FROM sync_runs
ORDER BY id DESC
LIMIT 10`,
  },
  {
    title: 'How many changes reached each record (records changed more than once first)',
    sql: `SELECT resource, record_id, count(*) AS changes, max(occurred_at) AS last_change
FROM mirror_events
GROUP BY resource, record_id
ORDER BY changes DESC, resource, record_id
LIMIT 20`,
  },
  {
    title: 'How many records the mirror set aside as invalid or unreadable',
    sql: `SELECT count(*) AS rejected, count(DISTINCT source) AS sources
FROM mirror_rejects`,
  },
];

/** An example as a fenced SQL block, the form agents (and the tests) find examples in. */
export function sqlBlock(example: QueryExample): string {
  return `${example.title}:\n\`\`\`sql\n${example.sql}\n\`\`\``;
}
