// The shared synthetic ledger of the bench: built once through the ledger's own bulk insert path
// (loadOrders: orders with their derived deadline fields, search index, audit log, indexes) and cached under
// test-output/bench/, keyed by the generator version, the order count and the schema, so a
// rerun reuses it unless --rebuild is given. While it is built, the same rows go into a bare
// table by a plain INSERT in the same run, interleaved chunk by chunk so both see the same
// machine load: that is the raw baseline of the build figure. A second bare INSERT into the
// orders table with the ledger's indexes shows how much of the gap the indexes alone make.
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openLedger, closeLedger, type Ledger } from '../../electron/ledger/open';
import { loadOrders, type NewOrder } from '../../electron/ledger/orders';
import { unitIdByName } from '../../electron/ledger/units';
import { MIGRATIONS } from '../../electron/ledger/migrations/index';
import { ensureUnits } from '../../electron/services/demo';
import { syntheticOrders, unitSpecs } from '../../electron/services/synthetic';
import type { Actor } from '../../electron/ledger/audit';
import { ORDER_FIELDS } from '../../shared/fields';
import { statusOf } from '../../shared/status';

/** Bump when the synthetic orders, the search tokens or the build recipe change: cached ledgers are then rebuilt. */
export const GENERATOR_VERSION = 5;
const UNITS = 60;
const SPAN = { from: '2023-11-01 00:00:00', to: '2026-10-31 23:59:59', asOf: '2026-11-01 00:00:00' };
const SEED = 20261123;
const CHUNK = 10_000;
const ACTOR: Actor = { who: '性能测试', source: 'system' };

export interface BuildFigures {
  orders: number;
  /** Time to generate the synthetic orders (not part of either insert). */
  generateMs: number;
  /** insertOrders over all chunks plus the commit: the ledger's insert path. */
  ledgerMs: number;
  /** The same rows by a prepared bare INSERT into the orders table alone, one transaction. */
  rawMs: number;
  /** The same bare INSERT into the orders table with the ledger's indexes on it (context for rawMs). */
  rawIndexedMs: number;
  /** Checkpointing the ledger's WAL into the file on close (not in ledgerMs). */
  checkpointMs: number;
  fileBytes: number;
  builtAt: string;
  generatorVersion: number;
  schema: string;
  /** Set when the cached ledger was built under this earlier schema and migrated forward. */
  migratedFrom?: string;
}

export interface BenchLedger {
  file: string;
  ledger: Ledger;
  build: BuildFigures;
  /** True when this run reused a ledger built by an earlier run. */
  fromCache: boolean;
  close(): void;
}

function schemaKey(): string {
  return crypto.createHash('sha256').update(MIGRATIONS.map((m) => `${m.version}\n${m.sql}`).join('\n')).digest('hex').slice(0, 10);
}

function filesOf(outDir: string, orders: number) {
  const base = path.join(outDir, `ledger-${orders}-g${GENERATOR_VERSION}-${schemaKey()}`);
  return { file: `${base}.sqlite3`, meta: `${base}.json`, partial: `${base}.partial`, raw: `${base}.raw-baseline`, rawIndexed: `${base}.raw-indexed`, lock: `${base}.lock` };
}

const elapsed = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

