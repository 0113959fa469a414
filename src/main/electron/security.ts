import { app, session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';

/** The renderer is served from this custom origin; nothing else may load in the window. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'shopledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export { CONTENT_SECURITY_POLICY };

/** True when a URL belongs to the app's own pages (used for navigation and IPC sender checks). */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Navigation, redirects, new windows, webviews and permission prompts are all refused. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}
