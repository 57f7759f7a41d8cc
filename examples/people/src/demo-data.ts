/** A CRM contact, as the `crm` source holds it. */
export type Contact = { name: string; email: string; company: string };

/** A billing invoice, as the `billing` source holds it; `email` is the customer's. */
export type Invoice = {
  email: string;
  amount: number;
  status: 'open' | 'paid';
  dueDate: string;
};

/** One change a source reports: a record written in full, or removed. */
export type DemoChange<T> = { op: 'upsert'; id: string; record: T } | { op: 'delete'; id: string };

/** One page a source serves: the changes that happened at `occurredAt`. */
export interface DemoPage<T> {
  occurredAt: string;
  changes: readonly DemoChange<T>[];
}

/**
 * The CRM's contacts over three pages. The last page moves Grace to a new company and removes
 * Edsger, so the example shows a later page updating and deleting what an earlier one wrote.
 */
export const CRM_PAGES: readonly DemoPage<Contact>[] = [
  {
    occurredAt: '2024-03-01T09:00:00.000Z',
    changes: [
      upsert('c-001', {
        name: 'Ada Lovelace',
        email: 'ada@analytical.io',
        company: 'Analytical Engines Ltd',
      }),
      upsert('c-002', {
        name: 'Grace Hopper',
        email: 'grace@cobol.dev',
        company: 'Eckert-Mauchly Corp',
      }),
      upsert('c-003', {
        name: 'Alan Turing',
        email: 'alan@bletchley.uk',
        company: 'Bletchley Analytics',
      }),
      upsert('c-004', {
        name: 'Katherine Johnson',
        email: 'katherine@orbit.space',
        company: 'Orbital Mechanics Inc',
      }),
    ],
  },
  {
    occurredAt: '2024-03-04T09:00:00.000Z',
    changes: [
      upsert('c-005', {
        name: 'Edsger Dijkstra',
        email: 'edsger@shortest.path',
        company: 'Shortest Path BV',
      }),
      upsert('c-006', {
        name: 'Barbara Liskov',
        email: 'barbara@substitution.org',
        company: 'Substitution Systems',
      }),
      upsert('c-007', {
        name: 'Margaret Hamilton',
        email: 'margaret@apollo.dev',
        company: 'Apollo Guidance Co',
      }),
    ],
  },
  {
    occurredAt: '2024-03-08T09:00:00.000Z',
    changes: [
      upsert('c-002', {
        name: 'Grace Hopper',
        email: 'grace@cobol.dev',
        company: 'Remington Rand',
      }),
      { op: 'delete', id: 'c-005' },
    ],
  },
];

/**
 * The billing system's invoices over three pages. Billing types emails as customers gave them
 * (`Ada@Analytical.io`), and knows a customer the CRM does not (`accounts@wonka.example`). The
 * last page marks Alan's invoice paid and voids Barbara's, which was issued by mistake.
 */
export const BILLING_PAGES: readonly DemoPage<Invoice>[] = [
  {
    occurredAt: '2024-03-02T12:00:00.000Z',
    changes: [
      upsert('inv-1001', {
        email: 'ada@analytical.io',
        amount: 1200,
        status: 'paid',
        dueDate: '2024-03-15',
      }),
      upsert('inv-1002', {
        email: 'grace@cobol.dev',
        amount: 450.5,
        status: 'open',
        dueDate: '2024-03-31',
      }),
      upsert('inv-1003', {
        email: 'alan@bletchley.uk',
        amount: 980,
        status: 'open',
        dueDate: '2024-02-28',
      }),
      upsert('inv-1004', {
        email: 'katherine@orbit.space',
        amount: 2400,
        status: 'open',
        dueDate: '2024-04-10',
      }),
    ],
  },
  {
    occurredAt: '2024-03-05T12:00:00.000Z',
    changes: [
      upsert('inv-1005', {
        email: 'edsger@shortest.path',
        amount: 720,
        status: 'open',
        dueDate: '2024-04-01',
      }),
      upsert('inv-1006', {
        email: 'margaret@apollo.dev',
        amount: 1500,
        status: 'paid',
        dueDate: '2024-03-20',
      }),
      upsert('inv-1007', {
        email: 'grace@cobol.dev',
        amount: 99.99,
        status: 'open',
        dueDate: '2024-03-01',
      }),
      upsert('inv-1008', {
        email: 'accounts@wonka.example',
        amount: 250,
        status: 'open',
        dueDate: '2024-04-05',
      }),
      upsert('inv-1009', {
        email: 'barbara@substitution.org',
        amount: 610,
        status: 'open',
        dueDate: '2024-04-20',
      }),
      upsert('inv-1010', {
        email: 'Ada@Analytical.io',
        amount: 300.25,
        status: 'open',
        dueDate: '2024-04-15',
      }),
    ],
  },
  {
    occurredAt: '2024-03-09T12:00:00.000Z',
    changes: [
      upsert('inv-1003', {
        email: 'alan@bletchley.uk',
        amount: 980,
        status: 'paid',
        dueDate: '2024-02-28',
      }),
      { op: 'delete', id: 'inv-1009' },
    ],
  },
];

function upsert<T>(id: string, record: T): DemoChange<T> {
  return { op: 'upsert', id, record };
}
