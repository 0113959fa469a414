// Bundled into one CommonJS file (sandboxed preloads cannot load other files or ES modules).
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, unwrapEnvelope, type LedgerClient } from '../../shared/client.ts';
import { PRINT_CHANNELS, type PrintBridge } from '../../shared/documents/print-bridge.ts';

/**
 * The typed client of the contract crosses into the page (and, below, the print bridge). No channel name,
 * no ipcRenderer, no Node. contextBridge copies errors by message only, so a failure is
 * rejected as an Error whose message is the AppError body as JSON; the renderer's
 * `fromBridgeError` rebuilds it.
 */
const client = {
  call: (op, input) =>
    ipcRenderer.invoke(IPC_CHANNEL, op, input).then(
      (envelope: unknown) => {
        try {
          return unwrapEnvelope(envelope) as never;
        } catch (e) {
          const body = e instanceof Error && 'toJSON' in e ? (e as { toJSON(): unknown }).toJSON() : { code: 'internal', message: String(e) };
          throw new Error(JSON.stringify(body), { cause: e });
        }
      },
    ),
} satisfies LedgerClient;

contextBridge.exposeInMainWorld('shopledger', client);

/** Printing through the main process's print queue (the renderer never sees a printer API). */
const printing = {
  printers: () => ipcRenderer.invoke(PRINT_CHANNELS.printers),
  station: () => ipcRenderer.invoke(PRINT_CHANNELS.station),
  setStation: (kind, choice) => ipcRenderer.invoke(PRINT_CHANNELS.setStation, kind, choice),
  print: (request) => ipcRenderer.invoke(PRINT_CHANNELS.print, request),
} satisfies PrintBridge;

contextBridge.exposeInMainWorld('shopledgerPrint', printing);
