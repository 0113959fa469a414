import type { Migration } from './migration.ts';

// Issue 6, the books' missing pieces:
// - tax rounding per line or per document, kept on each order as it was when the order was made
//   (like prices_include_tax), so changing the setting never re-rounds an existing order;
// - receipt files of income and expense entries, bytes kept in the ledger (base64, so the
//   journal, sync and the ledger export carry them like any row), insert-only;
// - cash on delivery by carrier: what a carrier collects per shipment, and its remittances
//   matched line by line against those charges. All insert-only: corrections are new rows.
export const migration0013: Migration = {
  version: 13,
  name: 'tax rounding, receipt files, cash on delivery',
  sql: `
ALTER TABLE sales_order ADD COLUMN tax_rounding TEXT NOT NULL DEFAULT 'line' CHECK (tax_rounding IN ('line', 'document'));

CREATE TABLE receipt_file (
  id TEXT PRIMARY KEY,
  entry_id TEXT NOT NULL UNIQUE REFERENCES book_entry(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 5242880),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content TEXT NOT NULL,
  attached_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE TRIGGER receipt_file_no_update BEFORE UPDATE ON receipt_file
BEGIN SELECT RAISE(ABORT, 'receipt files are immutable once attached'); END;
CREATE TRIGGER receipt_file_no_delete BEFORE DELETE ON receipt_file
BEGIN SELECT RAISE(ABORT, 'receipt files are immutable once attached'); END;

CREATE TABLE cod_charge (
  id TEXT PRIMARY KEY,
  shipment_id TEXT NOT NULL UNIQUE REFERENCES shipment(id),
  carrier_id TEXT NOT NULL REFERENCES carrier(id),
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  customer_id TEXT NOT NULL REFERENCES customer(id),
  invoice_id TEXT REFERENCES invoice(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX cod_charge_carrier ON cod_charge(carrier_id, recorded_at);

CREATE TABLE cod_remittance (
  id TEXT PRIMARY KEY,
  carrier_id TEXT NOT NULL REFERENCES carrier(id),
  remitted_on TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  reference TEXT NOT NULL,
  currency TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (carrier_id, reference)
) STRICT;

CREATE TABLE cod_remittance_line (
  id TEXT PRIMARY KEY,
  remittance_id TEXT NOT NULL REFERENCES cod_remittance(id),
  charge_id TEXT NOT NULL UNIQUE REFERENCES cod_charge(id),
  expected INTEGER NOT NULL CHECK (expected > 0),
  received INTEGER NOT NULL CHECK (received >= 0),
  payment_id TEXT REFERENCES payment(id)
) STRICT;
CREATE INDEX cod_remittance_line_remittance ON cod_remittance_line(remittance_id);

CREATE TRIGGER cod_charge_no_update BEFORE UPDATE ON cod_charge
BEGIN SELECT RAISE(ABORT, 'cash-on-delivery charges are immutable'); END;
CREATE TRIGGER cod_charge_no_delete BEFORE DELETE ON cod_charge
BEGIN SELECT RAISE(ABORT, 'cash-on-delivery charges are immutable'); END;
CREATE TRIGGER cod_remittance_no_update BEFORE UPDATE ON cod_remittance
BEGIN SELECT RAISE(ABORT, 'remittances are immutable'); END;
CREATE TRIGGER cod_remittance_no_delete BEFORE DELETE ON cod_remittance
BEGIN SELECT RAISE(ABORT, 'remittances are immutable'); END;
CREATE TRIGGER cod_remittance_line_no_update BEFORE UPDATE ON cod_remittance_line
BEGIN SELECT RAISE(ABORT, 'remittances are immutable'); END;
CREATE TRIGGER cod_remittance_line_no_delete BEFORE DELETE ON cod_remittance_line
BEGIN SELECT RAISE(ABORT, 'remittances are immutable'); END;
`,
};
