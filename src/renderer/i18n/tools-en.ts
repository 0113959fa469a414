/** English strings of stock counts, the shipping fee, printers, backups and sync (merged into en.ts). */
export const countsEn = {
  title: 'Stock count', newSheet: 'New count sheet', warehouse: 'Warehouse', binFrom: 'From bin', binTo: 'To bin', binHelp: 'Leave both empty to count the whole warehouse',
  create: 'Create sheet', created: 'Count sheet {{number}} is open', sheet: 'Count sheet {{number}}', open: 'Open', posted: 'Posted',
  scan: 'Scan an item or type its code (12*CODE counts twelve), then Enter', scanned: '{{code}} +{{quantity}}', refused: 'Not counted: {{reason}}',
  sku: 'SKU', bin: 'Bin', expected: 'Expected', counted: 'Counted', difference: 'Difference', notCounted: 'not counted',
  progress: '{{counted}} of {{lines}} lines counted', differences: '{{count}} line(s) differ: {{plus}} over, {{minus}} short',
  reason: 'Reason for the adjustments', post: 'Post differences', postConfirm: 'Post the differences of {{number}} as stock adjustments?', postHelp: 'Every counted line becomes an adjustment to what was counted; lines not counted stay as they are.',
  postedOk: 'Count sheet {{number}} posted', backToList: 'All count sheets', unknownCode: 'unknown code {{code}}', notOnSheet: '{{code}} is not on this count sheet', reasonNeeded: 'Give a reason first',
  product: 'Product', sheets: 'Count sheets', number: 'Sheet', bins: 'Bins', allBins: 'All bins', status: 'Status', progressColumn: 'Counted', createdAt: 'Opened',
  filterWarehouse: 'Warehouse of the sheets', allWarehouses: 'All warehouses', filterStatus: 'Status of the sheets', allStatuses: 'Open and posted',
  noSheets: 'No count sheets yet', listHelp: 'Choose a sheet and open it:',
};

export const feeEn = {
  title: 'Delivery and shipping fee', method: 'Delivery method', none: 'No delivery method', computed: 'Computed fee', charged: 'Fee charged', weight: 'Weight: {{grams}} g',
  zone: 'Zone: {{zone}}', unweighed: 'Without a weight (counted as 0 g): {{skus}}', override: 'Charge another fee', overrideHelp: 'Leave empty to charge the computed fee',
  overridden: 'changed by hand', needCustomer: 'Choose the customer: the fee depends on where the parcel goes.', needLines: 'Add the goods: the fee depends on their weight and value.',
  destination: 'to {{place}}', noAddress: 'no ship-to address, base rate',
  steps: {
    pickup_free: 'Store pickup: free', zone: 'Destination zone {{zone}}', flat: 'Flat fee', first_weight: 'First {{grams}} g',
    additional_weight: '{{steps}} × {{stepGrams}} g more at {{stepFee}} each', value_band: 'Orders from {{from}}', per_item: '{{items}} item(s) × {{each}}',
    free_from: 'Free from {{threshold}}', other: 'Other step',
  },
};

export const printersEn = {
  title: 'Printers on this station', kind: 'Document', printer: 'Printer', paper: 'Paper', copies: 'Copies', silent: 'Without the dialog',
  dialog: 'Print dialog', defaultPaper: 'As the printer says', browserNote: 'In a web browser the list of printers cannot be read: documents open in the print dialog, where you choose the printer, paper and copies.',
  shellNote: 'Printers belong to this computer: these choices stay on this station and are not synced.', saved: 'Printer for {{kind}} saved', noPrinters: 'No printer was found on this computer',
  kinds: { invoice: 'Invoice', 'credit-note': 'Credit note', 'packing-slip': 'Packing slip', 'pick-list': 'Pick list', 'shipping-label': 'Shipping label', 'purchase-order': 'Purchase order' },
  papers: { A4: 'A4', Letter: 'US Letter', 'label-100x150': 'Label 100 × 150 mm' },
};

export const backupsEn = {
  title: 'Backups', folder: 'Backup folder', folderHelp: 'An absolute folder, such as a USB stick or a network share', noFolder: 'No folder is set: no backups are taken.',
  everyHours: 'Take a backup every (hours)', keepDaily: 'Daily copies to keep', keepMonthly: 'Monthly copies to keep', onExit: 'Also back up when the app closes',
  save: 'Save backup settings', saved: 'Backup settings saved', now: 'Back up now', done: 'Backup {{name}} written ({{size}})', list: 'Backups in the folder', none: 'No backup in the folder yet',
  taken: 'Taken', size: 'Size', name: 'File', restore: 'Restore', check: 'Check', checking: 'Checking the backup…',
  restoreTitle: 'Restore {{name}}?', restoreSummary: 'It passed the check and holds {{orders}} orders, {{products}} products and {{customers}} customers, journal up to entry {{seq}}.',
  restoreWarn: 'Everything entered after {{taken}} will be gone from this ledger. The current ledger is kept aside, not deleted.', restoreType: 'Type “{{word}}” to confirm', restoreWord: 'RESTORE',
  reasons: { missing: 'the file is not there', unreadable: 'it is damaged or cut short', wrong_key: 'it does not open with this key', newer_version: 'it was made by a newer version of ShopLedger', failed_verify: 'it fails the ledger check' },
  restoreDo: 'Restore now', pending: 'The backup passed its check. It is restored when ShopLedger next starts: close ShopLedger and open it again. The current ledger is kept aside then.', restored: 'Restored. The current ledger was kept as {{aside}}. Sign in again.', refused: 'This backup cannot be restored: {{reason}}',
};

export const syncEn = {
  off: 'Sync off', syncing: 'Syncing…', upToDate: 'Up to date', offline: 'Offline', error: 'Sync error', lastSynced: 'Last synced {{when}}', never: 'never synced',
  waiting: '{{count}} waiting', issues: '{{count}} to resolve', title: 'Sync', server: 'Server', notConfigured: 'This station is not enrolled with a sync server: it works on its own.',
  lastError: 'Last error', opsWaiting: 'Changes waiting to be sent', openIssues: 'Oversell alerts and conflicts', noIssues: 'Nothing to resolve',
  restoredLabel: 'Restored from a backup', restored: 'Restored {{when}}. New orders, invoices and other numbered documents wait until this station has synced once, so numbers it gave out after the backup come back first.',
  kind: 'Kind', subject: 'Concerns', message: 'What happened', since: 'Since', resolve: 'Resolve', note: 'How it was dealt with', resolved: 'Marked as resolved', refresh: 'Refresh',
  oversell: '{{available}} available after sync (on hand {{onHand}}, reserved {{reserved}}); orders {{orders}}',
  kinds: { oversell: 'Oversell', transition: 'Conflict', parked: 'Waiting', clock: 'Clock' },
};
