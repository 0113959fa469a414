import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { app, BrowserWindow, Menu } from 'electron';
import { openApp, type App } from '../app.ts';
import { defaultLedgerFile } from '../paths.ts';
import { handleCalls } from './ipc.ts';
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
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSessions();
  Menu.setApplicationMenu(null);
  const file = resolve(process.env.SHOPLEDGER_LEDGER ?? defaultLedgerFile());
  mkdirSync(dirname(file), { recursive: true });
  ledger = await openApp({ file });
  handleCalls(ledger.dispatcher, ledger.ledger, ledger.clock);
  serveRenderer(rendererRoot);
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
}

app.on('window-all-closed', () => {
  void ledger?.close().finally(() => app.quit());
});

start().catch((e: unknown) => {
  console.error(e);
  app.exit(1);
});
