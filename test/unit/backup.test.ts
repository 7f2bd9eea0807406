// Backups and restore on real ledger files: what a clerk would check in the backup folder.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { insertOrders } from '../../electron/ledger/orders';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/ledger/migrations/index';
import { syntheticOrders } from '../../electron/services/synthetic';
import {
  backupLedger,
  backupBeforeImport,
  backupFolderOf,
  dailyBackupIfDue,
  defaultBackupFolder,
  listBackups,
  setBackupFolder,
} from '../../electron/services/backup/backups';
import { backupsToRemove, type RotatedBackup } from '../../electron/services/backup/rotation';
import { addDays } from '../../shared/time';
import { restoreLedger } from '../../electron/services/backup/restore';
import { assertLedgerIntact, checkLedgerAtStart } from '../../electron/services/integrity';
import { makeTempDir, makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';
import type { Db } from '../../electron/ledger/open';
import { dispatch } from '../../electron/api/dispatch';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempLedger(orders = 0): TempLedger {
  const t = makeTempLedger();
  cleanups.push(() => t.close());
  if (orders) addOrders(t.ledger.db, orders, 'A');
  return t;
}

function addOrders(db: Db, count: number, prefix: string): void {
  const batch = [...syntheticOrders({ count, from: '2025-01-01 08:00:00', to: '2025-03-01 08:00:00', asOf: '2025-03-01 08:00:00', units: [{ name: '某单位', weight: 1 }], orderNoPrefix: prefix })]
    .map(({ unitName: _u, ...o }) => o);
  db.transaction(() => insertOrders(db, TEST_ACTOR, batch))();
}

function countOrders(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Overwrites the middle of a file with garbage, the way a bad sector or a torn write would. */
function damage(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  const garbage = Buffer.alloc(Math.min(64 * 4096, Math.floor(size / 2)), 0x5a);
  fs.writeSync(fd, garbage, 0, garbage.length, 4096 * 2);
  fs.closeSync(fd);
}

describe('a backup', () => {
  it('is a verified, self-contained copy of the committed ledger, listed with time, size and order count', () => {
    const t = tempLedger(300);
    // The app is in the middle of a write: the backup holds committed data only.
    t.ledger.db.exec('BEGIN IMMEDIATE');
    addOrdersRaw(t.ledger.db);
    const b = backupLedger(t.file, { kind: 'manual', now: '2025-03-02 09:30:00' });
    t.ledger.db.exec('ROLLBACK');

    expect(b.folder).toBe(defaultBackupFolder(t.file));
    expect(b.fileName).toBe('ledger_20250302-093000_manual.sqlite3');
    expect(fs.existsSync(`${b.file}-wal`)).toBe(false);
    expect(integrityOf(b.file)).toBe('ok');
    expect(countOrders(b.file)).toBe(300);
    expect(b.orderCount).toBe(300);
    expect(b.verified).toBe(true);

    const listed = listBackups(t.file);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ at: '2025-03-02 09:30:00', kindLabel: '手动', orderCount: 300, bytes: fs.statSync(b.file).size });
  });

  it('to a named file refuses to overwrite and is not rotated', () => {
    const t = tempLedger(10);
    const out = path.join(t.dir, 'copy.sqlite3');
    backupLedger(t.file, { kind: 'manual', out });
    expect(countOrders(out)).toBe(10);
    expect(() => backupLedger(t.file, { kind: 'manual', out })).toThrow(/已存在/);
    expect(() => backupLedger(t.file, { kind: 'manual', out: t.file })).toThrow(/台账文件本身/);
  });

  it('before an import works inside the import transaction and holds the ledger as it was', () => {
    const t = tempLedger(50);
    const db = t.ledger.db;
    db.transaction(() => {
      addOrders(db, 20, 'IMP');
      const b = backupBeforeImport(db, '2025-03-02 10:00:00');
      expect(b.kind).toBe('import');
      expect(countOrders(b.file)).toBe(50);
    })();
    expect(countOrders(t.file)).toBe(70);
  });

  it('goes to the folder the clerk chose, and falls back to the default one when that folder is gone', () => {
    const t = tempLedger(5);
    const usb = makeTempDir('hotline-usb-');
    cleanups.push(usb.remove);
    const chosen = path.join(usb.dir, '台账备份');
    expect(setBackupFolder(t.file, chosen)).toBe(chosen);
    expect(backupFolderOf(t.file)).toBe(chosen);
    const onUsb = backupLedger(t.file, { kind: 'manual', now: '2025-03-02 09:00:00' });
    expect(onUsb.folder).toBe(chosen);

    fs.rmSync(usb.dir, { recursive: true, force: true }); // the U disk is pulled out
    fs.writeFileSync(usb.dir, 'not a folder'); // and its drive letter is now something else
    const fallback = backupLedger(t.file, { kind: 'import', now: '2025-03-02 09:05:00' });
    expect(fallback.folder).toBe(defaultBackupFolder(t.file));
    expect(fallback.fellBackFrom).toBe(chosen);
    expect(listBackups(t.file).map((b) => b.kind)).toEqual(['import']);
    fs.rmSync(usb.dir, { force: true });

    expect(() => setBackupFolder(t.file, 'relative/folder')).toThrow(/完整路径/);
    expect(() => setBackupFolder(t.file, path.join(t.file, 'inside-a-file'))).toThrow(/无法写入备份文件夹/);
    setBackupFolder(t.file, null);
    expect(backupFolderOf(t.file)).toBe(defaultBackupFolder(t.file));
  });

  it('runs once a day on the first start of the day, and rotates the folder', () => {
    const t = tempLedger(3);
    expect(dailyBackupIfDue(t.file, '2025-01-01 08:00:00')?.kind).toBe('daily');
    expect(dailyBackupIfDue(t.file, '2025-01-01 17:00:00')).toBeNull();
    backupBeforeImport(t.file, '2025-01-01 10:00:00');
    // Six weeks of office days, one start a day.
    for (let i = 2; i <= 42; i++) dailyBackupIfDue(t.file, `${addDays('2025-01-01', i - 1)} 08:00:00`);
    const kept = listBackups(t.file).map((b) => `${b.at.slice(0, 10)} ${b.kind}`);
    expect(kept).toEqual([
      '2025-02-11 daily', '2025-02-10 daily', '2025-02-09 daily', '2025-02-08 daily', '2025-02-07 daily', '2025-02-06 daily', '2025-02-05 daily',
      '2025-02-02 daily', // newest of the week of Monday 01-27
      '2025-01-31 daily', // newest of January
      '2025-01-26 daily', // newest of the week of Monday 01-20
    ]);
  });
});

