// Backups of the ledger: the folder they go to, writing and verifying one, listing them, and
// rotation. Every backup is a self-contained SQLite file named after the ledger, the moment (CST)
// and why it was made, with a small JSON note beside it (time, kind, size, order count) so the
// list does not have to open every file. Restore lives in restore.ts.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { nowCst } from '../../../shared/time';
import { copyDatabaseOnline } from './sqliteCopy';
import { BACKUP_KIND_LABELS, backupsToRemove, type BackupKind } from './rotation';

export { BACKUP_KIND_LABELS, type BackupKind } from './rotation';

type Db = Database.Database;

export interface BackupInfo {
  file: string;
  fileName: string;
  folder: string;
  /** When the backup was made, CST. */
  at: string;
  kind: BackupKind;
  kindLabel: string;
  bytes: number;
  /** Work orders in the backup (deleted ones included), null when unknown. */
  orderCount: number | null;
  /** Whether integrity_check passed on the written file; null for a file we did not write. */
  verified: boolean | null;
}

export interface BackupResult extends BackupInfo {
  ms: number;
  /** Set when the chosen folder could not be written and the backup went to the default folder. */
  fellBackFrom?: string;
}

// ---------------------------------------------------------------- the folder

/** The ledger's name without extension: the prefix of its backups' file names. */
function ledgerBaseName(ledgerPath: string): string {
  return path.basename(ledgerPath).replace(/\.(sqlite3?|db)$/i, '');
}

/** Where the folder setting lives: beside the ledger, so it is still known when the ledger is damaged. */
export function backupSettingsPath(ledgerPath: string): string {
  return `${path.resolve(ledgerPath)}.backup.json`;
}

export function defaultBackupFolder(ledgerPath: string): string {
  return path.join(path.dirname(path.resolve(ledgerPath)), '备份');
}

/** The folder the clerk chose, or the default one beside the ledger. */
export function backupFolderOf(ledgerPath: string): string {
  try {
    const saved = JSON.parse(fs.readFileSync(backupSettingsPath(ledgerPath), 'utf8')) as { folder?: unknown };
    if (typeof saved.folder === 'string' && path.isAbsolute(saved.folder)) return saved.folder;
  } catch {
    // no setting yet, or an unreadable one: the default folder
  }
  return defaultBackupFolder(ledgerPath);
}

/** Checks that `folder` can hold backups (creating it), then remembers it; null returns to the default. */
export function setBackupFolder(ledgerPath: string, folder: string | null): string {
  if (folder === null || folder.trim() === '') {
    fs.rmSync(backupSettingsPath(ledgerPath), { force: true });
    return defaultBackupFolder(ledgerPath);
  }
  const chosen = folder.trim();
  if (!path.isAbsolute(chosen)) throw new AppError('validation', `备份文件夹应为完整路径（如 D:\\台账备份），收到：${chosen}`);
  assertFolderWritable(chosen);
  fs.writeFileSync(backupSettingsPath(ledgerPath), JSON.stringify({ folder: path.resolve(chosen) }, null, 2));
  return path.resolve(chosen);
}

