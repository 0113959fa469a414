import type { Migration } from './migration.ts';

// The order list sorts by gross total and by customer name as well as by date (issue 4). A list
// of many orders in such an order walks one of these indexes a page at a time; the id after the
// key gives every order one place, which keyset paging needs.
export const migration0010: Migration = {
  version: 10,
  name: 'order list sorted by total and by customer',
  sql: `
CREATE INDEX sales_order_total ON sales_order(gross_total, id);
CREATE INDEX sales_order_customer_name ON sales_order(customer_name, id);
`,
};
