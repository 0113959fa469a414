import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The Electron shell cannot run here (no display, no Electron binary in CI), so its security
 * checklist (docs/SECURITY.md) is checked in its source: the window's webPreferences as
 * written, and the presence of each lock-down. A setting removed or flipped fails this test.
 */

const DIR = resolve(import.meta.dirname, '..', 'src', 'main', 'electron');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

function webPreferences(file: string): Record<string, string> {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  const found: Record<string, string>[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'webPreferences' && ts.isObjectLiteralExpression(node.initializer)) {
      found.push(Object.fromEntries(node.initializer.properties.filter(ts.isPropertyAssignment).map((p) => [p.name.getText(source), p.initializer.getText(source)])));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  expect(found, `${file} has one webPreferences`).toHaveLength(1);
  return found[0]!;
}

describe('Electron security checklist, as written in src/main/electron', () => {
  it('the app window: context isolation, sandbox, no Node, web security on, no webview, no insecure content, no experiments', () => {
    expect(webPreferences('main.ts')).toMatchObject({
      contextIsolation: 'true',
      sandbox: 'true',
      nodeIntegration: 'false',
      nodeIntegrationInWorker: 'false',
      webSecurity: 'true',
      allowRunningInsecureContent: 'false',
      webviewTag: 'false',
      experimentalFeatures: 'false',
      navigateOnDragDrop: 'false',
    });
    const prefs = webPreferences('main.ts');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('nodeIntegrationInSubFrames');
    expect(read('main.ts')).toMatch(/app\.enableSandbox\(\)/);
    expect(read('main.ts')).toMatch(/loadURL\(`\$\{APP_ORIGIN\}\/index\.html`\)/);
  });

  it('hidden print windows are sandboxed and isolated too', () => {
    expect(webPreferences('print.ts')).toMatchObject({ sandbox: 'true', contextIsolation: 'true' });
    expect(webPreferences('print.ts')).not.toHaveProperty('preload');
  });

  it('navigation, redirects, new windows, webviews and permission requests are refused', () => {
    const s = read('security.ts');
    expect(s).toMatch(/'will-navigate', \(event, url\) => \{\s*if \(!isAppUrl\(url\)\) event\.preventDefault\(\)/);
    expect(s).toMatch(/'will-redirect', \(event, url\) => \{\s*if \(!isAppUrl\(url\)\) event\.preventDefault\(\)/);
    expect(s).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(s).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(s).toMatch(/setPermissionRequestHandler\(\(_contents, _permission, callback\) => callback\(false\)\)/);
    expect(s).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(s).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => lockDownContents\(contents\)\)/);
  });

  it('the page gets the CSP, from a custom scheme that cannot leave its folder', () => {
    const p = read('protocol.ts');
    expect(p).toMatch(/'content-security-policy': CONTENT_SECURITY_POLICY/);
    expect(p).toMatch(/startsWith\(root \+ sep\)/);
    expect(p).toMatch(/standard: true, secure: true/);
  });

  it('IPC: one channel, sender frame checked, the session kept in the main process', () => {
    const ipc = read('ipc.ts');
    expect(ipc).toMatch(/if \(!isAppUrl\(event\.senderFrame\?\.url\) \|\| event\.senderFrame !== event\.sender\.mainFrame\)/);
    expect(ipc).not.toMatch(/LOCAL_OWNER/);
    const preload = read('preload.ts');
    // Exactly two bridges cross: the contract's client and the print bridge (both over invoke).
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(2);
    expect(preload).toMatch(/exposeInMainWorld\('shopledger', client\)/);
    expect(preload).toMatch(/exposeInMainWorld\('shopledgerPrint', printing\)/);
    const printing = read('print-ipc.ts');
    expect(printing).not.toMatch(/LOCAL_OWNER/);
    expect(printing).toMatch(/event\.senderFrame !== event\.sender\.mainFrame/);
    expect(preload).not.toMatch(/ipcRenderer\.(on|send|sendSync)\b/);
  });

  it('no remote content and no shell.openExternal anywhere in the shell', () => {
    for (const f of ['main.ts', 'security.ts', 'protocol.ts', 'ipc.ts', 'preload.ts', 'print.ts']) {
      const text = read(f);
      expect(text, f).not.toMatch(/openExternal|https?:\/\/(?!localhost)/);
    }
  });
});
