/** The cross-service question the demo answers. */
export const DEMO_QUESTION = 'Which customers have an open urgent ticket and an unpaid invoice?';

/**
 * The SQL that answers {@link DEMO_QUESTION}. It reads the per-resource views the store keeps
 * (one column per payload field), joins the three services on email, lower-cased because the
 * help desk stores emails as customers typed them, and aggregates tickets and invoices before
 * joining so that neither multiplies the other.
 */
export const DEMO_SQL = `WITH urgent AS (
  SELECT lower(requester_email) AS email, group_concat(subject, '; ') AS tickets
  FROM helpdesk_tickets
  WHERE priority = 'urgent' AND status = 'open'
  GROUP BY lower(requester_email)
),
unpaid AS (
  SELECT lower(customer_email) AS email, count(*) AS invoices,
         round(sum(amount), 2) AS amount_due, min(due_date) AS next_due
  FROM billing_invoices
  WHERE status = 'unpaid'
  GROUP BY lower(customer_email)
)
SELECT contact.name AS customer, company.name AS company, contact.email,
       urgent.tickets AS urgent_ticket, unpaid.invoices AS unpaid_invoices,
       unpaid.amount_due AS amount_due_eur, unpaid.next_due
FROM crm_contacts AS contact
JOIN urgent ON urgent.email = lower(contact.email)
JOIN unpaid ON unpaid.email = lower(contact.email)
LEFT JOIN crm_companies AS company ON company.record_id = contact.company_id
ORDER BY unpaid.amount_due DESC, contact.email`;
