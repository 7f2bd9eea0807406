// The 1,000,000-order ledger the reliability figures are measured on: the bench's cached ledger
// when there is one, else built once from synthetic orders and cached under test-output/reliability/.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { LATEST_VERSION } from '../../electron/ledger/migrations/index';
import { insertOrders, type NewOrder } from '../../electron/ledger/orders';
import { unitIdByName } from '../../electron/ledger/units';
import { ensureUnits } from '../../electron/services/demo';
import { syntheticOrders, unitSpecs } from '../../electron/services/synthetic';
import type { Actor } from '../../electron/ledger/audit';

const ACTOR: Actor = { who: '可靠性测试', source: 'system' };

/** Orders in a ledger file, read-only: the bench's cache must not be migrated or written by us. */
function orderCountOf(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if ((db.pragma('user_version', { simple: true }) as number) !== LATEST_VERSION) return 0;
    return (db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A cached ledger of at least `count` orders: the bench's if it has enough, else our own. */
export function bigLedgerPath(root: string, count: number, log: (s: string) => void = () => {}): string {
  const benchDir = path.join(root, 'test-output', 'bench');
  if (fs.existsSync(benchDir)) {
    for (const name of fs.readdirSync(benchDir)) {
      if (!/\.(sqlite3|db)$/.test(name)) continue;
      const file = path.join(benchDir, name);
      try {
        if (orderCountOf(file) >= count) return file;
      } catch {
        // a ledger the bench is still writing, or another kind of file: build our own
      }
    }
  }
  const file = path.join(root, 'test-output', 'reliability', `ledger-${count}.sqlite3`);
  if (fs.existsSync(file) && !fs.existsSync(`${file}.building`)) {
    try {
      if (orderCountOf(file) >= count) return file;
    } catch {
      // damaged cache: rebuild below
    }
  }
  buildLedger(file, count, log);
  return file;
}

export function buildLedger(file: string, count: number, log: (s: string) => void = () => {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.writeFileSync(`${file}.building`, '');
  const started = Date.now();
  const ledger = openLedger(file);
  try {
    const db = ledger.db;
    const specs = unitSpecs(60);
    db.transaction(() => ensureUnits(db, ACTOR, specs))();
    const unitIds = new Map(specs.map((s) => [s.name, unitIdByName(db, s.name) ?? null]));
    const batch: NewOrder[] = [];
    const flush = () => {
      db.transaction(() => insertOrders(db, ACTOR, batch))();
      batch.length = 0;
    };
    let n = 0;
    for (const o of syntheticOrders({ count, from: '2021-01-01 08:00:00', to: '2025-12-31 18:00:00', asOf: '2025-12-31 18:00:00', units: specs, seed: 7 })) {
      const { unitName, ...order } = o;
      batch.push({ ...order, unitId: unitName ? unitIds.get(unitName) ?? null : null });
      if (batch.length === 50_000) {
        flush();
        n += 50_000;
        log(`  已生成 ${n} 件工单（${((Date.now() - started) / 1000).toFixed(0)} 秒）`);
      }
    }
    if (batch.length) flush();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    closeLedger(ledger);
  }
  fs.rmSync(`${file}.building`, { force: true });
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('test', 'reliability', 'bigLedger.ts'));
if (isEntry) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const t = Date.now();
  const file = bigLedgerPath(process.cwd(), count, (s) => console.log(s));
  console.log(`${file} ready in ${((Date.now() - t) / 1000).toFixed(1)} s, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);
}
