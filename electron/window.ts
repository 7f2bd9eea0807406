// The one window: locked-down web preferences, navigation and new windows denied, permissions
// denied (except the clipboard for our own page), the title kept as the product name.
// The decisions are pure functions so they are unit tested without Electron.
// Types only: importing 'electron' at run time outside Electron tries to download its binary.
import type { BrowserWindow, Session, WebPreferences } from 'electron';
import { APP_NAME } from './paths';
import { isAppUrl } from './security';

/** The window's web preferences: the Electron security checklist, with our preload as the only bridge. */
export function secureWebPreferences(preloadPath: string, opts: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    experimentalFeatures: false,
    spellcheck: false,
    devTools: opts.devTools,
  };
}

/** Whether the window may go to a URL: only the app's own pages (a reload or an in-app link). */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Whether a permission asked by a page is granted. Only our own page, and only the clipboard: the
 * grid copies cells out and may read a block pasted from Excel/WPS. Camera, location,
 * notifications, opening external programs and everything else are refused.
 */
export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  const clipboard = permission === 'clipboard-read' || permission === 'clipboard-sanitized-write';
  return clipboard && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

/** Applies the permission rule to every request and check of the session. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl || webContents.getURL()));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}

export interface MainWindowOptions {
  preloadPath: string;
  devTools: boolean;
}

/** The window, built with Electron's BrowserWindow class (passed in, so this module loads without Electron). */
export function createMainWindow(Window: typeof BrowserWindow, opts: MainWindowOptions): BrowserWindow {
  const win = new Window({
    title: APP_NAME,
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(opts.preloadPath, { devTools: opts.devTools }),
  });
  const wc = win.webContents;
  // The product name stays in the title bar whatever <title> the page sets.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  wc.on('will-navigate', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  wc.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  // There is no menu on Windows/Linux (its accelerators would take Ctrl+Z from the grid's own
  // undo), so F12 opens the developer tools where they are allowed (an unpackaged run).
  if (opts.devTools) {
    wc.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'F12') {
        wc.toggleDevTools();
        event.preventDefault();
      }
    });
  }
  return win;
}
