import { afterSalesHandlers } from './after-sales.ts';
import { apiTokensHandlers } from './api-tokens.ts';
import { booksHandlers } from './books.ts';
import { caseCreditHandlers } from './case-credit.ts';
import { catalogHandlers } from './catalog.ts';
import type { Handlers } from './context.ts';
import { customersHandlers } from './customers.ts';
import { documentsHandlers } from './documents.ts';
import { documentDataHandlers } from './document-data.ts';
import { fulfilmentHandlers } from './fulfilment.ts';
import { exchangeHandlers } from './exchange.ts';
import { importsHandlers } from './imports.ts';
import { inventoryHandlers } from './inventory.ts';
import { invoicingHandlers } from './invoicing.ts';
import { orderRestructureHandlers } from './order-restructure.ts';
import { orderTimelineHandlers } from './order-timeline.ts';
import { ordersHandlers } from './orders.ts';
import { paymentsHandlers } from './payments.ts';
import { purchaseOrdersHandlers } from './purchase-orders.ts';
import { purchaseReceivingHandlers } from './purchase-receiving.ts';
import { supplierBillsHandlers } from './supplier-bills.ts';
import { suppliersHandlers } from './suppliers.ts';
import { reportsHandlers } from './reports.ts';
import { rolesHandlers } from './roles.ts';
import { settingsHandlers } from './settings.ts';
import { systemHandlers } from './system.ts';
import { usersHandlers } from './users.ts';
import { warehouseHandlers } from './warehouse.ts';
import { stockCountsHandlers } from './stock-counts.ts';
import { deliveryEstimateHandlers } from './delivery-estimate.ts';
import { webhooksHandlers } from './webhooks.ts';
import { backupsHandlers } from './backups.ts';
import { syncHandlers } from './sync.ts';
import { reportExportsHandlers } from './report-exports.ts';
import { receiptsHandlers } from './receipts.ts';
import { codHandlers } from './cod.ts';

/** One handler per contract operation; the type makes a missing one a compile error. */
export const handlers: Handlers = {
  ...settingsHandlers,
  ...catalogHandlers,
  ...customersHandlers,
  ...inventoryHandlers,
  ...ordersHandlers,
  ...orderRestructureHandlers,
  ...fulfilmentHandlers,
  ...warehouseHandlers,
  ...stockCountsHandlers,
  ...deliveryEstimateHandlers,
  ...afterSalesHandlers,
  ...orderTimelineHandlers,
  ...systemHandlers,
  ...invoicingHandlers,
  ...paymentsHandlers,
  ...booksHandlers,
  ...reportsHandlers,
  ...documentsHandlers,
  ...importsHandlers,
  ...apiTokensHandlers,
  ...webhooksHandlers,
  ...backupsHandlers,
  ...documentDataHandlers,
  ...usersHandlers,
  ...rolesHandlers,
  ...caseCreditHandlers,
  ...suppliersHandlers,
  ...purchaseOrdersHandlers,
  ...purchaseReceivingHandlers,
  ...supplierBillsHandlers,
  ...syncHandlers,
  ...exchangeHandlers,
  ...reportExportsHandlers,
  ...receiptsHandlers,
  ...codHandlers,
};
