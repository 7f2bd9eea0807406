// Restoring the ledger from a backup. The chosen backup is checked first (intact, ours, not from a
// newer version); the current ledger is backed up before anything changes (or, when it is damaged,
// copied as it is); then the backup is copied onto the ledger with the online backup API in one
// write transaction, so a crash or power cut during a restore leaves the old ledger whole, and a
// connection the app holds open sees the restored ledger on its next read.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { nowCst } from '../../../shared/time';
import { appendAudit, type Actor } from '../../ledger/audit';
import { migrate, type Db } from '../../ledger/open';
import { LATEST_VERSION } from '../../ledger/migrations/index';
import { copyDatabaseOnline } from './sqliteCopy';
import { backupLedger, inspectDatabaseFile, reasonOf, backupFolderOf, defaultBackupFolder, type BackupResult } from './backups';

export interface RestoreResult {
  restoredFrom: string;
  orderCount: number;
  /** The backup of the ledger as it was just before the restore (a raw copy when it was damaged). */
  safetyBackup: { file: string; damaged: boolean } | null;
  ms: number;
}

/** Checks that `file` is an intact ledger this version can open; returns its data version and order count. */
export function assertRestorable(file: string): { userVersion: number; orderCount: number } {
  if (!fs.existsSync(file)) throw new AppError('not_found', `备份文件不存在：${file}`);
  const check = inspectDatabaseFile(file, true);
  if (!check.ok) {
    throw new AppError('bad_file', `备份文件 ${path.basename(file)} 已损坏（${check.problems.slice(0, 2).join('；')}），不能用于恢复，请选择另一份备份`);
  }
  if (check.orderCount === null || check.userVersion < 1) throw new AppError('bad_file', `${path.basename(file)} 不是本软件的台账备份`);
  if (check.userVersion > LATEST_VERSION) {
    throw new AppError('ledger_too_new', `备份 ${path.basename(file)} 由更新版本的软件创建（数据版本 ${check.userVersion}），请升级软件后再恢复`);
  }
  return { userVersion: check.userVersion, orderCount: check.orderCount };
}

/** A byte copy of a damaged ledger (with its WAL) into the backup folder, for later rescue. */
export function keepDamagedCopy(ledgerPath: string, now = nowCst()): string {
  let folder = backupFolderOf(ledgerPath);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch {
    folder = defaultBackupFolder(ledgerPath);
    fs.mkdirSync(folder, { recursive: true });
  }
  const base = path.basename(ledgerPath).replace(/\.(sqlite3?|db)$/i, '');
  const stamp = now.replace(/[-:]/g, '').replace(' ', '-');
  let dest = path.join(folder, `${base}_${stamp}_damaged.sqlite3`);
  for (let n = 2; fs.existsSync(dest); n++) dest = path.join(folder, `${base}_${stamp}-${n}_damaged.sqlite3`);
  fs.copyFileSync(ledgerPath, dest);
  if (fs.existsSync(`${ledgerPath}-wal`)) fs.copyFileSync(`${ledgerPath}-wal`, `${dest}-wal`);
  return dest;
}

/** Backs up the current ledger before it is replaced; a damaged one is kept as a byte copy. */
function safetyBackupOf(ledgerPath: string, now: string): RestoreResult['safetyBackup'] {
  if (!fs.existsSync(ledgerPath)) return null;
  let backup: BackupResult;
  try {
    backup = backupLedger(ledgerPath, { kind: 'restore', now });
  } catch (e) {
    if (e instanceof AppError && e.code === 'bad_file') {
      try {
        return { file: keepDamagedCopy(ledgerPath, now), damaged: true };
      } catch (e2) {
        throw new AppError('internal', `恢复前无法保存当前台账的副本（${reasonOf(e2)}），未做任何改动`);
      }
    }
    const reason = e instanceof AppError ? e.message : reasonOf(e);
    throw new AppError('internal', `恢复前备份当前台账失败，未做任何改动。${reason}`);
  }
  return { file: backup.file, damaged: false };
}

export interface RestoreOptions {
  actor: Actor;
  /** The app's open connection to the ledger, if any: the audit record is written through it. */
  liveDb?: Db;
  now?: string;
}

/** Replaces the ledger's content with the backup `from`, after backing up the current state. */
export function restoreLedger(ledgerPath: string, from: string, opts: RestoreOptions): RestoreResult {
  const started = Date.now();
  const now = opts.now ?? nowCst();
  const target = path.resolve(ledgerPath);
  const source = path.resolve(from);
  if (source === target) throw new AppError('validation', '不能用台账文件本身来恢复');
  const { userVersion, orderCount } = assertRestorable(source);
  const safetyBackup = safetyBackupOf(target, now);
  fs.mkdirSync(path.dirname(target), { recursive: true });

  // A backup from an older version is brought up to date in a scratch copy first, so the ledger
  // goes straight from its old content to the restored content at the current version.
  const scratch = `${target}.restore-${process.pid}.sqlite3`;
  let sourceDb: Database.Database | null = null;
  try {
    if (userVersion < LATEST_VERSION) {
      const original = new Database(source, { readonly: true });
      try {
        copyDatabaseOnline(original, scratch);
      } finally {
        original.close();
      }
      sourceDb = new Database(scratch);
      sourceDb.pragma('foreign_keys = ON');
      migrate(sourceDb, userVersion);
    } else {
      sourceDb = new Database(source, { readonly: true });
    }
    copyDatabaseOnline(sourceDb, target);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('internal', `恢复失败：${reasonOf(e)}；台账保持恢复前的状态`);
  } finally {
    sourceDb?.close();
    for (const f of [scratch, `${scratch}-wal`, `${scratch}-shm`, `${scratch}-journal`]) fs.rmSync(f, { force: true });
  }

  // The audit log of the restored ledger records the restore itself.
  const db = opts.liveDb ?? new Database(target);
  try {
    if (!opts.liveDb) db.pragma('journal_mode = WAL');
    appendAudit(db, opts.actor, [{
      action: 'restore', entity: 'settings', entityId: null, field: 'ledger',
      oldValue: safetyBackup ? `恢复前的台账已备份：${safetyBackup.file}` : null,
      newValue: `从备份恢复：${source}`,
    }], now);
  } finally {
    if (!opts.liveDb) db.close();
  }
  return { restoredFrom: source, orderCount, safetyBackup, ms: Date.now() - started };
}
