// What the desktop app's preload offers the renderer for printing, beside the contract client.
// Absent in browser mode: there the preview opens the PDF and the browser prints it.

import type { DocKind, DocLang } from './view-models.ts';

export const PRINT_CHANNELS = {
  printers: 'shopledger:printers',
  station: 'shopledger:station-printers',
  setStation: 'shopledger:set-station-printer',
  print: 'shopledger:print',
} as const;

export type PrinterChoice = { readonly deviceName: string | null; readonly silent: boolean };
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
