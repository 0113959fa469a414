import type { JournaledTable } from '../db/schema.ts';

// Which journaled rows travel between stations, and how they merge (docs/SYNC.md "What merges how").

/**
 * Rows that belong to one station: its number-series counters (numbers carry the station code,
 * so each station counts its own), stock levels (derived from movements on every station),
 * integration credentials and webhook targets (each station's own integrations).
 */
const LOCAL_TABLES: ReadonlySet<string> = new Set<JournaledTable>(['number_series', 'stock_level', 'api_token', 'webhook_subscription']);
/** Settings of one station only: its identity. */
const LOCAL_SETTINGS: ReadonlySet<string> = new Set(['station']);

/** Rows that are written once and never updated: no clocks needed, inserts never conflict. */
export const APPEND_ONLY_TABLES: ReadonlySet<string> = new Set<JournaledTable>(['stock_movement', 'order_status_change']);

export function isLocalRow(table: string, id: string): boolean {
  return LOCAL_TABLES.has(table) || (table === 'setting' && LOCAL_SETTINGS.has(id));
}

/** Rows whose fields merge last-writer-wins by clock, so their writes record a clock. */
export function needsClock(table: string, id: string): boolean {
  return !APPEND_ONLY_TABLES.has(table) && !isLocalRow(table, id);
}
