// What the desktop app's preload offers the renderer for printing, beside the contract client.
// Absent in browser mode: there the preview opens the PDF and the browser prints it.

import type { DocKind, DocLang } from './view-models.ts';

export const PRINT_CHANNELS = {
  printers: 'shopledger:printers',
  station: 'shopledger:station-printers',
  setStation: 'shopledger:set-station-printer',
  print: 'shopledger:print',
} as const;

export const STATION_PAPERS = ['A4', 'Letter', 'label-100x150'] as const;
export type StationPaper = (typeof STATION_PAPERS)[number];
export const MAX_COPIES = 20;

/** deviceName null: the print dialog. paper absent: what the printer is set to. copies absent: one. */
export type PrinterChoice = { readonly deviceName: string | null; readonly silent: boolean; readonly paper?: StationPaper; readonly copies?: number };

/**
 * A choice as the station keeps it, whatever the renderer sent: unknown papers dropped, copies
 * a whole number from 1 to MAX_COPIES, no silent printing without a printer (there is nothing
 * to print to silently).
 */
export function cleanPrinterChoice(raw: unknown): PrinterChoice {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const deviceName = typeof r.deviceName === 'string' && r.deviceName.trim() !== '' ? r.deviceName : null;
  const paper = (STATION_PAPERS as readonly unknown[]).includes(r.paper) ? (r.paper as StationPaper) : undefined;
  const copies = typeof r.copies === 'number' && Number.isInteger(r.copies) ? Math.min(MAX_COPIES, Math.max(1, r.copies)) : undefined;
  return { deviceName, silent: deviceName !== null && r.silent === true, ...(paper ? { paper } : {}), ...(copies !== undefined && copies !== 1 ? { copies } : {}) };
}
/** Per document kind, the printer of this station (kept on the station, not in the ledger). */
export type StationPrinterMap = Partial<Record<DocKind, PrinterChoice>>;

export type PrintRequestBridge = { readonly kind: DocKind; readonly ids: readonly string[]; readonly lang?: DocLang; readonly dialog?: boolean };
export type PrintResult = { readonly ok: true; readonly printer: string | null } | { readonly ok: false; readonly reason: string; readonly retriable: boolean };

export type PrintBridge = {
  printers(): Promise<{ name: string; displayName: string; isDefault?: boolean }[]>;
  station(): Promise<StationPrinterMap>;
  setStation(kind: DocKind, choice: PrinterChoice | null): Promise<StationPrinterMap>;
  print(request: PrintRequestBridge): Promise<PrintResult>;
};

/** Where the document route serves a document (HTTP in browser mode, the app scheme in Electron). */
export function documentPath(kind: DocKind, id: string, lang?: DocLang): string {
  return `/api/v1/documents/${kind}/${encodeURIComponent(id)}.pdf${lang ? `?lang=${lang}` : ''}`;
}