function assertFolderWritable(folder: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
    const probe = path.join(folder, `.hotline-probe-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (e) {
    throw new AppError('validation', `无法写入备份文件夹 ${folder}：${reasonOf(e)}`);
  }
}

/** A plain Chinese reason for a file-system or SQLite failure. */
export function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { code?: string };
  const text = `${err?.code ?? ''} ${err?.message ?? String(e)}`;
  if (/ENOSPC|SQLITE_FULL|disk is full/i.test(text)) return '磁盘空间不足';
  if (/EROFS|SQLITE_READONLY|readonly/i.test(text)) return '磁盘或文件夹是只读的';
  if (/EACCES|EPERM/i.test(text)) return '没有写入权限';
  if (/ENOENT|SQLITE_CANTOPEN|unable to open/i.test(text)) return '文件夹不存在或无法访问（U 盘是否已拔出？）';
  if (/SQLITE_CORRUPT|malformed|SQLITE_NOTADB|not a database/i.test(text)) return '文件已损坏';
  if (e instanceof AppError) return e.message;
  return err?.message ?? String(e);
}

// ---------------------------------------------------------------- names and notes

const STAMP_RE = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/;

function stampOf(at: string): string {
  return at.replace(/[-:]/g, '').replace(' ', '-');
}

function atOfStamp(stamp: string): string | null {
  const m = STAMP_RE.exec(stamp);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function backupNameRe(ledgerPath: string): RegExp {
  const kinds = Object.keys(BACKUP_KIND_LABELS).join('|');
  return new RegExp(`^${escapeRe(ledgerBaseName(ledgerPath))}_(\\d{8}-\\d{6})(?:-\\d+)?_(${kinds})\\.sqlite3$`);
}

/** A file name for a new backup that does not exist yet. */
function freshBackupPath(folder: string, ledgerPath: string, at: string, kind: BackupKind): string {
  const base = `${ledgerBaseName(ledgerPath)}_${stampOf(at)}`;
  for (let n = 1; ; n++) {
    const file = path.join(folder, `${base}${n === 1 ? '' : `-${n}`}_${kind}.sqlite3`);
    if (!fs.existsSync(file) && !fs.existsSync(`${file}.partial`)) return file;
  }
}

interface BackupNote {
  at: string;
  kind: BackupKind;
  bytes: number;
  orderCount: number | null;
  verified: boolean;
  userVersion: number;
}

function notePath(file: string): string {
  return `${file}.json`;
}

function readNote(file: string): BackupNote | null {
  try {
    return JSON.parse(fs.readFileSync(notePath(file), 'utf8')) as BackupNote;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- writing one

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic there.
  }
}

/** What a SQLite file holds and whether it is intact; `full` runs integrity_check, else quick_check. */
export function inspectDatabaseFile(file: string, full = true): { ok: boolean; problems: string[]; userVersion: number; orderCount: number | null } {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return { ok: false, problems: [`无法打开：${reasonOf(e)}`], userVersion: 0, orderCount: null };
  }
  try {
    const rows = db.pragma(full ? 'integrity_check(20)' : 'quick_check(20)') as Record<string, string>[];
    const problems = rows.map((r) => Object.values(r)[0]).filter((v) => v !== 'ok');
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    const hasOrders = !!db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'orders'`).get();
    const orderCount = hasOrders && problems.length === 0 ? (db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n : null;
    return { ok: problems.length === 0, problems, userVersion, orderCount };
  } catch (e) {
    return { ok: false, problems: [reasonOf(e)], userVersion: 0, orderCount: null };
  } finally {
    db.close();
  }
}

/**
 * Writes a consistent copy of the ledger at `ledgerPath` to `dest` with the online backup API,
 * through its own read-only connection (so it sees committed data only, and works while the app
 * or an import holds the ledger), switches the copy to a single self-contained file, verifies it
 * with integrity_check, and only then gives it its name. Nothing is left behind on failure.
 */
export function writeVerifiedBackup(ledgerPath: string, dest: string, kind: BackupKind, at = nowCst(), withNote = true): BackupResult {
  const started = Date.now();
  const partial = `${dest}.partial`;
  removeQuietly(partial);
  let source: Db | null = null;
  try {
    try {
      source = new Database(ledgerPath, { readonly: true, fileMustExist: true });
      source.pragma('busy_timeout = 5000');
    } catch (e) {
      throw new AppError('not_found', `无法读取台账文件 ${ledgerPath}：${reasonOf(e)}`);
    }
    copyDatabaseOnline(source, partial);
    source.close();
    source = null;
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const check = inspectDatabaseFile(partial, true);
    if (!check.ok) {
      throw new AppError('bad_file', `备份未通过完整性检查（${check.problems.slice(0, 2).join('；')}），台账本身可能已损坏`, { problems: check.problems });
    }
    fsyncFile(partial);
    fs.renameSync(partial, dest);
    fsyncDir(path.dirname(dest));
    const bytes = fs.statSync(dest).size;
    const note: BackupNote = { at, kind, bytes, orderCount: check.orderCount, verified: true, userVersion: check.userVersion };
    if (withNote) fs.writeFileSync(notePath(dest), JSON.stringify(note, null, 2));
    return { ...infoOf(dest, note), ms: Date.now() - started };
  } catch (e) {
    (source as Db | null)?.close();
    removeQuietly(partial);
    fs.rmSync(dest, { force: true });
    if (e instanceof AppError) throw e;
    const reason = reasonOf(e);
    if (reason === '文件已损坏') throw new AppError('bad_file', '备份失败：台账文件已损坏，读不出完整的内容');
    throw new AppError('internal', `备份失败：${reason}，台账未受影响`);
  }
}

