// Printing from the desktop app. The Electron app issue wires this to IPC and settings; it is
// type-checked here but cannot run where no Electron binary is installed.
//
// Electron is taken as a parameter, typed by the few members used, so this module compiles
// without the electron package and the app passes `require('electron')` in. A PDF is printed
// by loading it into a hidden window (Chromium's PDF viewer) and printing that window's
// contents: silently to the printer chosen for the document kind, or through the system
// dialog. Batches (all packing slips or labels of a pick list) are one PDF, so one job.
// Jobs run one after another in the main process, never on the renderer's thread; a failed
// job answers with the reason and can be sent again.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocKind } from '../../shared/documents/view-models.ts';

/** The members of Electron's WebContents.print options we use. */
type WebPrintOptions = {
  silent?: boolean;
  printBackground?: boolean;
  deviceName?: string;
  pageSize?: 'A4' | 'Letter' | { width: number; height: number };
  landscape?: boolean;
  copies?: number;
};

type PrinterInfo = { name: string; displayName: string; isDefault?: boolean };

type WebContentsLike = {
  print(options: WebPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  getPrintersAsync(): Promise<PrinterInfo[]>;
  once(event: 'did-finish-load', listener: () => void): unknown;
  once(event: 'did-fail-load', listener: (event: unknown, code: number, description: string) => void): unknown;
};

type BrowserWindowLike = {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  destroy(): void;
  isDestroyed(): boolean;
};

/** What this module needs from `require('electron')`. */
export type ElectronForPrinting = {
  BrowserWindow: new (options: { show: boolean; webPreferences: { plugins: boolean; sandbox: boolean; contextIsolation: boolean } }) => BrowserWindowLike;
};

/**
 * Per document kind, on this station: the printer and paper, and whether to print without a
 * dialog. Printers belong to a station, so this is station-local configuration (the app keeps
 * it in its user-data folder), not a ledger setting that sync would copy to other stations.
 */
export type StationPrinters = Partial<Record<DocKind, { deviceName: string | null; silent: boolean; paper?: 'A4' | 'Letter' | 'label-100x150'; copies?: number }>>;

export type PrintJob = { readonly kind: DocKind; readonly pdf: Buffer; readonly title: string; readonly copies?: number; readonly dialog?: boolean };
export type PrintOutcome = { readonly ok: true; readonly printer: string | null } | { readonly ok: false; readonly reason: string; readonly retriable: boolean };

/** Electron's page size for a paper: microns for the 100 × 150 mm label. */
export function pageSizeFor(paper: 'A4' | 'Letter' | 'label-100x150' | undefined): WebPrintOptions['pageSize'] | undefined {
  if (paper === 'label-100x150') return { width: 100_000, height: 150_000 };
  return paper;
}

export class PrintQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly electron: ElectronForPrinting,
    private readonly printers: () => StationPrinters,
  ) {}

  /** The printers the system offers, for the settings screen. */
  async listPrinters(): Promise<PrinterInfo[]> {
    const win = this.hiddenWindow();
    try {
      return await win.webContents.getPrintersAsync();
    } finally {
      win.destroy();
    }
  }

  /** Queues a job; jobs print one at a time, in order. Never rejects: failures are outcomes. */
  print(job: PrintJob): Promise<PrintOutcome> {
    const run = this.tail.then(() => this.printNow(job));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private hiddenWindow(): BrowserWindowLike {
    return new this.electron.BrowserWindow({ show: false, webPreferences: { plugins: true, sandbox: true, contextIsolation: true } });
  }

  private async printNow(job: PrintJob): Promise<PrintOutcome> {
    const choice = this.printers()[job.kind];
    const silent = job.dialog ? false : (choice?.silent ?? false);
    if (silent && !choice?.deviceName) return { ok: false, reason: `No printer is chosen for ${job.kind}; choose one in the settings or print with the dialog.`, retriable: false };
    const dir = mkdtempSync(join(tmpdir(), 'shopledger-print-'));
    const win = this.hiddenWindow();
    try {
      const file = join(dir, `${job.title.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.pdf`);
      writeFileSync(file, job.pdf);
      await new Promise<void>((resolve, reject) => {
        win.webContents.once('did-finish-load', () => resolve());
        win.webContents.once('did-fail-load', (_e, code, description) => reject(new Error(`the PDF did not load (${code} ${description})`)));
        win.loadURL(pathToFileURL(file).href).catch(reject);
      });
      if (silent) {
        const available = await win.webContents.getPrintersAsync();
        if (!available.some((p) => p.name === choice!.deviceName)) {
          return { ok: false, reason: `The printer "${choice!.deviceName}" is not connected.`, retriable: true };
        }
      }
      const pageSize = pageSizeFor(choice?.paper);
      const options: WebPrintOptions = {
        silent,
        printBackground: true,
        copies: job.copies ?? choice?.copies ?? 1,
        ...(choice?.deviceName ? { deviceName: choice.deviceName } : {}),
        ...(pageSize ? { pageSize } : {}),
      };
      const [success, failureReason] = await new Promise<[boolean, string]>((resolve) => win.webContents.print(options, (ok, reason) => resolve([ok, reason])));
      if (success) return { ok: true, printer: choice?.deviceName ?? null };
      // "cancelled" is the person closing the dialog: not an error, but nothing printed.
      return { ok: false, reason: failureReason === 'cancelled' ? 'Printing was cancelled.' : `The printer refused the job: ${failureReason}`, retriable: failureReason !== 'cancelled' };
    } catch (e) {
      return { ok: false, reason: (e as Error).message, retriable: true };
    } finally {
      if (!win.isDestroyed()) win.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
