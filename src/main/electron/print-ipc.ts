// The desktop app's printing over IPC: the renderer's preview asks for a document by kind and
// id; the main process renders it through the same print entry as the CLI and HTTP, and hands
// the PDF to the print queue (print.ts) with this station's printer for the kind. The station's
// choices are a small JSON file in the app's user-data folder: printers belong to a computer,
// so they are not ledger settings that sync would copy to other stations.
// Type-checked here; it runs only inside Electron.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipcMain } from 'electron';
import { cleanPrinterChoice, PRINT_CHANNELS, type PrinterChoice, type PrintRequestBridge, type PrintResult, type StationPrinterMap } from '../../shared/documents/print-bridge.ts';
import { DOC_KINDS, DOC_LANGS, type DocKind } from '../../shared/documents/view-models.ts';
import type { Caller } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { printDocuments } from '../documents/print.ts';
import { PrintQueue, type ElectronForPrinting } from './print.ts';
import { isAppUrl } from './security.ts';

const FILE = 'station-printers.json';

function isKind(v: unknown): v is DocKind {
  return typeof v === 'string' && (DOC_KINDS as readonly string[]).includes(v);
}

export function readStationPrinters(folder: string): StationPrinterMap {
  try {
    const raw = JSON.parse(readFileSync(join(folder, FILE), 'utf8')) as Record<string, PrinterChoice>;
    return Object.fromEntries(Object.entries(raw).filter(([k, v]) => isKind(k) && typeof v === 'object' && v !== null).map(([k, v]) => [k, cleanPrinterChoice(v)]));
  } catch {
    return {};
  }
}

/**
 * Printing over IPC, from the app's own page only; documents are made as the window's
 * signed-in user (callerOf), so printing never reaches what that user may not read.
 */
export function handlePrinting(electron: ElectronForPrinting, dispatcher: Dispatcher, userData: string, callerOf: (webContentsId: number) => Promise<Caller>): void {
  let station = readStationPrinters(userData);
  const queue = new PrintQueue(electron, () => station);
  type Sender = { senderFrame?: { url?: string } | null; sender: { mainFrame: unknown } };
  const fromApp = (event: Sender) => {
    if (!isAppUrl(event.senderFrame?.url) || event.senderFrame !== event.sender.mainFrame) throw new Error('Printing is accepted from the app window only');
  };

  ipcMain.handle(PRINT_CHANNELS.printers, async (event) => {
    fromApp(event);
    return queue.listPrinters();
  });
  ipcMain.handle(PRINT_CHANNELS.station, (event) => {
    fromApp(event);
    return station;
  });
  ipcMain.handle(PRINT_CHANNELS.setStation, (event, kind: unknown, choice: PrinterChoice | null) => {
    fromApp(event);
    if (!isKind(kind)) throw new Error(`Unknown document kind ${String(kind)}`);
    const next = { ...station };
    if (choice) next[kind] = cleanPrinterChoice(choice);
    else delete next[kind];
    writeFileSync(join(userData, FILE), JSON.stringify(next, null, 2));
    station = next;
    return station;
  });
  ipcMain.handle(PRINT_CHANNELS.print, async (event, request: PrintRequestBridge): Promise<PrintResult> => {
    fromApp(event);
    if (!isKind(request?.kind)) return { ok: false, reason: 'Unknown document kind', retriable: false };
    const lang = request.lang && (DOC_LANGS as readonly string[]).includes(request.lang) ? request.lang : undefined;
    try {
      const printed = await printDocuments(dispatcher, await callerOf(event.sender.id), { kind: request.kind, ids: [...request.ids], ...(lang ? { lang } : {}) });
      return queue.print({ kind: request.kind, pdf: printed.pdf, title: printed.fileName.replace(/\.pdf$/, ''), dialog: request.dialog === true });
    } catch (e) {
      // A document that cannot be made (unknown id, no permission) is not worth retrying.
      return { ok: false, reason: (e as Error).message, retriable: false };
    }
  });
}
