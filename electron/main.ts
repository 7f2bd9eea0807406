// The desktop app's main process: one instance, one window, the ledger in the user's data folder,
// the page loaded from app://ledger and reaching the ledger only through the 'hotline:call' channel.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, session } from 'electron';
import { openLedger, closeLedger, type Ledger } from './ledger/open';
import { createContext } from './api/context';
import { APP_NAME, APP_VERSION, ledgerPathIn, operatorName } from './paths';
import { APP_ORIGIN } from './security';
import { APP_SCHEME_PRIVILEGES, serveAppScheme } from './protocol';
import { createMainWindow, denyPermissions } from './window';
import { registerIpcTransport } from './transport/ipc';
import { rendererDir } from './cli/commands/serve';
import { checkLedgerAtStart, damagedLedgerMessage } from './services/integrity';
import { restoreLedger } from './services/backup/restore';
import { dailyBackupIfDue } from './services/backup/backups';
import { startDueNotifications } from './dueNotifications';
import { hiddenWindowPrinter } from './pagePrinter';
import { usePagePrinter } from './services/bulletin/pdf';

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

/**
 * quick_check before opening: a damaged ledger is never opened for writing. The clerk is told in
 * plain words and offered the newest good backup (restoring keeps a copy of the damaged file).
 * Returns whether the app may go on.
 */
function ledgerIsUsable(file: string): boolean {
  const check = checkLedgerAtStart(file);
  if (check.ok) return true;
  const backup = check.newestGoodBackup;
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    title: `${APP_NAME}：台账文件已损坏`,
    message: damagedLedgerMessage(file, check),
    buttons: backup ? ['恢复最近的完好备份', '退出'] : ['退出'],
    defaultId: 0,
    cancelId: backup ? 1 : 0,
  });
  if (!backup || choice !== 0) return false;
  try {
    restoreLedger(file, backup.file, { actor: { who: operatorName(), source: 'ui' } });
    return true;
  } catch (e) {
    dialog.showErrorBox(`${APP_NAME}：恢复失败`, (e as Error).message);
    return false;
  }
}

function start(): void {
  const file = ledgerPathIn(app.getPath('userData'));
  if (!ledgerIsUsable(file)) {
    app.exit(1);
    return;
  }
  try {
    ledger = openLedger(file);
  } catch (e) {
    dialog.showErrorBox(`${APP_NAME}：无法打开台账`, ledgerFailureText(e, file));
    app.exit(1);
    return;
  }
  const ctx = createContext(ledger, { who: operatorName(), source: 'ui' }, APP_VERSION);
  try {
    dailyBackupIfDue(ledger.path); // the first start of the day keeps a verified copy (rotated)
  } catch (e) {
    dialog.showErrorBox(`${APP_NAME}：今日自动备份失败`, `${(e as Error).message}\n台账照常打开；请在“设置 → 备份”检查备份文件夹。`);
  }

  if (process.platform !== 'darwin') Menu.setApplicationMenu(null);
  denyPermissions(session.defaultSession);
  serveAppScheme(session.defaultSession.protocol, rendererDir());
  registerIpcTransport(ipcMain, ctx);
  // The bulletin's PDF and chart pictures come from a hidden window of the app (no Chromium on an office PC).
  usePagePrinter(hiddenWindowPrinter(BrowserWindow, app.getPath('temp')));

  mainWindow = createMainWindow(BrowserWindow, { preloadPath: path.join(here, 'preload.cjs'), devTools: !app.isPackaged });
  mainWindow.on('closed', () => { mainWindow = null; });
  void mainWindow.loadURL(`${APP_ORIGIN}/`);
  const stopNotifications = startDueNotifications(ctx, Notification, () => {
    focusMainWindow();
    void mainWindow?.loadURL(`${APP_ORIGIN}/#/board`);
  });
  app.once('will-quit', stopNotifications);
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
