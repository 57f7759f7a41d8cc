import type { MirrorStore, QueryRow } from '@oxide-mirror/core';
import { BILLING_INVOICES, CRM_CONTACTS } from './sources';

/**
 * Contacts with open invoices and what they owe, joining CRM contacts to billing invoices on
 * email. Both sides are lower-cased because the two systems type emails differently; the
 * resource names are written into the text (they are constants) so the printed SQL can be
 * pasted into `sqlite3` as is.
 */
export const UNPAID_BY_CONTACT_SQL = `SELECT
  json_extract(c.payload, '$.name') AS name,
  json_extract(c.payload, '$.email') AS email,
  json_extract(c.payload, '$.company') AS company,
  count(*) AS open_invoices,
  round(sum(json_extract(i.payload, '$.amount')), 2) AS total_due,
  min(json_extract(i.payload, '$.dueDate')) AS next_due
FROM mirror_records AS c
JOIN mirror_records AS i
  ON i.resource = '${BILLING_INVOICES}'
  AND lower(json_extract(i.payload, '$.email')) = lower(json_extract(c.payload, '$.email'))
WHERE c.resource = '${CRM_CONTACTS}'
  AND json_extract(i.payload, '$.status') = 'open'
GROUP BY c.record_id
ORDER BY total_due DESC, email`;

/** Runs {@link UNPAID_BY_CONTACT_SQL} through the store's read-only query path. */
export async function unpaidByContact(store: MirrorStore): Promise<QueryRow[]> {
  return store.query(UNPAID_BY_CONTACT_SQL);
}
