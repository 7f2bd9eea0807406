// Opening the ledger file: pragmas, migrations, the version guard.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/result';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';
import { seedDefaultDictionaries } from './dictionaries';
import { backupBeforeMigration } from '../services/backup/backups';
import { unwritableLedgerError } from '../services/integrity';

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
  // SQLite reads '' as 'a temporary database': a clerk's work would vanish on close.
  if (file.trim() === '' || file === ':memory:') throw new AppError('not_found', '未指定台账文件');
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
    throw unwritableLedgerError(file, e) ?? new AppError('bad_file', `${path.basename(file)} 不是有效的台账文件：${(e as Error).message}`);
  }
  return { db, path: path.resolve(file) };
}

/**
 * Applies the migrations after `from`, each in its own transaction, outside any transaction of
 * the caller. Foreign keys are off meanwhile (better-sqlite3 turns them on by default), as
 * SQLite's procedure for changing a table requires; instead each step checks every reference
 * before it commits. A step that fails or leaves a dangling reference is rolled back, and the
 * file stays at the last good version.
 */
export function migrate(db: Db, from: number): void {
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    migrateSteps(db, from);
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

function migrateSteps(db: Db, from: number): void {
  let at = from;
  for (const m of MIGRATIONS) {
    if (m.version <= at) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length > 0) throw new Error(`${broken.length} 处引用失效（如 ${broken[0].table} → ${broken[0].parent}）`);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (e) {
      throw new AppError(
        'internal',
        `台账文件升级失败（数据版本 ${at} → ${m.version}：${m.name}）：${(e as Error).message}。文件保留在数据版本 ${at}，请联系维护人员。`,
      );
    }
    at = m.version;
  }
}

export function closeLedger(ledger: Ledger): void {
  if (ledger.db.open) ledger.db.close();
}
