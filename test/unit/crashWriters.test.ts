// The office PC's other ways of losing data: a full disk, a read-only folder (a locked U disk),
// and a second program writing at the same time. Each write fails with a clear Chinese message
// or waits its turn; nothing is half-written and no write is lost.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { createContext } from '../../electron/api/context';
import { dispatch } from '../../electron/api/dispatch';
import { backupLedger, listBackups, setBackupFolder } from '../../electron/services/backup/backups';
import { bundledScript, runNode } from '../reliability/children';
import { makeTempDir, TEST_ACTOR } from '../fixtures/makeLedger';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDir(): string {
  const t = makeTempDir('hotline-writers-');
  cleanups.push(t.remove);
  return t.dir;
}

/** A small tmpfs of `size` at a fresh folder, or null when this machine cannot mount one (not root). */
function smallDisk(size: string): string | null {
  const dir = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  cleanups.push(() => {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  });
  return dir;
}

function counts(file: string): { orders: number; integrity: string } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      orders: (db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

describe('a full disk', () => {
  it('fails the write with a Chinese message and leaves the ledger whole (tiny tmpfs, or max_page_count)', () => {
    const disk = smallDisk('2m');
    if (!disk) console.warn('无法挂载 tmpfs（需要 root），改用 SQLite 的 max_page_count 模拟磁盘已满');
    const file = path.join(disk ?? tempDir(), 'ledger.sqlite3');
    const ledger = openLedger(file);
    if (!disk) ledger.db.pragma(`max_page_count = ${(ledger.db.pragma('page_count', { simple: true }) as number) + 200}`);
    const ctx = createContext(ledger, TEST_ACTOR, 'test');
    const r = dispatch(ctx, 'demo.load', { orders: 20_000 });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toBe('磁盘空间不足，未写入任何内容');
    // Smaller writes still work once there is room; the failed one left nothing behind.
    expect(dispatch(ctx, 'app.info', {})).toMatchObject({ ok: true, value: { orderCount: 0 } });
    closeLedger(ledger);
    expect(counts(file)).toEqual({ orders: 0, integrity: 'ok' });
    openLedger(file).db.close();
  });

  it('fails a backup with a Chinese message and leaves no partial file in the backup folder', () => {
    const disk = smallDisk('1m');
    if (!disk) return console.warn('无法挂载 tmpfs（需要 root），跳过备份磁盘已满的测试');
    const file = path.join(tempDir(), 'ledger.sqlite3');
    const ledger = openLedger(file);
    dispatch(createContext(ledger, TEST_ACTOR, 'test'), 'demo.load', { orders: 3000 });
    closeLedger(ledger);
    expect(fs.statSync(file).size).toBeGreaterThan(1024 * 1024);
    setBackupFolder(file, disk);
    const out = path.join(disk, 'manual.sqlite3');
    expect(() => backupLedger(file, { kind: 'manual', out })).toThrow(/^备份失败：磁盘空间不足/);
    expect(fs.readdirSync(disk)).toEqual([]);
    // An automatic backup falls back to the default folder beside the ledger instead of being lost.
    const auto = backupLedger(file, { kind: 'import' });
    expect(auto.fellBackFrom).toBe(disk);
    expect(fs.readdirSync(disk)).toEqual([]);
    expect(listBackups(file)).toHaveLength(1);
  });
});

describe('a read-only folder', () => {
  it('refuses to write with a Chinese message; the ledger is unchanged', () => {
    const disk = smallDisk('8m');
    const dir = disk ?? tempDir();
    const file = path.join(dir, 'ledger.sqlite3');
    const ledger = openLedger(file);
    dispatch(createContext(ledger, TEST_ACTOR, 'test'), 'demo.load', { orders: 50 });
    closeLedger(ledger);
    const before = fs.readFileSync(file);
    if (disk) {
      execFileSync('mount', ['-o', 'remount,ro', disk]);
    } else {
      if (process.getuid?.() === 0) return console.warn('root 不受文件权限限制且无法挂载 tmpfs，跳过只读测试');
      fs.chmodSync(file, 0o444);
      fs.chmodSync(dir, 0o555);
      cleanups.push(() => fs.chmodSync(dir, 0o755));
    }
    let message = '';
    try {
      const l = openLedger(file);
      const r = dispatch(createContext(l, TEST_ACTOR, 'test'), 'settings.set', { key: 'ui.x', value: 1 });
      message = r.ok ? '' : r.error.message;
      closeLedger(l);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/只读/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('a second program writing at the same time', () => {
  it('two other processes and the app write concurrently: every write lands, the ledger stays intact', async () => {
    const file = path.join(tempDir(), 'ledger.sqlite3');
    const ledger = openLedger(file);
    const ctx = createContext(ledger, TEST_ACTOR, 'test');
    const script = bundledScript('crashChild');
    const writers = [runNode(script, ['writer', file, '200', 'W1-', '15']), runNode(script, ['writer', file, '200', 'W2-', '15'])];
    await Promise.all(writers.map((w) => w.waitFor(/^go$/, 60_000)));
    // Meanwhile the app keeps saving the clerk's settings.
    let appWrites = 0;
    while (writers.some((w) => w.child.exitCode === null)) {
      const r = dispatch(ctx, 'settings.set', { key: `ui.concurrent.${appWrites}`, value: appWrites });
      expect(r.ok ? '' : r.error.message).toBe('');
      appWrites++;
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const w of writers) {
      const exit = await w.exited;
      expect(w.stderr()).toBe('');
      expect(exit).toEqual({ code: 0, signal: null });
    }
    closeLedger(ledger);
    expect(counts(file)).toEqual({ orders: 2 * 15 * 200, integrity: 'ok' });
    const db = new Database(file, { readonly: true });
    expect((db.prepare(`SELECT count(*) AS n FROM settings WHERE key LIKE 'ui.concurrent.%'`).get() as { n: number }).n).toBe(appWrites);
    db.close();
  }, 120_000);

  it('a write that waits longer than the busy timeout is refused with a clear message, not lost silently', async () => {
    const file = path.join(tempDir(), 'ledger.sqlite3');
    const ledger = openLedger(file);
    const ctx = createContext(ledger, TEST_ACTOR, 'test');
    const script = bundledScript('crashChild');
    // First: a short hold (2 s) — the app's write waits for it and succeeds.
    const short = runNode(script, ['hold', file, '2000']);
    await short.waitFor(/^go$/, 60_000);
    const waited = Date.now();
    expect(dispatch(ctx, 'settings.set', { key: 'ui.a', value: 1 })).toEqual({ ok: true, value: { ok: true } });
    expect(Date.now() - waited).toBeGreaterThan(1000);
    await short.exited;
    // Then a hold longer than the 5 s busy timeout: the app says so in Chinese and writes nothing.
    const long = runNode(script, ['hold', file, '7000']);
    await long.waitFor(/^go$/, 60_000);
    const r = dispatch(ctx, 'settings.set', { key: 'ui.b', value: 2 });
    expect(r).toEqual({ ok: false, error: { code: 'conflict', message: '台账正被另一个程序写入，请稍后重试' } });
    await long.exited;
    expect(dispatch(ctx, 'settings.get', { key: 'ui.b' })).toEqual({ ok: true, value: { value: null } });
    expect(dispatch(ctx, 'settings.set', { key: 'ui.b', value: 2 }).ok).toBe(true);
    closeLedger(ledger);
  }, 60_000);
});
