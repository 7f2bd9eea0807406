// The check at start: before the app or `hotline serve` opens the ledger for writing, SQLite's
// quick_check reads every page of it. A damaged ledger is never opened for writing silently: the
// clerk gets a plain Chinese message and the newest backup that is itself intact.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/result';
import { inspectDatabaseFile, listBackups, type BackupInfo } from './backup/backups';

export interface StartCheck {
  ok: boolean;
  problems: string[];
  ms: number;
  /** When the ledger is damaged: the newest backup that passes quick_check, if any. */
  newestGoodBackup: BackupInfo | null;
}

/** The newest of the ledger's backups that passes quick_check now (a U disk can rot too). */
export function newestGoodBackup(ledgerPath: string, maxTried = 10): BackupInfo | null {
  const candidates = listBackups(ledgerPath).filter((b) => b.kind !== 'damaged').slice(0, maxTried);
  for (const b of candidates) {
    const check = inspectDatabaseFile(b.file, false);
    if (check.ok && check.orderCount !== null) return { ...b, orderCount: check.orderCount };
  }
  return null;
}

/** quick_check of the ledger at start; a ledger that does not exist yet is fine (it will be created). */
export function checkLedgerAtStart(ledgerPath: string): StartCheck {
  const started = Date.now();
  if (!fs.existsSync(ledgerPath)) return { ok: true, problems: [], ms: 0, newestGoodBackup: null };
  const check = inspectDatabaseFile(ledgerPath, false);
  const ms = Date.now() - started;
  if (check.ok) return { ok: true, problems: [], ms, newestGoodBackup: null };
  return { ok: false, problems: check.problems, ms, newestGoodBackup: newestGoodBackup(ledgerPath) };
}

/** What the clerk reads when the ledger is damaged: what happened, what was not done, what to do. */
export function damagedLedgerMessage(ledgerPath: string, check: StartCheck): string {
  const name = path.basename(ledgerPath);
  const head = `台账文件 ${name} 已损坏（完整性检查未通过），为保护数据，软件没有以可写方式打开它。`;
  const b = check.newestGoodBackup;
  if (!b) return `${head}没有找到完好的备份。请不要删除该文件，联系技术人员修复；文件位置：${ledgerPath}`;
  const orders = b.orderCount === null ? '' : `，工单 ${b.orderCount.toLocaleString('en-US')} 件`;
  return `${head}最近一份完好的备份是 ${b.at}（${b.kindLabel}${orders}）：${b.file}。可在“设置 → 备份”中恢复，或运行 hotline restore --db "${ledgerPath}" --from "${b.file}"；恢复前会先保存损坏文件的副本。`;
}

/** Throws AppError('bad_file') with the message above when the ledger is damaged; returns the check otherwise. */
export function assertLedgerIntact(ledgerPath: string): StartCheck {
  const check = checkLedgerAtStart(ledgerPath);
  if (!check.ok) {
    throw new AppError('bad_file', damagedLedgerMessage(ledgerPath, check), {
      problems: check.problems,
      newestGoodBackup: check.newestGoodBackup,
    });
  }
  return check;
}

/**
 * Why a ledger that exists could not be opened for writing, when the reason is the disk or the
 * folder (read-only, no permission) rather than the file: openLedger says so instead of calling
 * a good ledger invalid.
 */
export function unwritableLedgerError(file: string, e: unknown): AppError | null {
  const text = `${(e as { code?: string })?.code ?? ''} ${(e as Error)?.message ?? ''}`;
  if (!fs.existsSync(file) || !/SQLITE_READONLY|readonly database|unable to open database file|SQLITE_CANTOPEN|EROFS|EACCES|EPERM/i.test(text)) return null;
  return new AppError('forbidden', `台账文件 ${path.basename(file)} 所在的磁盘或文件夹是只读的（或没有写入权限），无法写入；文件未作任何改动。请检查 U 盘的写保护开关或文件夹权限。`);
}
