// The process the crash tests kill: one big write in one transaction, on a ledger it is given.
//   node crashChild.mjs import LEDGER COUNT   inserts COUNT synthetic orders (the import of a batch)
//   node crashChild.mjs recompute LEDGER      recomputes every order's deadline fields
// It prints "go" just before the transaction starts and "done <ms> <WAL bytes>" after the commit.
import fs from 'node:fs';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { insertOrders } from '../../electron/ledger/orders';
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
  db.transaction(() => insertOrders(db, ACTOR, batch))();
  process.stdout.write(`done ${Date.now() - t} ${walBytes()}\n`);
} else if (mode === 'recompute') {
  process.stdout.write('go\n');
  const t = Date.now();
  const r = recomputeDeadlines(db, ACTOR, { reason: '崩溃测试' });
  process.stdout.write(`done ${Date.now() - t} ${walBytes()} ${r.changed}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
closeLedger(ledger);
