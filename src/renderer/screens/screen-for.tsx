import type { Route } from '../lib/route.ts';
import { CountsScreen } from './counts.tsx';
import { CustomersScreen } from './customers.tsx';
import { HomeScreen } from './home.tsx';
import { ImportScreen } from './import.tsx';
import { InvoiceDetailScreen } from './invoice-detail.tsx';
import { InvoicesScreen } from './invoices.tsx';
import { ReceivablesScreen } from './receivables.tsx';
import { ReportsScreen } from './reports.tsx';
import { OrderDetailScreen } from './order-detail.tsx';
import { OrderEntryScreen } from './order-entry.tsx';
import { OrdersScreen } from './orders.tsx';
import { PackingScreen } from './packing.tsx';
import { ProductsScreen } from './products.tsx';
import { PurchaseOrderScreen } from './purchase-order.tsx';
import { PurchasingScreen } from './purchasing.tsx';
import { SettingsScreen } from './settings.tsx';
import { StockScreen } from './stock.tsx';
import { SyncScreen } from './sync.tsx';
import { TransfersScreen } from './transfers.tsx';
import { UsersScreen } from './users.tsx';

export function ScreenFor({ route }: { readonly route: Route }) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'orders':
      return <OrdersScreen />;
    case 'order-new':
      return <OrderEntryScreen />;
    case 'order-edit':
      return <OrderEntryScreen orderId={route.id} />;
    case 'order':
      return <OrderDetailScreen id={route.id} />;
    case 'products':
      return <ProductsScreen />;
    case 'stock':
      return <StockScreen />;
    case 'customers':
      return <CustomersScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'users':
      return <UsersScreen />;
    case 'packing':
      return <PackingScreen />;
    case 'transfers':
      return <TransfersScreen />;
    case 'import':
      return <ImportScreen />;
    case 'invoices':
      return <InvoicesScreen />;
    case 'invoice':
      return <InvoiceDetailScreen id={route.id} />;
    case 'receivables':
      return <ReceivablesScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'purchasing':
      return <PurchasingScreen tab={route.tab} />;
    case 'purchase-order':
      return <PurchaseOrderScreen id={route.id} />;
    case 'counts':
      return <CountsScreen />;
    case 'count':
      return <CountsScreen id={route.id} />;
    case 'sync':
      return <SyncScreen />;
  }
}
