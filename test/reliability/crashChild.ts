// The process the crash tests kill: one big write in one transaction, on a ledger it is given.
//   node crashChild.mjs import LEDGER COUNT   loads COUNT synthetic orders as an import writes its new ones
//   node crashChild.mjs recompute LEDGER      recomputes every order's deadline fields
//   node crashChild.mjs writer LEDGER PER PREFIX ROUNDS   many small writes (a second writer)
//   node crashChild.mjs hold LEDGER MS        holds the write lock for MS milliseconds
// It prints "go" just before the transaction starts and "done <ms> <WAL bytes>" after the commit.
import fs from 'node:fs';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { insertOrders, loadOrders } from '../../electron/ledger/orders';
import { recomputeDeadlines } from '../../electron/services/deadlines';
import { syntheticOrders } from '../../electron/services/synthetic';
import type { Actor } from '../../electron/ledger/audit';

const ACTOR: Actor = { who: '崩溃测试', source: 'import' };
const [mode, file, countText] = process.argv.slice(2);
const ledger = openLedger(file, { create: false });
const db = ledger.db;
const walBytes = () => { try { return fs.statSync(`${file}-wal`).size; } catch { return 0; } };

if (mode === 'import') {
  const count = Number(countText);
  const unitIds = (db.prepare(`SELECT id FROM units ORDER BY id LIMIT 20`).all() as { id: number }[]).map((u) => u.id);
  const batch = [...syntheticOrders({
    count, from: '2025-06-01 08:00:00', to: '2025-06-30 18:00:00', asOf: '2025-07-01 08:00:00',
    units: unitIds.map((id) => ({ name: String(id), weight: 1 })), orderNoPrefix: 'CRASH', seed: process.pid,
  })].map(({ unitName, ...o }) => ({ ...o, unitId: unitName ? Number(unitName) : null }));
  process.stdout.write('go\n');
  const t = Date.now();
  db.transaction(() => loadOrders(db, ACTOR, [batch], { label: 'CRASH 导入', expected: count }))();
  process.stdout.write(`done ${Date.now() - t} ${walBytes()}\n`);
} else if (mode === 'recompute') {
  process.stdout.write('go\n');
  const t = Date.now();
  const r = recomputeDeadlines(db, ACTOR, { reason: '崩溃测试' });
  process.stdout.write(`done ${Date.now() - t} ${walBytes()} ${r.changed}\n`);
} else if (mode === 'writer') {
  // A second program writing at the same time: ROUNDS transactions of PER orders each.
  const [prefix, rounds, per] = [process.argv[5], Number(process.argv[6]), Number(countText)];
  process.stdout.write('go\n');
  for (let r = 0; r < rounds; r++) {
    const batch = [...syntheticOrders({ count: per, from: '2025-06-01 08:00:00', to: '2025-06-30 18:00:00', asOf: '2025-07-01 08:00:00',
      units: [{ name: 'x', weight: 1 }], orderNoPrefix: `${prefix}${r}-`, seed: r + 1 })].map(({ unitName: _u, ...o }) => o);
    // As the app's dispatcher writes: IMMEDIATE, so it waits for the other writers (busy_timeout).
    db.transaction(() => insertOrders(db, ACTOR, batch)).immediate();
  }
  process.stdout.write('done\n');
} else if (mode === 'hold') {
  // Another program holding the write lock for COUNT milliseconds.
  db.exec('BEGIN IMMEDIATE');
  process.stdout.write('go\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(countText));
  db.exec('COMMIT');
  process.stdout.write('done\n');
} else {
  throw new Error(`unknown mode ${mode}`);
}
closeLedger(ledger);
