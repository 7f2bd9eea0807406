// Crash trials: a child process writes one big transaction (an import of a batch of orders, or a
// recompute of every order's deadline fields) and is killed with SIGKILL at a random moment.
// After each kill the ledger must open, pass integrity_check, and hold all of the batch or none.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { insertOrders } from '../../electron/ledger/orders';
import { unitIdByName } from '../../electron/ledger/units';
import { ensureUnits } from '../../electron/services/demo';
import { recomputeDeadlines } from '../../electron/services/deadlines';
import { randomSource, syntheticOrders, unitSpecs } from '../../electron/services/synthetic';
import type { Actor } from '../../electron/ledger/audit';
import { bundledScript, runNode } from './children';

const ACTOR: Actor = { who: '崩溃测试', source: 'system' };
export type CrashMode = 'import' | 'recompute';

export interface CrashOptions {
  mode: CrashMode;
  trials: number;
  /** Orders in the imported batch, or orders the recompute goes over. */
  batch: number;
  workDir: string;
  seed?: number;
}

export interface CrashReport {
  mode: CrashMode;
  batch: number;
  trials: number;
  /** Trials after which the ledger opened, passed integrity_check and held all or none. */
  survived: number;
  killedMidway: number;
  all: number;
  none: number;
  /** How long the uninterrupted write took (the window the kills fall in). */
  writeMs: number;
  failures: string[];
}

const SENTINEL_DAYS_LATE = -999;

function addOrders(db: Database.Database, count: number, prefix: string): void {
  const specs = unitSpecs(40);
  ensureUnits(db, ACTOR, specs);
  const ids = new Map(specs.map((s) => [s.name, unitIdByName(db, s.name) ?? null]));
  const batch = [...syntheticOrders({ count, from: '2025-01-01 08:00:00', to: '2025-05-31 18:00:00', asOf: '2025-07-01 08:00:00', units: specs, orderNoPrefix: prefix })]
    .map(({ unitName, ...o }) => ({ ...o, unitId: unitName ? ids.get(unitName) ?? null : null }));
  insertOrders(db, ACTOR, batch);
}

