import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as electron from 'electron';
import { app, BrowserWindow, Menu } from 'electron';
import { openApp, type App } from '../app.ts';
import { encryptLedger } from '../backup/encrypt.ts';
import { startBackupSchedule, type BackupSchedule } from '../backup/schedule.ts';
import { fileKind } from '../db/cipher.ts';
import { passphraseKey } from '../keys.ts';
import { defaultLedgerFile } from '../paths.ts';
import { keychainKey } from './keychain.ts';
import { handleCalls } from './ipc.ts';
import { documentResponse } from './documents.ts';
import { handlePrinting } from './print-ipc.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { APP_ORIGIN, lockDownSessions } from './security.ts';

/**
 * The desktop shell: one window on the built renderer, the ledger in this process, the
 * contract over IPC. Bundled to dist/electron/main.js (see bin/build-electron.js).
 */

const here = __dirname;
const rendererRoot = resolve(process.env.SHOPLEDGER_RENDERER ?? join(here, '..', 'renderer'));

registerAppScheme();
app.enableSandbox();

let ledger: App | undefined;
let backups: BackupSchedule | undefined;
let appWindow: BrowserWindow | undefined;

async function createWindow(): Promise<void> {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'ShopLedger',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  appWindow = window;
  window.once('closed', () => (appWindow = undefined));
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSessions();
  Menu.setApplicationMenu(null);
  const file = resolve(process.env.SHOPLEDGER_LEDGER ?? defaultLedgerFile());
  mkdirSync(dirname(file), { recursive: true });
  // A passphrase in the environment wins; otherwise the keychain's key. A plain ledger is
  // encrypted in place (write new, verify, swap) the first time a key is at hand.
  const key = passphraseKey() ?? keychainKey(file);
  if (key && fileKind(file) === 'plain') await encryptLedger(file, key);
  ledger = await openApp({ file, ...(key ? { key } : {}) });
  backups = startBackupSchedule(ledger);
  const callerOf = handleCalls(ledger.dispatcher, ledger.ledger, ledger.clock);
  handlePrinting(electron, ledger.dispatcher, app.getPath('userData'), callerOf);
  // Documents print as the signed-in user of the app's window, never as anyone else.
  serveRenderer(rendererRoot, documentResponse(ledger.dispatcher, () => callerOf(appWindow?.webContents.id)));
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
}

app.on('window-all-closed', () => {
  // The on-exit backup runs before the ledger closes.
  void (backups?.stop() ?? Promise.resolve())
    .then(() => ledger?.close())
    .finally(() => app.quit());
});

start().catch((e: unknown) => {
  console.error(e);
  app.exit(1);
});