describe('the daily backup after another backup of the same day', () => {
  it('takes an earlier pre-import copy of the day as the day\'s restore point instead of a copy rotation would drop at once', () => {
    const t = tempLedger(3);
    const before = backupBeforeImport(t.file, '2025-03-03 08:30:00');
    expect(dailyBackupIfDue(t.file, '2025-03-03 09:00:00')).toBeNull();
    expect(listBackups(t.file).map((b) => `${b.at} ${b.kind}`)).toEqual(['2025-03-03 08:30:00 import']);
    expect(fs.existsSync(before.file)).toBe(true);
    const next = dailyBackupIfDue(t.file, '2025-03-04 09:00:00');
    expect(next?.kind).toBe('daily');
    expect(fs.existsSync(next!.file)).toBe(true); // the file the clerk is told about is there
  });
});

describe('rotation over a year', () => {
  it('keeps the last 7 daily, 4 weekly, 12 monthly, every pre-import one for 30 days, and every manual one', () => {
    const backups: RotatedBackup[] = [];
    for (let i = 0; i < 400; i++) backups.push({ at: `${addDays('2025-01-01', i)} 08:00:00`, kind: 'daily' });
    for (let i = 0; i < 400; i += 3) backups.push({ at: `${addDays('2025-01-01', i)} 10:00:00`, kind: 'import' });
    backups.push({ at: '2025-01-05 12:00:00', kind: 'manual' });
    const now = `${addDays('2025-01-01', 399)} 18:00:00`; // 2026-02-04
    const removed = new Set(backupsToRemove(backups, now));
    const kept = backups.filter((b) => !removed.has(b));
    const cutoff = '2026-01-05 18:00:00';
    // every pre-import backup of the last 30 days
    const recentImports = backups.filter((b) => b.kind === 'import' && b.at >= cutoff);
    expect(recentImports.every((b) => !removed.has(b))).toBe(true);
    // the manual one, however old
    expect(kept.some((b) => b.kind === 'manual')).toBe(true);
    const points = kept.filter((b) => b.kind !== 'manual');
    // the last 7 days each keep their newest backup
    const days = [...new Set(points.map((b) => b.at.slice(0, 10)))].sort().reverse();
    expect(days.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => addDays('2026-02-04', -i)));
    // older than 30 days: only the newest of a week (4) or of a month (12)
    expect(points.filter((b) => b.at < cutoff).length).toBeLessThanOrEqual(4 + 12);
    expect(new Set(points.map((b) => b.at.slice(0, 7))).size).toBe(12);
    expect(points.map((b) => b.at).sort()[0].slice(0, 10)).toBe('2025-03-31');
  });
});

