import { apiTokensHandlers } from './api-tokens.ts';
import { catalogHandlers } from './catalog.ts';
import type { Handlers } from './context.ts';
import { customersHandlers } from './customers.ts';
import { importsHandlers } from './imports.ts';
import { inventoryHandlers } from './inventory.ts';
import { orderRestructureHandlers } from './order-restructure.ts';
import { ordersHandlers } from './orders.ts';
import { settingsHandlers } from './settings.ts';
import { systemHandlers } from './system.ts';
import { webhooksHandlers } from './webhooks.ts';

/** One handler per contract operation; the type makes a missing one a compile error. */
export const handlers: Handlers = {
  ...settingsHandlers,
  ...catalogHandlers,
  ...customersHandlers,
  ...inventoryHandlers,
  ...ordersHandlers,
  ...orderRestructureHandlers,
  ...systemHandlers,
  ...importsHandlers,
  ...apiTokensHandlers,
  ...webhooksHandlers,
};
