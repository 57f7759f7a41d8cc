/**
 * The demo's three services and their records. Emails join them: the CRM knows customers, the
 * help desk knows who wrote each ticket (typed as the customer typed it, so case differs), and
 * billing knows whom each invoice is for. Ids are strings, as most APIs hand them out.
 *
 * Worked out by hand, the demo question ("customers with an open urgent ticket and an unpaid
 * invoice") has three answers: Katherine (two unpaid invoices), Ada (her ticket's email is
 * `Ada@Analytical.io`, so she counts only if the join ignores case) and Grace (one invoice void,
 * one unpaid). Left out, each for one reason: Alan (urgent ticket solved), Barbara (invoice
 * paid), Margaret (ticket only "high"), Joan (ticket pending), and a requester the CRM does not know.
 */

/** A record as an API returns it. */
export type DemoRecord = Record<string, string | number | boolean | null>;

/** When every demo record last changed; fixed, so every run mirrors the same changes. */
const UPDATED = '2024-03-01T09:00:00.000Z';

/** CRM companies. */
export const COMPANIES: readonly DemoRecord[] = [
  { id: 'co-1', name: 'Analytical Engines Ltd', plan: 'enterprise', updated_at: UPDATED },
  { id: 'co-2', name: 'Bletchley Analytics', plan: 'growth', updated_at: UPDATED },
  { id: 'co-3', name: 'Orbital Mechanics Inc', plan: 'enterprise', updated_at: UPDATED },
  { id: 'co-4', name: 'Substitution Systems', plan: 'starter', updated_at: UPDATED },
  { id: 'co-5', name: 'Apollo Guidance Co', plan: 'growth', updated_at: UPDATED },
  { id: 'co-6', name: 'Eckert-Mauchly Corp', plan: 'starter', updated_at: UPDATED },
];

/** CRM contacts; `company_id` joins them to companies. */
export const CONTACTS: readonly DemoRecord[] = [
  contact('ct-01', 'Ada Lovelace', 'ada@analytical.io', 'co-1', 'CTO'),
  contact('ct-02', 'Charles Babbage', 'charles@analytical.io', 'co-1', 'CEO'),
  contact('ct-03', 'Alan Turing', 'alan@bletchley.uk', 'co-2', 'Head of Research'),
  contact('ct-04', 'Joan Clarke', 'joan@bletchley.uk', 'co-2', 'Cryptanalyst'),
  contact('ct-05', 'Katherine Johnson', 'katherine@orbit.space', 'co-3', 'Lead Engineer'),
  contact('ct-06', 'Barbara Liskov', 'barbara@substitution.org', 'co-4', 'Founder'),
  contact('ct-07', 'Margaret Hamilton', 'margaret@apollo.dev', 'co-5', 'Director of Software'),
  contact('ct-08', 'Grace Hopper', 'grace@cobol.dev', 'co-6', 'Rear Admiral'),
];

/** Help desk tickets; `requester_email` joins them to contacts, whatever its case. */
export const TICKETS: readonly DemoRecord[] = [
  ticket('tk-101', 'Ada@Analytical.io', 'Difference engine export fails', 'urgent', 'open'),
  ticket('tk-102', 'alan@bletchley.uk', 'Cannot decrypt the nightly report', 'urgent', 'solved'),
  ticket('tk-103', 'alan@bletchley.uk', 'Question about an invoice', 'normal', 'open'),
  ticket('tk-104', 'katherine@orbit.space', 'Trajectory API returns 500', 'urgent', 'open'),
  ticket('tk-105', 'barbara@substitution.org', 'Login loop on SSO', 'urgent', 'open'),
  ticket('tk-106', 'margaret@apollo.dev', 'Data export is slow', 'high', 'open'),
  ticket('tk-107', 'Grace@COBOL.dev', 'Compiler crashes on COBOL-85 input', 'urgent', 'open'),
  ticket('tk-108', 'joan@bletchley.uk', 'API keys may have leaked', 'urgent', 'pending'),
  ticket('tk-109', 'charles@analytical.io', 'Feature request: punch card import', 'low', 'open'),
  ticket('tk-110', 'ops@unknown.example', 'Everything is down', 'urgent', 'open'),
];

/** Billing invoices; `customer_email` joins them to contacts. */
export const INVOICES: readonly DemoRecord[] = [
  invoice('inv-2001', 'ada@analytical.io', 1200, 'paid', '2024-02-15'),
  invoice('inv-2002', 'ada@analytical.io', 340.5, 'unpaid', '2024-04-15'),
  invoice('inv-2003', 'katherine@orbit.space', 2400, 'unpaid', '2024-04-10'),
  invoice('inv-2004', 'katherine@orbit.space', 180, 'unpaid', '2024-05-10'),
  invoice('inv-2005', 'barbara@substitution.org', 99, 'paid', '2024-03-01'),
  invoice('inv-2006', 'alan@bletchley.uk', 560, 'unpaid', '2024-03-20'),
  invoice('inv-2007', 'grace@cobol.dev', 450, 'void', '2024-03-05'),
  invoice('inv-2008', 'margaret@apollo.dev', 780, 'unpaid', '2024-04-01'),
  invoice('inv-2009', 'ops@unknown.example', 50, 'unpaid', '2024-03-31'),
  invoice('inv-2010', 'grace@cobol.dev', 125.25, 'unpaid', '2024-04-30'),
];

function contact(
  id: string,
  name: string,
  email: string,
  companyId: string,
  title: string,
): DemoRecord {
  return { id, name, email, company_id: companyId, title, updated_at: UPDATED };
}

function ticket(
  id: string,
  requester: string,
  subject: string,
  priority: string,
  status: string,
): DemoRecord {
  return { id, requester_email: requester, subject, priority, status, updated_at: UPDATED };
}

function invoice(
  id: string,
  email: string,
  amount: number,
  status: string,
  dueDate: string,
): DemoRecord {
  return {
    id,
    customer_email: email,
    amount,
    currency: 'EUR',
    status,
    due_date: dueDate,
    updated_at: UPDATED,
  };
}
