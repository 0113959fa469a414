import type { Migration } from './migration.ts';

// Issuing an invoice or a credit note checks that its date is not before the newest document of
// its kind in the series year (numbers and dates run in the same order). With only the index on
// (issue_date, kind), that walked back from the year's end over every document of the other
// kind: a shop's first credit note in December read the whole year's invoices. Keyed by kind
// first, it is one index step, however big the books are.
export const migration0015: Migration = {
  version: 15,
  name: 'documents by kind and issue date',
  sql: `
CREATE INDEX invoice_kind_date ON invoice(kind, issue_date);
`,
};
