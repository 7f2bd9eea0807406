// Opening the ledger file: a new file is created at the latest version with WAL and foreign keys;
// reopening changes nothing; a file from a newer app or a file that is not a ledger is refused untouched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { LATEST_VERSION, MIGRATIONS, type Migration } from '../../electron/ledger/migrations/index';
import { AppError } from '../../shared/result';
import { makeTempDir } from '../fixtures/makeLedger';

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The AppError openLedger throws for this file (fails the test when it opens). */
function refusalOf(file: string, options?: Parameters<typeof openLedger>[1]): AppError {
  try {
    const ledger = openLedger(file, options);
    closeLedger(ledger);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error(`openLedger accepted ${file}`);
}

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => { tmp = makeTempDir(); });
afterEach(() => tmp.remove());

describe('openLedger', () => {
  it('creates a new file at the latest version, in WAL mode with foreign keys on', () => {
    const file = path.join(tmp.dir, 'sub', 'folder', 'ledger.sqlite3');
    const ledger = openLedger(file);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(ledger.path).toBe(path.resolve(file));
      expect(ledger.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(ledger.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(ledger.db.pragma('foreign_keys', { simple: true })).toBe(1);
      // Foreign keys are enforced, not just switched on: an order cannot name a unit that does not exist.
      expect(() =>
        ledger.db
          .prepare(`INSERT INTO orders (order_no, received_at, status, unit_id, created_at, updated_at) VALUES ('A0001', '2024-01-01 00:00:00', '待签收', 999, '', '')`)
          .run(),
      ).toThrow(/FOREIGN KEY/);
      const tables = (ledger.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['units', 'unit_aliases', 'dictionary_entries', 'orders', 'order_events', 'audit_log', 'settings']));
      // The default dictionaries are there for the select editors.
      const channels = ledger.db.prepare(`SELECT count(*) AS n FROM dictionary_entries WHERE kind = 'channel'`).get() as { n: number };
      expect(channels.n).toBeGreaterThan(0);
    } finally {
      closeLedger(ledger);
    }
  });

  it('reopening an up-to-date ledger changes nothing', () => {
    const file = path.join(tmp.dir, 'ledger.sqlite3');
    const first = openLedger(file);
    first.db.prepare(`DELETE FROM dictionary_entries WHERE kind = 'channel' AND name = '短信'`).run(); // an office's own edit
    const schema = first.db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all();
    closeLedger(first);
    const before = sha256(file);

    const again = openLedger(file);
    try {
      expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(again.db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all()).toEqual(schema);
      // The defaults are seeded once: a value the office removed does not come back.
      expect(again.db.prepare(`SELECT 1 FROM dictionary_entries WHERE kind = 'channel' AND name = '短信'`).get()).toBeUndefined();
    } finally {
      closeLedger(again);
    }
    expect(sha256(file)).toBe(before);
  });

  it('refuses a ledger written by a newer version, in Chinese, and leaves its bytes alone', () => {
    const file = path.join(tmp.dir, 'newer.sqlite3');
    const made = openLedger(file);
    made.db.prepare(`INSERT INTO settings (key, value) VALUES ('ui.test', '1')`).run();
    made.db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    closeLedger(made);
    const before = sha256(file);

    for (const options of [{}, { readonly: true }]) {
      const e = refusalOf(file, options);
      expect(e.code).toBe('ledger_too_new');
      expect(e.message).toContain('更新版本');
      expect(e.message).toContain(String(LATEST_VERSION + 1));
      expect(e.message).toContain('未作任何改动');
    }
    expect(sha256(file)).toBe(before);
    // A read-only SQLite connection to a WAL file may leave an empty -wal behind; it must hold nothing.
    if (fs.existsSync(`${file}-wal`)) expect(fs.statSync(`${file}-wal`).size).toBe(0);

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    raw.close();
  });

  it('refuses a file that is not SQLite with a clear message and does not touch it', () => {
    const file = path.join(tmp.dir, '工单.xlsx');
    fs.writeFileSync(file, 'PK\u0003\u0004 这不是台账文件，而是一个表格'.repeat(200));
    const before = sha256(file);
    const e = refusalOf(file);
    expect(e.code).toBe('bad_file');
    expect(e.message).toContain('不是有效的台账文件');
    expect(e.message).toContain('工单.xlsx');
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(tmp.dir)).toEqual(['工单.xlsx']);
  });

  it('refuses a SQLite file of another program instead of writing the ledger tables into it', () => {
    const file = path.join(tmp.dir, 'other.db');
    const other = new Database(file);
    other.exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('张三');`);
    other.close();
    const before = sha256(file);
    const e = refusalOf(file);
    expect(e.code).toBe('bad_file');
    expect(e.message).toContain('不是有效的台账文件');
    expect(sha256(file)).toBe(before);
  });

  it('refuses an empty path instead of opening a temporary database that vanishes', () => {
    for (const file of ['', '  ', ':memory:']) expect(refusalOf(file)).toMatchObject({ code: 'not_found', message: '未指定台账文件' });
  });

  it('says so in Chinese when the file does not exist and may not be created', () => {
    const file = path.join(tmp.dir, 'missing.sqlite3');
    const e = refusalOf(file, { create: false });
    expect(e.code).toBe('not_found');
    expect(e.message).toContain('台账文件不存在');
    expect(fs.existsSync(file)).toBe(false);
  });

  describe('with a future migration', () => {
    /** Runs body with one more migration registered after the real ones. */
    function withExtraMigration(sql: string, body: () => void) {
      const list = MIGRATIONS as Migration[];
      list.push({ version: LATEST_VERSION + 1, name: 'test step', sql });
      try { body(); } finally { list.pop(); }
    }

    it('can rebuild a table that orders refer to (foreign keys are off while migrating, checked after)', () => {
      const file = path.join(tmp.dir, 'rebuild.sqlite3');
      const made = openLedger(file);
      made.db.exec(`INSERT INTO units (id, name, kind, created_at, updated_at) VALUES (7, '城关镇', 'town', '', '');
        INSERT INTO orders (order_no, received_at, status, unit_id, created_at, updated_at) VALUES ('A0001', '2024-01-01 00:00:00', '待签收', 7, '', '')`);
      closeLedger(made);
      withExtraMigration(
        `CREATE TABLE units_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, parent_id INTEGER REFERENCES units(id),
           sort_order INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, note TEXT);
         INSERT INTO units_new (id, name, kind, parent_id, sort_order, active, created_at, updated_at)
           SELECT id, name, kind, parent_id, sort_order, active, created_at, updated_at FROM units;
         DROP TABLE units;
         ALTER TABLE units_new RENAME TO units;`,
        () => {
          const ledger = openLedger(file);
          try {
            expect(ledger.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
            expect(ledger.db.pragma('foreign_keys', { simple: true })).toBe(1);
            expect(ledger.db.prepare(`SELECT u.name FROM orders o JOIN units u ON u.id = o.unit_id`).get()).toEqual({ name: '城关镇' });
          } finally {
            closeLedger(ledger);
          }
        },
      );
    });

    it('a migration that fails or breaks a reference is rolled back, with a Chinese message naming the step', () => {
      const file = path.join(tmp.dir, 'failing.sqlite3');
      const made = openLedger(file);
      made.db.exec(`INSERT INTO units (id, name, kind, created_at, updated_at) VALUES (7, '城关镇', 'town', '', '');
        INSERT INTO orders (order_no, received_at, status, unit_id, created_at, updated_at) VALUES ('A0001', '2024-01-01 00:00:00', '待签收', 7, '', '')`);
      closeLedger(made);
      for (const sql of ['CREATE TABLE units (x)', `DELETE FROM units`]) {
        withExtraMigration(sql, () => {
          const e = refusalOf(file);
          expect(e.message).toContain('台账文件升级失败');
          expect(e.message).toContain(`数据版本 ${LATEST_VERSION} → ${LATEST_VERSION + 1}`);
          expect(e.message).toContain('test step');
        });
        const raw = new Database(file, { readonly: true });
        expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
        expect(raw.prepare(`SELECT count(*) AS n FROM units`).get()).toEqual({ n: 1 });
        raw.close();
      }
    });
  });
});
