import type { Migration } from './migration.ts';

// The sales report and tax summary sum invoice lines by period and tax rate. Over a year of a
// busy shop that is half a million lines joined to their invoices: a second per report. Issued
// invoices and their lines never change (0003, 0007), so their sums per day, kind and tax rate
// can be kept as they are issued, and a report over any range reads at most a few rows per day.
//
// Derived data like 0002's index: kept by triggers (so every way an invoice arrives, a call, an
// import or a sync replay, counts it), not journaled, and checked against its source by verify.
export const migration0014: Migration = {
  version: 14,
  name: 'sales by day',
  sql: `
CREATE TABLE sales_tax_day (
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  tax_rate_bp INTEGER NOT NULL,
  net INTEGER NOT NULL,
  tax INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  PRIMARY KEY (day, kind, tax_rate_bp)
) STRICT, WITHOUT ROWID;

CREATE TABLE sales_invoice_day (
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  invoices INTEGER NOT NULL,
  PRIMARY KEY (day, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO sales_tax_day (day, kind, tax_rate_bp, net, tax, lines)
SELECT i.issue_date, i.kind, l.tax_rate_bp, sum(l.net), sum(l.tax), count(*)
FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
GROUP BY i.issue_date, i.kind, l.tax_rate_bp;

INSERT INTO sales_invoice_day (day, kind, invoices)
SELECT issue_date, kind, count(*) FROM invoice GROUP BY issue_date, kind;

CREATE TRIGGER sales_tax_day_line AFTER INSERT ON invoice_line BEGIN
  INSERT INTO sales_tax_day (day, kind, tax_rate_bp, net, tax, lines)
  SELECT issue_date, kind, new.tax_rate_bp, new.net, new.tax, 1 FROM invoice WHERE id = new.invoice_id
  ON CONFLICT (day, kind, tax_rate_bp) DO UPDATE SET net = net + excluded.net, tax = tax + excluded.tax, lines = lines + 1;
END;

CREATE TRIGGER sales_invoice_day_invoice AFTER INSERT ON invoice BEGIN
  INSERT INTO sales_invoice_day (day, kind, invoices) VALUES (new.issue_date, new.kind, 1)
  ON CONFLICT (day, kind) DO UPDATE SET invoices = invoices + 1;
END;
`,
};