function infoOf(file: string, note: BackupNote): BackupInfo {
  return {
    file,
    fileName: path.basename(file),
    folder: path.dirname(file),
    at: note.at,
    kind: note.kind,
    kindLabel: BACKUP_KIND_LABELS[note.kind] ?? note.kind,
    bytes: note.bytes,
    orderCount: note.orderCount,
    verified: note.verified,
  };
}

export interface BackupOptions {
  kind: BackupKind;
  /** Write exactly here instead of into the backup folder (`hotline backup --out FILE`); not rotated. */
  out?: string;
  now?: string;
}

/** Backs up the ledger into its backup folder (or `out`), verified; automatic kinds then rotate the folder. */
export function backupLedger(ledgerPath: string, opts: BackupOptions): BackupResult {
  const at = opts.now ?? nowCst();
  if (!fs.existsSync(ledgerPath)) throw new AppError('not_found', `台账文件不存在：${ledgerPath}`);
  if (opts.out) {
    const out = path.resolve(opts.out);
    if (out === path.resolve(ledgerPath)) throw new AppError('validation', '备份文件不能是台账文件本身');
    if (fs.existsSync(out)) throw new AppError('conflict', `文件已存在：${out}（不会覆盖，请换一个文件名）`);
    if (!fs.existsSync(path.dirname(out))) throw new AppError('not_found', `文件夹不存在：${path.dirname(out)}`);
    return wrapFailure(() => writeVerifiedBackup(ledgerPath, out, opts.kind, at, false));
  }
  const chosen = backupFolderOf(ledgerPath);
  const fallback = defaultBackupFolder(ledgerPath);
  let result: BackupResult;
  try {
    fs.mkdirSync(chosen, { recursive: true });
    result = writeVerifiedBackup(ledgerPath, freshBackupPath(chosen, ledgerPath, at, opts.kind), opts.kind, at);
  } catch (e) {
    // A U disk that is not plugged in must not cost the clerk the backup: use the default folder.
    const sourceProblem = e instanceof AppError && (e.code === 'bad_file' || e.code === 'not_found' || e.code === 'conflict');
    if (chosen === fallback || sourceProblem) throw wrapError(e);
    try {
      fs.mkdirSync(fallback, { recursive: true });
      result = { ...writeVerifiedBackup(ledgerPath, freshBackupPath(fallback, ledgerPath, at, opts.kind), opts.kind, at), fellBackFrom: chosen };
    } catch (e2) {
      throw wrapError(e2);
    }
  }
  if (opts.kind !== 'manual') pruneBackups(ledgerPath, at);
  return result;
}

function wrapError(e: unknown): AppError {
  if (e instanceof AppError) return e.message.startsWith('备份') ? e : new AppError(e.code, `备份失败：${e.message}`, e.details);
  return new AppError('internal', `备份失败：${reasonOf(e)}，台账未受影响`);
}

function wrapFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw wrapError(e);
  }
}

// ---------------------------------------------------------------- listing and rotation

/** The folders that may hold this ledger's backups: the chosen one and the default one. */
function foldersOf(ledgerPath: string): string[] {
  return [...new Set([backupFolderOf(ledgerPath), defaultBackupFolder(ledgerPath)].map((f) => path.resolve(f)))];
}

