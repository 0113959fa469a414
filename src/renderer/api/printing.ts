import type { PrintBridge } from '../../shared/documents/print-bridge.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly shopledgerPrint?: PrintBridge;
  }
}

/** Printing through the desktop app's print queue, or undefined in browser mode. */
export function printBridge(): PrintBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.shopledgerPrint;
}
