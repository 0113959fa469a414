import type { Migration } from './migration.ts';

// Recording a refund checked the customer's unallocated credit, and a payment with store credit
// the store credit held, by summing every payment (and its allocations) the customer ever had;
// payments.account summed every invoice and payment as well. A regular customer's tenth
// thousand payment cost a thousand times the first. Payments, allocations and invoices never
// change once written (0003), so each customer's sums can be kept as they are written, and a
// payment reads one row.
//
// Derived data like 0014's: kept by triggers (so every way a document arrives, a call, an import
// or a sync replay, counts it), not journaled, and checked against its source by verify.
// `unallocated` is what payments left unallocated less what refunds paid out beyond their
// allocations; `store_credit` is store-credit refunds less store-credit payments.
export const migration0016: Migration = {
  version: 16,
  name: 'customer balance',
  sql: `
CREATE TABLE customer_balance (
  customer_id TEXT PRIMARY KEY,
  invoiced INTEGER NOT NULL,
  credited INTEGER NOT NULL,
  paid INTEGER NOT NULL,
  refunded INTEGER NOT NULL,
  unallocated INTEGER NOT NULL,
  store_credit INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO customer_balance (customer_id, invoiced, credited, paid, refunded, unallocated, store_credit)
SELECT customer_id, sum(invoiced), sum(credited), sum(paid), sum(refunded), sum(unallocated), sum(store_credit) FROM (
  SELECT customer_id,
    CASE kind WHEN 'invoice' THEN gross_total ELSE 0 END AS invoiced,
    CASE kind WHEN 'credit_note' THEN gross_total ELSE 0 END AS credited,
    0 AS paid, 0 AS refunded, 0 AS unallocated, 0 AS store_credit
  FROM invoice
  UNION ALL
  SELECT customer_id, 0, 0,
    CASE kind WHEN 'payment' THEN amount ELSE 0 END,
    CASE kind WHEN 'refund' THEN amount ELSE 0 END,
    CASE kind WHEN 'payment' THEN amount ELSE -amount END,
    CASE WHEN method <> 'store_credit' THEN 0 WHEN kind = 'refund' THEN amount ELSE -amount END
  FROM payment
  UNION ALL
  SELECT p.customer_id, 0, 0, 0, 0, CASE p.kind WHEN 'payment' THEN -a.amount ELSE a.amount END, 0
  FROM payment_allocation a JOIN payment p ON p.id = a.payment_id
)
GROUP BY customer_id;

CREATE TRIGGER customer_balance_invoice AFTER INSERT ON invoice BEGIN
  INSERT INTO customer_balance (customer_id, invoiced, credited, paid, refunded, unallocated, store_credit)
  VALUES (new.customer_id, CASE new.kind WHEN 'invoice' THEN new.gross_total ELSE 0 END, CASE new.kind WHEN 'credit_note' THEN new.gross_total ELSE 0 END, 0, 0, 0, 0)
  ON CONFLICT (customer_id) DO UPDATE SET invoiced = invoiced + excluded.invoiced, credited = credited + excluded.credited;
END;

-- With foreign keys deferred (a ledger import, a sync batch) an allocation may come in before its
-- payment: the allocation's trigger then finds no payment, and the payment counts it instead.
CREATE TRIGGER customer_balance_payment AFTER INSERT ON payment BEGIN
  INSERT INTO customer_balance (customer_id, invoiced, credited, paid, refunded, unallocated, store_credit)
  SELECT
    new.customer_id, 0, 0,
    CASE new.kind WHEN 'payment' THEN new.amount ELSE 0 END,
    CASE new.kind WHEN 'refund' THEN new.amount ELSE 0 END,
    CASE new.kind WHEN 'payment' THEN 1 ELSE -1 END * (new.amount - coalesce((SELECT sum(amount) FROM payment_allocation WHERE payment_id = new.id), 0)),
    CASE WHEN new.method <> 'store_credit' THEN 0 WHEN new.kind = 'refund' THEN new.amount ELSE -new.amount END
  WHERE true
  ON CONFLICT (customer_id) DO UPDATE SET
    paid = paid + excluded.paid,
    refunded = refunded + excluded.refunded,
    unallocated = unallocated + excluded.unallocated,
    store_credit = store_credit + excluded.store_credit;
END;

CREATE TRIGGER customer_balance_allocation AFTER INSERT ON payment_allocation BEGIN
  UPDATE customer_balance
  SET unallocated = unallocated - (SELECT CASE p.kind WHEN 'payment' THEN new.amount ELSE -new.amount END FROM payment p WHERE p.id = new.payment_id)
  WHERE customer_id = (SELECT customer_id FROM payment WHERE id = new.payment_id);
END;
`,
};