function cachedFigures(f: ReturnType<typeof filesOf>, orders: number): BuildFigures | undefined {
  if (!fs.existsSync(f.file) || !fs.existsSync(f.meta)) return undefined;
  const meta = JSON.parse(fs.readFileSync(f.meta, 'utf8')) as BuildFigures;
  return meta.orders === orders && meta.generatorVersion === GENERATOR_VERSION && meta.schema === schemaKey() ? meta : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleepMs = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes the build lock of this ledger, or waits while another bench process builds it (two
 * builders of one file would delete each other's work). Returns true when this process holds
 * the lock, false when it waited for another's build to finish.
 */
function lockOrWait(lock: string, log: (s: string) => void): boolean {
  let waited = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return !waited;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(fs.readFileSync(lock, 'utf8')) || 0;
    if (holder && isAlive(holder)) {
      if (!waited) log(`  waiting for bench process ${holder}, which is building this ledger …`);
      waited = true;
      sleepMs(2000);
    } else {
      fs.rmSync(lock, { force: true }); // left by a process that died
    }
  }
}

export function openBenchLedger(outDir: string, orders: number, rebuild: boolean, log: (s: string) => void): BenchLedger {
  const f = filesOf(outDir, orders);
  fs.mkdirSync(outDir, { recursive: true });
  let build = rebuild ? undefined : cachedFigures(f, orders) ?? migratedFromOlderSchema(f, orders, log);
  let fromCache = !!build;
  if (!build) {
    const mine = lockOrWait(f.lock, log);
    try {
      // Whoever held the lock has just built it: that build is as fresh as a rebuild.
      build = mine ? undefined : cachedFigures(f, orders);
      fromCache = !!build;
      if (!build) build = buildBenchLedger(f, orders, log);
    } finally {
      fs.rmSync(f.lock, { force: true });
    }
  } else {
    log(`  reusing ${path.relative(process.cwd(), f.file)} (built ${build.builtAt}; --rebuild to build again)`);
  }
  const ledger = openLedger(f.file, { create: false });
  return { file: f.file, ledger, build, fromCache, close: () => closeLedger(ledger) };
}

/**
 * A cached ledger of the same orders built under an earlier schema, migrated forward to this one
 * by the app's own migrations (as a clerk's file would be) instead of built again: a rebuild
 * takes several minutes at a million orders (more while other work shares the two cores), a new
 * index seconds. Its build figures stay those of its own build (marked so); --rebuild measures
 * the build again.
 */
function migratedFromOlderSchema(f: ReturnType<typeof filesOf>, orders: number, log: (s: string) => void): BuildFigures | undefined {
  const dir = path.dirname(f.file);
  if (!fs.existsSync(dir)) return undefined;
  const pattern = new RegExp(`^ledger-${orders}-g${GENERATOR_VERSION}-([0-9a-f]+)\\.json$`);
  for (const name of fs.readdirSync(dir)) {
    if (!pattern.test(name)) continue;
    const meta = path.join(dir, name);
    const file = meta.replace(/\.json$/, '.sqlite3');
    if (meta === f.meta || !fs.existsSync(file)) continue;
    const old = JSON.parse(fs.readFileSync(meta, 'utf8')) as BuildFigures;
    if (old.orders !== orders || old.generatorVersion !== GENERATOR_VERSION) continue;
    // One built under a later schema (a migration since taken out of the tree) cannot go back.
    const probe = new Database(file, { readonly: true });
    const version = probe.pragma('user_version', { simple: true }) as number;
    probe.close();
    if (version > MIGRATIONS[MIGRATIONS.length - 1].version) continue;
    log(`  migrating ${path.relative(process.cwd(), file)} to the current schema (built ${old.builtAt}) …`);
    fs.rmSync(meta);
    removeDb(f.file);
    fs.renameSync(file, f.file);
    for (const ext of ['-wal', '-shm']) if (fs.existsSync(file + ext)) fs.renameSync(file + ext, f.file + ext);
    closeLedger(openLedger(f.file, { create: false }));
    const build: BuildFigures = { ...old, schema: schemaKey(), migratedFrom: old.migratedFrom ?? old.schema };
    fs.writeFileSync(f.meta, JSON.stringify(build, null, 2));
    return build;
  }
  return undefined;
}

function buildBenchLedger(f: ReturnType<typeof filesOf>, orders: number, log: (s: string) => void): BuildFigures {
  fs.mkdirSync(path.dirname(f.file), { recursive: true });
  for (const file of [f.file, f.partial, f.raw, f.rawIndexed]) removeDb(file);
  // Ledgers of the same size from another generator version or schema are stale: free the disk
  // (a gigabyte each at a million orders). A process still reading one keeps its open file.
  const stale = new RegExp(`^ledger-${orders}-g\\d+-[0-9a-f]+\\.(sqlite3|json)$`);
  for (const name of fs.readdirSync(path.dirname(f.file))) {
    const file = path.join(path.dirname(f.file), name);
    if (stale.test(name) && file !== f.file && file !== f.meta) removeDb(file);
  }
  fs.rmSync(f.meta, { force: true });
  log(`  building a ledger of ${orders.toLocaleString('en')} orders (and the raw baseline) …`);

  const ledger = openLedger(f.partial);
  const db = ledger.db;
  const specs = unitSpecs(UNITS);
  db.transaction(() => ensureUnits(db, ACTOR, specs))();
  const unitIds = new Map(specs.map((s) => [s.name, unitIdByName(db, s.name) ?? null]));

  // The raw baseline: the orders table exactly as the ledger defines it (and units for its
  // foreign key), without secondary indexes, search index, audit log or derived fields.
  const bareTable = (file: string, withIndexes: boolean) => {
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    for (const name of ['units', 'orders']) raw.exec((db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) as { sql: string }).sql);
    if (withIndexes) {
      for (const { sql } of db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL`).all() as { sql: string }[]) raw.exec(sql);
    }
    const copyUnit = raw.prepare(`INSERT INTO units (id, name, kind, parent_id, sort_order, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const u of db.prepare(`SELECT id, name, kind, parent_id, sort_order, active, created_at, updated_at FROM units ORDER BY id`).raw().all() as unknown[][]) copyUnit.run(u);
    const rawColumns = [...ORDER_FIELDS.map((c) => c.column), 'deleted', 'created_at', 'updated_at'];
    return { raw, insert: raw.prepare(`INSERT INTO orders (${rawColumns.join(', ')}) VALUES (${rawColumns.map(() => '?').join(', ')})`) };
  };
  const { raw, insert: rawInsert } = bareTable(f.raw, false);
  const { raw: rawIdx, insert: rawIdxInsert } = bareTable(f.rawIndexed, true);

  let generateMs = 0, ledgerMs = 0, rawMs = 0, rawIndexedMs = 0;
  const now = '2026-11-01 00:00:00';
  db.exec('BEGIN');
  raw.exec('BEGIN');
  rawIdx.exec('BEGIN');
  // The ledger takes the orders through loadOrders, chunk by chunk as this generator yields them;
  // the generator makes each chunk and inserts it into the two bare tables, and the time it
  // spends (insideNs) is taken off loadOrders' time.
  let insideNs = 0n;
  let enteredAt = 0n;
  const enter = () => { enteredAt = process.hrtime.bigint(); };
  const leave = () => { insideNs += process.hrtime.bigint() - enteredAt; };
  let done = 0;
  let chunkNo = 0;
  const runRaw = (rows: unknown[][]) => { const t = process.hrtime.bigint(); for (const r of rows) rawInsert.run(r); rawMs += elapsed(t); };
  const runRawIdx = (rows: unknown[][]) => { const t = process.hrtime.bigint(); for (const r of rows) rawIdxInsert.run(r); rawIndexedMs += elapsed(t); };
  function* withBaselines(chunk: NewOrder[], rows: unknown[][]): Generator<NewOrder[]> {
    // Alternate whether the bare inserts run before or after the ledger's, so neither always
    // finds the caches warmed by the other.
    const before = chunkNo++ % 2 === 0;
    if (before) { runRaw(rows); runRawIdx(rows); }
    leave();
    yield chunk;
    enter();
    if (!before) { runRawIdx(rows); runRaw(rows); }
    done += chunk.length;
    if (done % 100_000 === 0 || done === orders) process.stdout.write(`\r    ${done.toLocaleString('en')} orders`);
  }
  function* chunks(): Generator<NewOrder[]> {
    enter();
    let chunk: NewOrder[] = [];
    let rows: unknown[][] = [];
    let t = process.hrtime.bigint();
    for (const o of syntheticOrders({ count: orders, ...SPAN, units: specs, seed: SEED })) {
      const { unitName, ...order } = o;
      const full: NewOrder = { ...order, unitId: unitName ? unitIds.get(unitName) ?? null : null };
      chunk.push(full);
      const values = full as Record<string, unknown>;
      rows.push([...ORDER_FIELDS.map((c) => (c.type === 'derived' ? statusOf(full as never) : values[c.key] ?? null)), 0, now, now]);
      if (chunk.length === CHUNK) {
        generateMs += elapsed(t);
        yield* withBaselines(chunk, rows);
        chunk = [];
        rows = [];
        t = process.hrtime.bigint();
      }
    }
    generateMs += elapsed(t);
    if (chunk.length) yield* withBaselines(chunk, rows);
    leave();
  }
  let t = process.hrtime.bigint();
  loadOrders(db, ACTOR, chunks(), { label: '性能测试台账', expected: orders });
  ledgerMs += elapsed(t) - Number(insideNs) / 1e6;
  process.stdout.write('\n');
  t = process.hrtime.bigint();
  raw.exec('COMMIT');
  rawMs += elapsed(t);
  t = process.hrtime.bigint();
  db.exec('COMMIT');
  ledgerMs += elapsed(t);
  t = process.hrtime.bigint();
  rawIdx.exec('COMMIT');
  rawIndexedMs += elapsed(t);
  raw.close();
  rawIdx.close();
  removeDb(f.raw);
  removeDb(f.rawIndexed);

  t = process.hrtime.bigint();
  closeLedger(ledger); // checkpoints the WAL into the file
  const checkpointMs = elapsed(t);
  fs.renameSync(f.partial, f.file);
  const build: BuildFigures = {
    orders, generateMs, ledgerMs, rawMs, rawIndexedMs, checkpointMs, fileBytes: fs.statSync(f.file).size,
    builtAt: new Date().toISOString(), generatorVersion: GENERATOR_VERSION, schema: schemaKey(),
  };
  fs.writeFileSync(f.meta, JSON.stringify(build, null, 2));
  return build;
}
