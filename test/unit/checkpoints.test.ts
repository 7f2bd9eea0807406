// A write through the app reaches the ledger file itself a moment later, not only its -wal file:
// a clerk who copies ledger.sqlite3 alone (to a USB stick, to another PC) keeps it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CHECKPOINT_DELAY_MS } from '../../electron/ledger/checkpoints';
import { makeTempLedger, type TempLedger } from '../fixtures/makeLedger';

let t: TempLedger;
beforeEach(() => { t = makeTempLedger(); });
afterEach(() => t.close());

/** The units a copy of ledger.sqlite3 alone holds (no -wal beside it). */
function unitsInFileCopy(): string[] {
  const copy = path.join(t.dir, 'copy.sqlite3');
  fs.copyFileSync(t.file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return db.prepare(`SELECT name FROM units ORDER BY name`).pluck().all() as string[];
  } finally {
    db.close();
    fs.rmSync(copy);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('writes a change into ledger.sqlite3 itself within a moment of the write', async () => {
  t.call('units.create', { name: '县教育局' });
  expect(fs.statSync(`${t.file}-wal`).size).toBeGreaterThan(0); // the write went to the WAL first
  await sleep(CHECKPOINT_DELAY_MS + 500);
  expect(unitsInFileCopy()).toContain('县教育局');
  // Steady writing still gets checkpoints: each of these waits less than the delay.
  for (const name of ['县民政局', '县水利局', '县交通运输局']) {
    t.call('units.create', { name });
    await sleep(CHECKPOINT_DELAY_MS / 2);
  }
  await sleep(CHECKPOINT_DELAY_MS + 500);
  expect(unitsInFileCopy()).toEqual(expect.arrayContaining(['县民政局', '县水利局', '县交通运输局']));
});

it('does not checkpoint inside a write: the commit of a large write leaves the WAL to the idle checkpoint', () => {
  // SQLite's own checkpoint would run at the end of a commit past 1,000 pages (4 MB).
  // Names far longer than the app allows, straight into the table, to make a write of many pages.
  const names = Array.from({ length: 3000 }, (_, i) => `测试单位${String(i).padStart(4, '0')}${'长'.repeat(400)}`);
  const db = t.ledger.db;
  db.pragma('wal_checkpoint(TRUNCATE)'); // the file holds the tables to begin with
  const insert = db.prepare(`INSERT INTO units (name, kind, sort_order, active, created_at, updated_at) VALUES (?, 'dept', 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')`);
  db.transaction(() => { for (const name of names) insert.run(name); })();
  expect(fs.statSync(`${t.file}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
  expect(unitsInFileCopy()).not.toContain(names[names.length - 1]);
  t.ledger.db.pragma('wal_checkpoint(PASSIVE)'); // what the idle checkpoint does
  expect(unitsInFileCopy()).toContain(names[names.length - 1]);
});
