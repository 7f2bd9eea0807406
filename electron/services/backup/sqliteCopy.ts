// Copying a SQLite database page by page with SQLite's online backup API, synchronously.
//
// better-sqlite3's public db.backup() runs the very same native backup object, but steps it with
// setImmediate and returns a Promise. Our callers cannot wait for a Promise: the dispatcher's
// handlers are synchronous, openLedger backs up before a migration inside a synchronous open, and
// an import backs up inside its request. So we drive the native object ourselves and copy every
// page in one step: the source is read in one read transaction (a consistent snapshot while the
// app keeps running) and the destination is written in one write transaction (all or nothing).
// The unit tests exercise this path, so a better-sqlite3 upgrade that changes it fails loudly.
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { AppError } from '../../../shared/result';

const require = createRequire(import.meta.url);
const { cppdb } = require('better-sqlite3/lib/util') as { cppdb: symbol };

interface NativeBackup {
  transfer(pages: number): { totalPages: number; remainingPages: number };
  close(): void;
}
type NativeDb = { backup(db: Database.Database, attached: string, dest: string, unlinkOnFailure: boolean): NativeBackup };

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Copies the whole of `source` (its main database) onto `destFile`, replacing what that file held,
 * in one destination transaction. Waits up to `busyMs` while another connection holds the
 * destination; then refuses with a Chinese message. Returns the number of pages copied.
 */
export function copyDatabaseOnline(source: Database.Database, destFile: string, busyMs = 5000): number {
  const native = (source as unknown as Record<symbol, NativeDb>)[cppdb];
  if (!native || typeof native.backup !== 'function') {
    throw new AppError('internal', '内部错误：SQLite 备份接口不可用（better-sqlite3 版本不兼容）');
  }
  const backup = native.backup(source, 'main', destFile, false);
  try {
    const deadline = Date.now() + busyMs;
    for (;;) {
      const progress = backup.transfer(-1);
      if (progress.remainingPages === 0) return progress.totalPages;
      // SQLITE_BUSY/LOCKED come back as progress with pages left: another connection holds a lock.
      if (Date.now() > deadline) throw new AppError('conflict', '台账正被另一个程序写入，请稍后重试');
      sleepMs(50);
    }
  } finally {
    backup.close();
  }
}
