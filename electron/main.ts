// The desktop app's main process: one instance, one window, the ledger in the user's data folder,
// the page loaded from app://ledger and reaching the ledger only through the 'hotline:call' channel.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { openLedger, closeLedger, type Ledger } from './ledger/open';
import { createContext } from './api/context';
import { APP_NAME, APP_VERSION, ledgerPathIn, operatorName } from './paths';
import { APP_ORIGIN } from './security';
import { APP_SCHEME_PRIVILEGES, serveAppScheme } from './protocol';
import { createMainWindow, denyPermissions } from './window';
import { registerIpcTransport } from './transport/ipc';
import { rendererDir } from './cli/commands/serve';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What the clerk reads when the ledger cannot be opened; the file is never touched in that case. */
function ledgerFailureText(error: unknown, file: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)) {
    return `数据库组件 better-sqlite3 不是为本版本 Electron 编译的，请在项目目录运行 npx electron-builder install-app-deps 后重试。\n\n${message}`;
  }
  return `${message}\n\n台账文件：${file}`;
}

app.commandLine.appendSwitch('lang', 'zh-CN');
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let mainWindow: BrowserWindow | null = null;
let ledger: Ledger | null = null;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function start(): void {
  const file = ledgerPathIn(app.getPath('userData'));
  try {
    ledger = openLedger(file);
  } catch (e) {
    dialog.showErrorBox(`${APP_NAME}：无法打开台账`, ledgerFailureText(e, file));
    app.exit(1);
    return;
  }
  const ctx = createContext(ledger, { who: operatorName(), source: 'ui' }, APP_VERSION);

  if (process.platform !== 'darwin') Menu.setApplicationMenu(null);
  denyPermissions(session.defaultSession);
  serveAppScheme(session.defaultSession.protocol, rendererDir());
  registerIpcTransport(ipcMain, ctx);

  mainWindow = createMainWindow(BrowserWindow, { preloadPath: path.join(here, 'preload.cjs'), devTools: !app.isPackaged });
  mainWindow.on('closed', () => { mainWindow = null; });
  void mainWindow.loadURL(`${APP_ORIGIN}/`);
}

if (!app.requestSingleInstanceLock()) {
  // Another window already has the ledger open: it comes to the front instead (second-instance).
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    if (ledger) closeLedger(ledger);
    ledger = null;
  });
  void app.whenReady().then(start);
}
