import { Delta, type JsonObject, type PullResult } from '@oxide-mirror/core';
import { StaticSource } from '@oxide-mirror/source-static';
import { BILLING_PAGES, CRM_PAGES, type DemoPage } from './demo-data';

/** Id of the CRM source; the key under which its cursor is stored. */
export const CRM_SOURCE = 'crm';
/** Resource the CRM's contacts are mirrored into. */
export const CRM_CONTACTS = 'crm_contacts';
/** Id of the billing source. */
export const BILLING_SOURCE = 'billing';
/** Resource the billing system's invoices are mirrored into. */
export const BILLING_INVOICES = 'billing_invoices';

/** The CRM as a source: one page per entry of {@link CRM_PAGES}. */
export function crmSource(): StaticSource {
  return new StaticSource(CRM_SOURCE, toPullResults(CRM_SOURCE, CRM_CONTACTS, CRM_PAGES));
}

/** The billing system as a source: one page per entry of {@link BILLING_PAGES}. */
export function billingSource(): StaticSource {
  return new StaticSource(
    BILLING_SOURCE,
    toPullResults(BILLING_SOURCE, BILLING_INVOICES, BILLING_PAGES),
  );
}

/**
 * Turns demo pages into the pages a source serves. Each delta carries its page's fixed time
 * rather than "now", so a re-run produces the same deltas and the store recognises them.
 */
function toPullResults<T extends JsonObject>(
  source: string,
  resource: string,
  pages: readonly DemoPage<T>[],
): PullResult[] {
  return pages.map((page, index) => ({
    deltas: page.changes.map((change) =>
      change.op === 'upsert'
        ? Delta.upsert(resource, change.id, change.record, source, { occurredAt: page.occurredAt })
        : Delta.delete(resource, change.id, source, { occurredAt: page.occurredAt }),
    ),
    hasMore: index < pages.length - 1,
  }));
}
