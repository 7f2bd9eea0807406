// Opening the ledger file: pragmas, migrations, the version guard.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/result';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';
import { seedDefaultDictionaries } from './dictionaries';
import { backupBeforeMigration } from '../services/backup/backups';

export type Db = Database.Database;

export interface Ledger {
  db: Db;
  path: string;
}

export interface OpenOptions {
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  readonly?: boolean;
}

export function openLedger(file: string, options: OpenOptions = {}): Ledger {
  const { create = true, readonly = false } = options;
  const exists = fs.existsSync(file);
  if (!exists && (!create || readonly)) throw new AppError('not_found', `台账文件不存在：${file}`);
  if (!exists) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly, fileMustExist: !create });
  } catch (e) {
    throw new AppError('bad_file', `无法打开台账文件 ${file}：${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) {
      throw new AppError(
        'ledger_too_new',
        `台账文件 ${path.basename(file)} 由更新版本的软件创建（数据版本 ${version}，本软件支持到 ${LATEST_VERSION}），请升级软件后再打开；文件未作任何改动。`,
      );
    }
    // Version 0 with tables is some other program's database: migrating it would write our tables
    // (and WAL mode) into a file that is not ours. Our own migrations set user_version with their tables.
    if (version === 0 && (db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n > 0) {
      throw new AppError('bad_file', `${path.basename(file)} 不是有效的台账文件：其中已有其他程序的数据表，未作任何改动。`);
    }
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!readonly) {
      if (version > 0 && version < LATEST_VERSION) backupBeforeMigration(path.resolve(file), version, LATEST_VERSION);
      migrate(db, version);
      seedDefaultDictionaries(db);
    }
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    throw new AppError('bad_file', `${path.basename(file)} 不是有效的台账文件：${(e as Error).message}`);
  }
  return { db, path: path.resolve(file) };
}

export function migrate(db: Db, from: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export function closeLedger(ledger: Ledger): void {
  if (ledger.db.open) ledger.db.close();
}