/** Writes orders without committing (the caller rolls back). */
function addOrdersRaw(db: Db): void {
  const batch = [...syntheticOrders({ count: 40, from: '2025-01-01 08:00:00', to: '2025-03-01 08:00:00', asOf: '2025-03-01 08:00:00', units: [{ name: '某单位', weight: 1 }], orderNoPrefix: 'UNC' })]
    .map(({ unitName: _u, ...o }) => o);
  insertOrders(db, TEST_ACTOR, batch);
}

describe('restore', () => {
  it('brings back the backup, backs up the current state first, and records itself in the audit log', () => {
    const t = tempLedger(100);
    const b = backupLedger(t.file, { kind: 'manual', now: '2025-03-02 09:00:00' });
    addOrders(t.ledger.db, 50, 'LATER');
    expect(countOrders(t.file)).toBe(150);

    // The app keeps its connection open through the restore.
    const r = restoreLedger(t.file, b.file, { actor: TEST_ACTOR, liveDb: t.ledger.db, now: '2025-03-03 09:00:00' });
    expect(r.orderCount).toBe(100);
    expect((t.ledger.db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n).toBe(100);
    expect(integrityOf(t.file)).toBe('ok');
    expect(r.safetyBackup?.damaged).toBe(false);
    expect(countOrders(r.safetyBackup!.file)).toBe(150);
    expect(listBackups(t.file).find((x) => x.file === r.safetyBackup!.file)?.kindLabel).toBe('恢复前');
    const audit = t.ledger.db.prepare(`SELECT action, new_value FROM audit_log WHERE action = 'restore'`).all() as { new_value: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].new_value).toContain(b.file);
    // the ledger is still a writable WAL ledger
    addOrders(t.ledger.db, 1, 'AFTER');
    expect(t.ledger.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('refuses a damaged backup and leaves the ledger as it was', () => {
    const t = tempLedger(2000);
    const b = backupLedger(t.file, { kind: 'manual', now: '2025-03-02 09:00:00' });
    damage(b.file);
    addOrders(t.ledger.db, 5, 'KEEP');
    expect(() => restoreLedger(t.file, b.file, { actor: TEST_ACTOR, liveDb: t.ledger.db })).toThrow(/已损坏.*不能用于恢复/);
    expect(countOrders(t.file)).toBe(2005);
    expect(() => restoreLedger(t.file, t.file, { actor: TEST_ACTOR })).toThrow(/台账文件本身/);
    const notALedger = path.join(t.dir, 'other.sqlite3');
    new Database(notALedger).exec('CREATE TABLE x (a)');
    expect(() => restoreLedger(t.file, notALedger, { actor: TEST_ACTOR })).toThrow(/不是本软件的台账备份/);
  });

  it('of a damaged ledger keeps a byte copy of the damaged file, then restores', () => {
    const t = tempLedger(2000);
    const b = backupLedger(t.file, { kind: 'daily', now: '2025-03-02 08:00:00' });
    t.ledger.db.pragma('wal_checkpoint(TRUNCATE)');
    closeLedger(t.ledger);
    damage(t.file);

    const check = checkLedgerAtStart(t.file);
    expect(check.ok).toBe(false);
    expect(check.newestGoodBackup?.file).toBe(b.file);
    expect(() => assertLedgerIntact(t.file)).toThrow(/已损坏.*没有以可写方式打开.*2025-03-02 08:00:00.*hotline restore/);

    const r = restoreLedger(t.file, b.file, { actor: TEST_ACTOR, now: '2025-03-03 08:00:00' });
    expect(r.safetyBackup?.damaged).toBe(true);
    expect(listBackups(t.file).find((x) => x.file === r.safetyBackup!.file)?.kindLabel).toBe('损坏的台账副本');
    expect(checkLedgerAtStart(t.file).ok).toBe(true);
    expect(countOrders(t.file)).toBe(2000);
    const reopened = openLedger(t.file);
    closeLedger(reopened);
  });

  it('of a backup made by an older version migrates it on the way in', () => {
    const { dir, remove } = makeTempDir();
    cleanups.push(remove);
    const old = path.join(dir, 'old.sqlite3');
    const db = new Database(old);
    for (const m of MIGRATIONS.slice(0, 1)) db.exec(m.sql);
    db.pragma('user_version = 1');
    db.close();
    const t = tempLedger(7);
    const r = restoreLedger(t.file, old, { actor: TEST_ACTOR, liveDb: t.ledger.db });
    expect(r.orderCount).toBe(0);
    expect(t.ledger.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(integrityOf(t.file)).toBe('ok');
  });
});

describe('a migration', () => {
  it('is preceded by a verified backup of the ledger at its old version', () => {
    if (LATEST_VERSION < 2) return;
    const { dir, remove } = makeTempDir();
    cleanups.push(remove);
    const file = path.join(dir, 'ledger.sqlite3');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.slice(0, -1)) db.exec(m.sql);
    db.pragma(`user_version = ${LATEST_VERSION - 1}`);
    db.close();
    const ledger = openLedger(file);
    closeLedger(ledger);
    const backups = listBackups(file);
    expect(backups.map((b) => b.kindLabel)).toEqual(['升级前']);
    const copy = new Database(backups[0].file, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_VERSION - 1);
    copy.close();
    // a new ledger is not backed up
    openLedger(path.join(dir, 'fresh.sqlite3')).db.close();
    expect(listBackups(path.join(dir, 'fresh.sqlite3'))).toEqual([]);
  });
});

describe('the backups API (设置 → 备份)', () => {
  it('backs up now, lists, and restores only a listed backup after confirmation, in the running app', () => {
    const t = tempLedger(120);
    const made = t.call('backups.create', {});
    expect(made).toMatchObject({ kind: 'manual', orderCount: 120, verified: true });
    addOrders(t.ledger.db, 30, 'NEW');
    const listed = t.call('backups.list', {});
    expect(listed.backups.map((b) => b.file)).toEqual([made.file]);

    const refusedUnconfirmed = dispatch(t.ctx, 'backups.restore', { file: made.file });
    expect(refusedUnconfirmed.ok).toBe(false);
    const stranger = path.join(t.dir, 'elsewhere.sqlite3');
    fs.copyFileSync(made.file, stranger);
    const refusedStranger = dispatch(t.ctx, 'backups.restore', { file: stranger, confirm: true });
    expect(refusedStranger.ok || refusedStranger.error.message).toMatch(/备份列表中没有这个文件/);
    expect(countOrders(t.file)).toBe(150);

    const r = t.call('backups.restore', { file: made.file, confirm: true });
    expect(r.orderCount).toBe(120);
    expect(t.call('app.info', {}).orderCount).toBe(120);
    expect(countOrders(r.safetyBackup!.file)).toBe(150);
    expect(t.call('backups.list', {}).backups.map((b) => b.kindLabel)).toEqual(['恢复前', '手动']);
  });

  it('changes the folder and records who changed it', () => {
    const t = tempLedger(1);
    const usb = makeTempDir('hotline-usb-');
    cleanups.push(usb.remove);
    const r = t.call('backups.setFolder', { folder: usb.dir });
    expect(r.folder).toBe(usb.dir);
    expect(t.call('backups.create', {}).folder).toBe(usb.dir);
    const audit = t.ledger.db.prepare(`SELECT who, new_value FROM audit_log WHERE field = 'backup.folder'`).get() as { who: string; new_value: string };
    expect(audit).toEqual({ who: TEST_ACTOR.who, new_value: usb.dir });
    const bad = dispatch(t.ctx, 'backups.setFolder', { folder: 'D:相对路径' });
    expect(bad.ok ? '' : bad.error.message).toMatch(/完整路径/);
  });
});
