// Where the ledger lives by default: the same folder Electron's app.getPath('userData') gives,
// so the desktop app and `npm start`'s browser fallback open the same file.
import os from 'node:os';
import path from 'node:path';
import pkg from '../package.json';

export const APP_NAME = pkg.productName;
export const APP_VERSION = pkg.version;

export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_NAME);
}

export function ledgerPathIn(userDataDir: string): string {
  return path.join(userDataDir, 'ledger.sqlite3');
}

/** The clerk's name in the audit log: the operating-system account. */
export function operatorName(): string {
  try {
    return os.userInfo().username || '操作员';
  } catch {
    return '操作员';
  }
}

/** The built renderer, beside the compiled main process or in the repository. */
export function rendererDir(fromDir: string): string {
  return path.resolve(fromDir, '..', 'dist', 'renderer');
}
