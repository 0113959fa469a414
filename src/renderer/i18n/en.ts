import { authEn, usersEn } from './users-en.ts';

/** English strings. zh.ts must have exactly the same keys (its type is derived from this file). */
export const en = {
  app: { name: 'ShopLedger', language: 'Language', help: 'Help', loading: 'Loading…', retry: 'Retry', empty: 'Nothing here yet', save: 'Save', cancel: 'Cancel', close: 'Close', search: 'Search', all: 'All', yes: 'Yes', no: 'No', shortcuts: 'Shortcuts', loadMore: 'Loading more…', saved: 'Saved' },
  nav: { home: 'Home', orders: 'Orders', newOrder: 'New order', products: 'Products', stock: 'Stock', customers: 'Customers', settings: 'Settings', users: 'Users', packing: 'Packing', transfers: 'Transfers' },
  errors: {
    invalid: 'Please check this value',
    not_found: 'It was not found; it may have been changed elsewhere',
    conflict: 'This cannot be done in the current state',
    insufficient_stock: 'Not enough stock',
    insufficientStock: 'Not enough stock for {{sku}}: {{available}} available',
    forbidden: 'You are not allowed to do this',
    internal: 'Something went wrong; nothing was changed',
    unauthenticated: 'Please sign in',
    rate_limited: 'Too many tries; wait a moment',
    network: 'The ledger cannot be reached; nothing was changed',
    loadFailed: 'This could not be loaded',
    required: 'Required',
    money: 'Enter an amount such as 12.50',
  },
  status: { draft: 'Draft', pending_approval: 'To approve', approved: 'Approved', picking: 'Picking', packed: 'Packed', partially_shipped: 'Partly shipped', shipped: 'Shipped', delivered: 'Delivered', completed: 'Completed', cancelled: 'Cancelled' },
  home: { title: 'Today', toApprove: 'To approve', toPick: 'To pick', toShip: 'To ship', lowStock: 'Low stock', todaySales: "Today's sales", ordersToday: '{{count}} orders today', noLowStock: 'No product is running low', open: 'Open' },
  orders: {
    title: 'Orders', number: 'Number', date: 'Date', customer: 'Customer', status: 'Status', channel: 'Channel', warehouse: 'Warehouse', total: 'Total',
    searchPlaceholder: 'Number, customer, SKU…', dateRange: 'Dates', newest: 'Newest first', oldest: 'Oldest first', count: '{{count}} shown', more: 'more below',
    filters: 'Filters', clear: 'Clear filters', views: 'Saved views', saveView: 'Save view', viewName: 'Name of this view',
  },
  entry: {
    title: 'New order', editTitle: 'Edit order {{number}}', customer: 'Customer', customerPlaceholder: 'Type a name, code or phone', newCustomer: 'New customer', warehouse: 'Warehouse',
    scan: 'Add product', scanPlaceholder: 'Scan a barcode or type SKU or name, then Enter', notFound: 'No product matches "{{term}}"',
    sku: 'SKU', product: 'Product', quantity: 'Qty', price: 'Unit price', priceOverridden: 'changed by hand', discount: 'Disc. %', available: 'Available', lineTotal: 'Line total', remove: 'Remove line',
    oversell: 'Only {{available}} available', oversellWarning: 'Some lines need more than the stock available. Confirming will fail unless stock arrives.',
    orderDiscount: 'Order discount', notes: 'Notes', subtotal: 'Subtotal', shipping: 'Shipping', discounts: 'Discounts', net: 'Net', tax: 'Tax', gross: 'Total', taxAt: 'Tax {{rate}}',
    saveDraft: 'Save draft', confirm: 'Confirm', noLines: 'Add at least one product', savedDraft: 'Draft {{number}} saved', confirmed: 'Order {{number}} is {{status}}',
  },
  detail: {
    title: 'Order {{number}}', lines: 'Lines', reserved: 'Reserved', shipped: 'Shipped', totals: 'Totals', reservations: 'Reservations', noReservations: 'No stock is reserved for this order',
    timeline: 'Timeline', by: 'by {{actor}}', approve: 'Approve', reject: 'Send back', confirm: 'Confirm', cancelOrder: 'Cancel order', split: 'Split', merge: 'Merge', edit: 'Edit',
    cancelReason: 'Reason for cancelling', splitHelp: 'Move these quantities into a new order', splitQty: 'Move', mergeHelp: 'Merge with other open orders of this customer', mergeWith: 'Orders to merge',
    noMergeCandidates: 'This customer has no other order that can be merged', splitFrom: 'Split from', mergedInto: 'Merged into', approvalReason: 'Waiting because', done: 'Done', back: 'Back to orders',
    rows: '{{count}} rows', nothingToSplit: 'Choose at least one quantity to move',
    reasons: { amount_at_least: 'the amount is at or above the approval limit', first_order_of_new_customer: 'first order of a new customer' },
    actors: { 'local-owner': 'owner (this computer)', system: 'system' },
    channels: { manual: 'entered by hand', shopify: 'Shopify', woocommerce: 'WooCommerce' },
    reservedIn: 'reserved in {{warehouse}}',
  },
  ops: {
    orders_create: 'Order created', orders_update: 'Order changed', orders_confirm: 'Confirmed', orders_approve: 'Approved', orders_reject: 'Sent back', orders_cancel: 'Cancelled',
    orders_split: 'Split', orders_merge: 'Merged', orders_startPicking: 'Picking started', orders_pack: 'Packed', orders_ship: 'Shipped', orders_deliver: 'Delivered', orders_complete: 'Completed', other: 'Changed',
  },
  products: {
    title: 'Products', sku: 'SKU', name: 'Name', altName: 'Second name (e.g. Chinese)', unit: 'Unit', price: 'Price', taxRate: 'Tax rate', barcodes: 'Barcodes', barcodesHelp: 'Separate several with spaces',
    allowBackorder: 'Allow selling without stock', stockPerWarehouse: 'Stock per warehouse', newProduct: 'New product', edit: 'Edit', created: 'Product {{sku}} created', searchPlaceholder: 'SKU, name or barcode', noTaxRates: 'Create a tax rate in Settings first',
  },
  stock: {
    title: 'Stock', product: 'Product', warehouse: 'Warehouse', onHand: 'On hand', reserved: 'Reserved', available: 'Available', expected: 'Expected', lowOnly: 'Low stock only', receive: 'Receive goods', adjust: 'Adjust',
    quantity: 'Quantity', delta: 'Change (+ or −)', reason: 'Reason', movements: 'Movements', received: 'Received {{quantity}} × {{sku}}', adjusted: 'Stock adjusted', kind: 'Kind', when: 'When',
    kinds: { receipt: 'Receipt', adjustment: 'Adjustment', reservation: 'Reservation', release: 'Release', shipment: 'Shipment' },
  },
  customers: {
    title: 'Customers', code: 'Code', name: 'Name', email: 'Email', phone: 'Phone', newCustomer: 'New customer', created: 'Customer {{name}} created', searchPlaceholder: 'Name, code, email or phone',
    editTitle: 'Customer {{code}}', saved: 'Customer {{name}} saved', editHint: 'to change a customer', taxId: 'Tax id', notes: 'Notes', city: 'City',
    billingAddress: 'Billing address', shippingAddress: 'Shipping address', sameAsBilling: 'Ship to the billing address',
    address: { name: 'Recipient', line1: 'Street and number', line2: 'Address line 2', city: 'City', region: 'Province / state', postalCode: 'Postcode', country: 'Country code', phone: 'Phone' },
  },
  settings: {
    title: 'Settings', shop: 'Shop', shopName: 'Shop name', currency: 'Currency', station: 'Station code', pricesIncludeTax: 'Prices include tax', approval: 'Approval rule',
    amountAtLeast: 'Orders from this amount wait for approval', amountHelp: 'Leave empty to turn off', firstOrder: "A new customer's first order waits for approval", language: 'Language',
    warehouses: 'Warehouses', taxRates: 'Tax rates', code: 'Code', name: 'Name', rate: 'Rate %', add: 'Add', addWarehouse: 'New warehouse', addTaxRate: 'New tax rate', saved: 'Settings saved',
  },
  docs: {
    title: 'Documents', packingSlip: 'Packing slip', pickList: 'Pick list', invoice: 'Invoice {{number}}', creditNote: 'Credit note {{number}}', label: 'Label {{number}}',
    noInvoicesOrShipments: 'Invoices and shipping labels appear here once the order is invoiced or shipped.', previewTitle: 'Preview: {{title}}', language: 'Document language',
    print: 'Print', download: 'Download', printer: 'Printer for this document on this station', systemDialog: 'the print dialog', silent: 'Print without the dialog',
    printed: 'Sent to {{printer}}', printFailed: 'Not printed', retryHint: 'Print again to retry.',
  },
  help: { title: 'Help', notFound: 'There is no help for this screen yet.' },
  auth: authEn,
  users: usersEn,
  packing: {
    title: 'Packing station', scanOrder: 'Scan the order number (packing slip or pick list), then Enter', scanItem: 'Scan an item, or type 12*CODE for a bulk item',
    refused: 'Refused scans: {{count}}', progress: '{{scanned}} of {{toShip}} scanned', sku: 'SKU', product: 'Product', scanned: 'Scanned', toShip: 'To ship',
    pack: 'Pack', print: 'Print packing slip', ship: 'Ship', next: 'Next order', accepted: '{{sku}} +{{quantity}}',
    unknown_code: 'Unknown code: {{code}}', wrong_item: 'Wrong item: {{sku}} is not on this order', over_scan: 'Too many: {{sku}} has {{remaining}} left to scan',
    orderNotFound: 'No order with number {{code}}', notPackable: 'Order {{number}} is {{status}}; it cannot be packed', nothingLeft: 'Order {{number}} has nothing left to pack',
    packed: 'Order {{number}} packed', allScanned: 'Everything is scanned: pack, print and ship', partialNote: 'Only what is scanned ships; the rest stays on the order',
    carrier: 'Carrier', tracking: 'Tracking number', weight: 'Parcel weight (g)', shipNow: 'Ship now', shipped: 'Shipment {{number}}: order {{order}} is {{status}}',
  },
  transfers: {
    title: 'Transfers between warehouses', from: 'From', to: 'To', scan: 'Product (scan or SKU), then Enter', quantity: 'Qty', add: 'Add', lines: 'Lines', createShip: 'Create and ship',
    inTransit: 'In transit', number: 'Number', route: 'Route', items: 'Items', receiveAll: 'Receive all', received: 'Transfer {{number}} received', shippedOk: 'Transfer {{number}} is on its way',
    notFound: 'No product matches "{{term}}"', sameWarehouse: 'Choose two different warehouses', none: 'Nothing is in transit',
  },
  lowStock: { alert: '{{count}} product(s) at or below their reorder point', point: 'Reorder point', suggested: 'Suggested order', inTransit: 'In transit' },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