/** The ledger every trial starts from (cached per mode and size). */
function templateLedger(opts: CrashOptions): string {
  const file = path.join(opts.workDir, `template-${opts.mode}-${opts.batch}.sqlite3`);
  if (fs.existsSync(file)) return file;
  const ledger = openLedger(`${file}.tmp`);
  const db = ledger.db;
  if (opts.mode === 'import') {
    db.transaction(() => addOrders(db, 1000, 'BASE'))();
  } else {
    db.transaction(() => addOrders(db, opts.batch, 'BASE'))();
    recomputeDeadlines(db, ACTOR);
    // Every row then differs from what the recompute derives, so a finished recompute changes all of them.
    db.prepare(`UPDATE orders SET days_late = ?`).run(SENTINEL_DAYS_LATE);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  closeLedger(ledger);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

interface Outcome {
  ok: boolean;
  state: 'all' | 'none' | 'partial';
  detail: string;
}

/** How many indexes the orders table has. */
const ORDER_INDEX_COUNT = `SELECT count(*) AS n FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders'`;

function orderIndexCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(ORDER_INDEX_COUNT).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Opens the ledger as the app would after a power cut and checks it (expectedIndexes: the orders table's, as in the template). */
export function checkAfterCrash(file: string, mode: CrashMode, batch: number, expectedIndexes: number): Outcome {
  let ledger;
  try {
    ledger = openLedger(file, { create: false });
  } catch (e) {
    return { ok: false, state: 'partial', detail: `台账打不开：${(e as Error).message}` };
  }
  try {
    const db = ledger.db;
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, state: 'partial', detail: `integrity_check: ${String(integrity)}` };
    const n = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;
    if (mode === 'import') {
      // The batch is loaded as an import loads its new orders: one audit row that each order
      // points to, and the ledger's indexes dropped for the load and built again before the commit.
      const orders = n(`SELECT count(*) AS n FROM orders WHERE order_no LIKE 'CRASH%'`);
      const audit = n(`SELECT count(*) AS n FROM audit_log WHERE who = ? AND action = 'create' AND new_value LIKE 'CRASH%'`, ACTOR.who);
      const pointing = n(`SELECT count(*) AS n FROM orders o JOIN audit_log a ON a.id = o.create_audit_id WHERE o.order_no LIKE 'CRASH%' AND a.new_value LIKE 'CRASH%'`);
      const search = n(`SELECT count(*) AS n FROM orders_search WHERE rowid IN (SELECT id FROM orders WHERE order_no LIKE 'CRASH%')`);
      const base = n(`SELECT count(*) AS n FROM orders WHERE order_no LIKE 'BASE%'`);
      const indexes = n(ORDER_INDEX_COUNT);
      const state = orders === batch && audit === 1 && pointing === batch && search === batch ? 'all' : orders === 0 && audit === 0 ? 'none' : 'partial';
      return {
        ok: state !== 'partial' && base === 1000 && indexes === expectedIndexes,
        state,
        detail: `batch ${orders}/${batch}, audit ${audit}, pointing ${pointing}, search ${search}, base ${base}, indexes ${indexes}/${expectedIndexes}`,
      };
    }
    const left = n(`SELECT count(*) AS n FROM orders WHERE days_late = ?`, SENTINEL_DAYS_LATE);
    const audit = n(`SELECT count(*) AS n FROM audit_log WHERE action = 'deadlines.recompute' AND new_value LIKE '崩溃测试%'`);
    const state = left === 0 && audit === 1 ? 'all' : left === batch && audit === 0 ? 'none' : 'partial';
    return { ok: state !== 'partial', state, detail: `sentinel rows left ${left}/${batch}, audit ${audit}` };
  } finally {
    closeLedger(ledger);
  }
}

function copyTemplate(template: string, file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(template, file);
}

export async function runCrashTrials(opts: CrashOptions, log: (s: string) => void = () => {}): Promise<CrashReport> {
  fs.mkdirSync(opts.workDir, { recursive: true });
  const script = bundledScript('crashChild');
  const template = templateLedger(opts);
  const indexes = orderIndexCount(template);
  const file = path.join(opts.workDir, `trial-${opts.mode}.sqlite3`);
  const args = opts.mode === 'import' ? ['import', file, String(opts.batch)] : ['recompute', file];
  const report: CrashReport = { mode: opts.mode, batch: opts.batch, trials: 0, survived: 0, killedMidway: 0, all: 0, none: 0, writeMs: 0, failures: [] };

  // One uninterrupted run: the write must complete; how far its WAL grows measures the write.
  copyTemplate(template, file);
  const calibration = runNode(script, args);
  const done = await calibration.waitFor(/^done /, 600_000);
  await calibration.exited;
  report.writeMs = Number(done.split(' ')[1]);
  const finalWal = Number(done.split(' ')[2]);
  const full = checkAfterCrash(file, opts.mode, opts.batch, indexes);
  if (!full.ok || full.state !== 'all') report.failures.push(`uninterrupted run: ${full.detail}`);

  // Each kill falls at a random point of the write, measured by the WAL the transaction has
  // spilled so far (so the machine's load does not matter); the last tenth falls in the commit or after.
  const rnd = randomSource(opts.seed ?? Date.now());
  const wal = `${file}-wal`;
  const walSize = () => { try { return fs.statSync(wal).size; } catch { return 0; } };
  for (let i = 0; i < opts.trials; i++) {
    copyTemplate(template, file);
    const child = runNode(script, args);
    await child.waitFor(/^go$/, 300_000);
    const target = Math.floor(rnd() * finalWal * 1.1);
    const started = Date.now();
    while (walSize() < target && !/^done /m.test(child.stdout()) && child.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 2));
    }
    const finishedFirst = /^done /m.test(child.stdout());
    child.child.kill('SIGKILL');
    const exit = await child.exited;
    if (exit.signal === 'SIGKILL' && !finishedFirst) report.killedMidway++;
    const outcome = checkAfterCrash(file, opts.mode, opts.batch, indexes);
    report.trials++;
    if (outcome.ok) report.survived++;
    else report.failures.push(`trial ${i + 1} (killed at WAL ${target} bytes): ${outcome.detail}`);
    if (outcome.state === 'all') report.all++;
    if (outcome.state === 'none') report.none++;
    const when = `${Date.now() - started} ms、WAL ${(target / 1e6).toFixed(1)}/${(finalWal / 1e6).toFixed(1)} MB`;
    log(`  ${opts.mode} 第 ${i + 1} 次：${when} 时强制结束 → ${outcome.state === 'all' ? '整批都在' : outcome.state === 'none' ? '整批都不在' : '部分写入！'}（${outcome.detail}）`);
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  return report;
}
