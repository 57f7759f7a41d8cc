import type { SourceConfig } from '../config/config-schema';

/** The demo's source ids, in sync order. */
export const DEMO_SOURCE_IDS = ['crm', 'helpdesk', 'billing'] as const;

/** Every `source/resource` the demo writes. */
export const DEMO_STREAMS: readonly string[] = [
  'crm/crm_companies',
  'crm/crm_contacts',
  'helpdesk/helpdesk_tickets',
  'billing/billing_invoices',
];

/** Plugin the demo sources use: the first-party REST/JSON source, loaded by name like any other. */
const HTTP_SOURCE = '@oxide-mirror/source-http';

/**
 * The demo's sources as a config file would give them, pointed at the demo server at `baseUrl`.
 * Every resource dates its changes by the record's `updated_at`, so a rerun re-sends identical
 * deltas, which the mirror recognises and does not apply twice.
 */
export function demoSources(
  baseUrl: string,
): Record<(typeof DEMO_SOURCE_IDS)[number], SourceConfig> {
  const dated = { idField: 'id', updatedAtField: 'updated_at' };
  return {
    crm: {
      use: HTTP_SOURCE,
      options: {
        baseUrl: `${baseUrl}/crm`,
        resources: [
          {
            name: 'crm_companies',
            path: '/companies',
            recordsAt: 'companies',
            ...dated,
            pagination: { kind: 'offset', limit: 3, totalPath: 'total' },
          },
          {
            name: 'crm_contacts',
            path: '/contacts',
            recordsAt: 'data',
            ...dated,
            pagination: {
              kind: 'page-number',
              sizeParam: 'per_page',
              size: 3,
              totalPagesPath: 'total_pages',
            },
          },
        ],
      },
    },
    helpdesk: {
      use: HTTP_SOURCE,
      options: {
        baseUrl: `${baseUrl}/helpdesk`,
        resources: [
          {
            name: 'helpdesk_tickets',
            path: '/tickets',
            recordsAt: 'tickets',
            ...dated,
            pagination: { kind: 'next-cursor', cursorPath: 'meta.next_cursor', param: 'cursor' },
          },
        ],
      },
    },
    billing: {
      use: HTTP_SOURCE,
      options: {
        baseUrl: `${baseUrl}/billing`,
        resources: [
          {
            name: 'billing_invoices',
            path: '/invoices',
            ...dated,
            pagination: { kind: 'link-header' },
          },
        ],
      },
    },
  };
}