/** Every backup of this ledger in its folders, newest first. */
export function listBackups(ledgerPath: string): BackupInfo[] {
  const re = backupNameRe(ledgerPath);
  const found: BackupInfo[] = [];
  for (const folder of foldersOf(ledgerPath)) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue; // a U disk that is not plugged in
    }
    for (const name of names) {
      const m = re.exec(name);
      if (!m) continue;
      const file = path.join(folder, name);
      let bytes: number;
      try {
        bytes = fs.statSync(file).size;
      } catch {
        continue;
      }
      const note = readNote(file);
      const kind = m[2] as BackupKind;
      if (note) {
        found.push(infoOf(file, { ...note, bytes }));
      } else {
        // A backup copied in by hand, without its note: read what it holds.
        const check = kind === 'damaged' ? null : inspectDatabaseFile(file, false);
        found.push({ ...infoOf(file, { at: atOfStamp(m[1]) ?? '', kind, bytes, orderCount: check?.orderCount ?? null, verified: false, userVersion: 0 }), verified: null });
      }
    }
  }
  return found.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.fileName.localeCompare(a.fileName)));
}

/** Removes the backups rotation no longer keeps; returns their paths. */
export function pruneBackups(ledgerPath: string, now = nowCst()): string[] {
  const removed: string[] = [];
  for (const b of backupsToRemove(listBackups(ledgerPath), now)) {
    try {
      fs.rmSync(b.file, { force: true });
      fs.rmSync(notePath(b.file), { force: true });
      removed.push(b.file);
    } catch {
      // a file we cannot remove stays; the next rotation tries again
    }
  }
  return removed;
}

// ---------------------------------------------------------------- the automatic backups

/** The ledger file a connection has open. */
function ledgerPathOf(dbOrPath: Db | string): string {
  if (typeof dbOrPath === 'string') return dbOrPath;
  if (dbOrPath.memory || !dbOrPath.name) throw new AppError('internal', '内部错误：内存中的数据库无法备份');
  return dbOrPath.name;
}

/**
 * The first start of a CST day backs the ledger up (kind 'daily') and rotates the folder.
 * Returns the backup, or null when today's exists already or there is no ledger yet.
 * The Electron main process and `hotline serve` call this after opening the ledger.
 */
export function dailyBackupIfDue(ledgerPath: string, now = nowCst()): BackupResult | null {
  if (!fs.existsSync(ledgerPath)) return null;
  const today = now.slice(0, 10);
  // Any good copy made today (before an import or a migration, by hand) is today's restore point:
  // rotation keeps the newest backup of each day whatever its kind, so a daily copy made after it
  // would be removed at once (and announced to the clerk as kept), then made again at every start.
  if (listBackups(ledgerPath).some((b) => b.kind !== 'damaged' && b.at.slice(0, 10) === today)) return null;
  return backupLedger(ledgerPath, { kind: 'daily', now });
}

/**
 * A verified backup before an import changes the ledger; the import service calls it first thing.
 * Accepts the open connection (even inside the import's transaction: the copy is made through a
 * connection of its own and holds committed data only) or the ledger's path.
 */
export function backupBeforeImport(dbOrPath: Db | string, now = nowCst()): BackupResult {
  return backupLedger(ledgerPathOf(dbOrPath), { kind: 'import', now });
}

/** Called by openLedger before it migrates a ledger that already has a schema. */
export function backupBeforeMigration(ledgerPath: string, fromVersion: number, toVersion: number): BackupResult {
  try {
    return backupLedger(ledgerPath, { kind: 'migration' });
  } catch (e) {
    const reason = e instanceof AppError ? e.message : reasonOf(e);
    throw new AppError('internal', `升级台账（数据版本 ${fromVersion} → ${toVersion}）前的备份失败，为安全起见未升级，台账未作任何改动。${reason}`);
  }
}

/** dailyBackupIfDue for a process starting up: a failed backup is reported on stderr, never stops the start. */
export function reportDailyBackup(ledgerPath: string, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): BackupResult | null {
  try {
    const b = dailyBackupIfDue(ledgerPath);
    if (b) write(`今日首次启动，已备份台账到 ${b.file}${b.fellBackFrom ? `（所设备份文件夹 ${b.fellBackFrom} 无法写入，已改存默认文件夹）` : ''}`);
    return b;
  } catch (e) {
    write(`警告：今日自动备份失败：${e instanceof AppError ? e.message : reasonOf(e)}`);
    return null;
  }
}
