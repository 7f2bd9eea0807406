// Previewing and committing an import, and undoing a batch. A commit is one transaction (the
// dispatcher's) and one row in import_batches; every order it touched is recorded with exactly
// the values it changed, so an undo can put them back.
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { FIELD_BY_KEY, isEditableField, type FieldValue } from '../../../shared/fields';
import type { ImportBatch, ImportPreview, ImportRequest, ImportSummary } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/result';
import { statusOf } from '../../../shared/status';
import { nowCst } from '../../../shared/time';
import { appendAudit, type Actor, type AuditRecord } from '../../ledger/audit';
import { loadOrders, writeSearchTokens, type NewOrder } from '../../ledger/orders';
import type { Db } from '../../ledger/open';
import { recomputeDeadlines } from '../deadlines';
import { findHeader } from './header';
import { cellText, withoutFormulaGuard } from './cellValues';
import { savedMappingFor } from './mappings';
import { findUnknowns, planRows, usableColumns, type OrderWrite, type Plan, type PlanChunk } from './plan';
import { readRawSheet, type RawSheet, type ReadLimits, DEFAULT_LIMITS } from './readWorkbook';
import type { ColumnPlan } from './header';
import { TARGET_LABEL, columnOfTarget, type TargetKey } from './targets';
import { Vocabulary, applyUnknownDecisions, decideUnknowns, type CreatedNames } from './unknowns';

class Rollback extends Error {}

interface Prepared {
  preview: ImportPreview;
  plan: Plan;
  created: CreatedNames;
}

/**
 * Where a commit sends the planned writes (a preview sends them nowhere): it reads every chunk,
 * told how many of the file's rows name an order the ledger does not have yet.
 */
type Writer = ((chunks: Iterable<PlanChunk>, newOrders: number) => void) | undefined;

/**
 * Reads, maps and plans a file inside the caller's transaction, carrying out the decisions about
 * unknown units and values first so that the plan sees them exactly as a commit would.
 */
function prepare(db: Db, actor: Actor, req: ImportRequest, limits: ReadLimits, batchId: number | null, bytes: Buffer, writer: Writer): Prepared {
  const { fileName } = req.file;
  const sha256 = sha256Of(bytes);
  const sheet = readRawSheet(fileName, bytes, limits);
  const header = findHeader(sheet, req.mapping, savedMappingFor(db, req.mappingName), fileName);
  const { usable, warnings } = usableColumns(db, header.columns);
  const vocab = new Vocabulary(db);
  const unknowns = decideUnknowns(findUnknowns(sheet, header.headerRow, usable, vocab), req.decisions, req.strict);
  const created = applyUnknownDecisions(db, actor, unknowns, batchId);
  vocab.reload();
  const rejectedNames = new Set(unknowns.filter((u) => u.action === 'reject').map((u) => `${u.field}\u0000${u.name}`));
  // Checked before any write: a file with a header and nothing under it is refused whole.
  let hasData = false;
  for (let r = header.headerRow + 1; r < sheet.rows.length && !hasData; r++) hasData = sheet.rows[r]?.some((c) => c !== null && c !== '') ?? false;
  if (!hasData) throw new AppError('bad_file', `文件 ${fileName} 在表头（第 ${header.headerRow + 1} 行）之下没有数据`);
  const newOrders = writer ? newOrderCount(db, sheet, header.headerRow, usable) : 0;
  const plan = planRows(db, sheet, header.headerRow, usable, vocab, rejectedNames, writer && ((chunks) => writer(chunks, newOrders)));
  const dataRows = plan.dataRows;
  const earlier = db.prepare(`SELECT id, at, undone_at FROM import_batches WHERE sha256 = ? ORDER BY id`).all(sha256) as { id: number; at: string; undone_at: string | null }[];
  const preview: ImportPreview = {
    fileName,
    sha256,
    sheetName: sheet.sheetName,
    headerRow: header.headerRow + 1,
    dataRows,
    columns: header.columns,
    counts: { new: plan.inserted, changed: plan.updated, unchanged: plan.unchanged, rejected: plan.rejectedRows },
    rejected: plan.rejected,
    changed: plan.updateSample.map((u) => ({
      row: u.row,
      orderNo: u.orderNo,
      fields: Object.keys(u.before).filter((k) => k !== 'deleted').map((k) => ({
        field: k, label: TARGET_LABEL[k] ?? k, oldValue: shown(db, k, u.before[k]), newValue: shown(db, k, u.values[k as TargetKey] ?? null),
      })),
    })),
    unknowns,
    warnings: [...warnings, ...plan.warnings],
    earlierBatches: earlier.map((b) => ({ id: b.id, at: b.at, undone: b.undone_at !== null })),
  };
  return { preview, plan, created };
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * How many rows below the header carry a 工单编号 the ledger does not hold: about how many
 * orders a commit will create (rows the plan rejects still count), for loadOrders to weigh
 * against the ledger's size. Read before planning, which releases the rows.
 */
function newOrderCount(db: Db, sheet: RawSheet, headerRow: number, columns: ColumnPlan[]): number {
  const at = columns.find((c) => c.target === 'orderNo')?.index;
  if (at === undefined) return 0;
  const numbers: string[] = [];
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const text = withoutFormulaGuard(cellText(sheet.rows[r]?.[at] ?? null));
    if (text !== '') numbers.push(text);
  }
  return (db.prepare(`SELECT count(*) AS n FROM json_each(?) WHERE value NOT IN (SELECT order_no FROM orders)`).get(JSON.stringify(numbers)) as { n: number }).n;
}

/** How a value reads for the clerk: unit ids become names. */
function shown(db: Db, key: string, value: FieldValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (key === 'unitId') return (db.prepare(`SELECT name FROM units WHERE id = ?`).get(value) as { name: string } | undefined)?.name ?? String(value);
  return String(value);
}

/** What a commit would do, without writing anything (the work is rolled back). */
export function previewImport(db: Db, actor: Actor, req: ImportRequest, limits: ReadLimits = DEFAULT_LIMITS): ImportPreview {
  let preview: ImportPreview | undefined;
  try {
    db.transaction(() => {
      preview = prepare(db, importActor(actor), req, limits, null, Buffer.from(req.file.base64, 'base64'), undefined).preview;
      throw new Rollback();
    })();
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return preview!;
}

function importActor(actor: Actor): Actor {
  return { who: actor.who, source: 'import' };
}

/** Writes an import inside the caller's transaction and records it as one batch. */
export function commitImport(db: Db, actor: Actor, req: ImportRequest, limits: ReadLimits = DEFAULT_LIMITS): ImportSummary {
  const who = importActor(actor);
  const now = nowCst();
  const bytes = Buffer.from(req.file.base64, 'base64');
  const batchId = Number(
    db.prepare(`INSERT INTO import_batches (file_name, sha256, at, who, inserted, updated, unchanged, rejected) VALUES (?, ?, ?, ?, 0, 0, 0, 0)`)
      .run(req.file.fileName, sha256Of(bytes), now, actor.who).lastInsertRowid,
  );
  // loadOrders derives a new order's deadlines itself; only orders changed afterwards (updates,
  // and new orders given life-of-the-order columns) are derived again at the end.
  const touched: number[] = [];
  const { preview, plan, created } = prepare(db, who, req, limits, batchId, bytes, (chunks, newOrders) => {
    touched.push(...writePlan(db, who, chunks, { batchId, fileName: req.file.fileName, newOrders, now }));
  });
  db.prepare(
    `UPDATE import_batches SET inserted = ?, updated = ?, unchanged = ?, rejected = ?, created_units = ?, created_values = ? WHERE id = ?`,
  ).run(plan.inserted, plan.updated, plan.unchanged, plan.rejectedRows,
    JSON.stringify(created.units), JSON.stringify([...created.categories, ...created.values]), batchId);
  // Due times, on-time flags and the status follow from what was imported.
  recomputeDeadlines(db, who, { orderIds: touched });
  return {
    batch: batchId,
    fileName: preview.fileName,
    inserted: plan.inserted,
    updated: plan.updated,
    unchanged: plan.unchanged,
    rejected: plan.rejected,
    rejectedRows: plan.rejectedRows,
    created,
    warnings: preview.warnings,
  };
}

/** The summary a dry run prints: what a commit would do. */
export function dryRunSummary(preview: ImportPreview): ImportSummary {
  const created = { units: [] as string[], categories: [] as string[], values: [] as string[] };
  for (const u of preview.unknowns) {
    if (u.action !== 'create') continue;
    (u.field === 'unitId' ? created.units : u.field === 'category' ? created.categories : created.values).push(u.name);
  }
  return {
    batch: null, fileName: preview.fileName, inserted: preview.counts.new, updated: preview.counts.changed,
    unchanged: preview.counts.unchanged, rejected: preview.rejected, rejectedRows: preview.counts.rejected, created, warnings: preview.warnings,
  };
}

/**
 * Writes the planned chunks: changes as they come, new orders through one bulk load (one audit
 * row for the batch's new orders, which each order points to; none when the file brings no new
 * order; the ledger's indexes are built again after the load when it brings at least as many
 * orders as the ledger holds). Returns the ids whose deadlines must be derived again.
 */
function writePlan(db: Db, actor: Actor, chunks: Iterable<PlanChunk>, batch: { batchId: number; fileName: string; newOrders: number; now: string }): number[] {
  const { batchId, now } = batch;
  const rederive: number[] = [];
  /** New orders carrying life-of-the-order columns, by their position in the load. */
  const withExtras: [number, OrderWrite][] = [];
  let position = 0;
  // loadOrders pulls the chunks: each chunk's changes are written as it comes, its new orders go to the load.
  function* newOrders(): Generator<NewOrder[]> {
    for (const { inserts, updates } of chunks) {
      writeUpdates(db, actor, updates, batchId, now);
      for (const u of updates) rederive.push(u.id!);
      inserts.forEach((w, i) => { if (Object.keys(w.values).some((k) => !isEditableField(k))) withExtras.push([position + i, w]); });
      position += inserts.length;
      // loadOrders reads only the order's own fields by key, so the planned values go as they are.
      yield inserts.map((w) => w.values as NewOrder);
    }
  }
  const load = loadOrders(db, actor, newOrders(), { batchId, label: `导入 ${batch.fileName}`, expected: batch.newOrders });
  // The batch's new orders are numbered firstId… in the order given: one statement records them all.
  db.prepare(`INSERT INTO import_batch_orders (batch_id, order_id, changes) SELECT ?, id, NULL FROM orders WHERE id >= ? AND id < ?`)
    .run(batchId, load.firstId, load.firstId + load.count);
  const extraUpdates = new Map<string, Statement<unknown[]>>();
  for (const [i, w] of withExtras) {
    const extras = Object.entries(w.values).filter(([k]) => !isEditableField(k));
    const sql = `UPDATE orders SET ${extras.map(([k]) => `${columnOfTarget(k as TargetKey)} = ?`).join(', ')} WHERE id = ?`;
    let stmt = extraUpdates.get(sql);
    if (!stmt) extraUpdates.set(sql, (stmt = db.prepare(sql)));
    stmt.run(...extras.map(([, v]) => v), load.firstId + i);
    rederive.push(load.firstId + i);
  }
  return rederive;
}

const SEARCHED = new Set(['orderNo', 'content', 'caller', 'phone']);

function writeUpdates(db: Db, actor: Actor, updates: OrderWrite[], batchId: number, now: string): void {
  const record = db.prepare(`INSERT INTO import_batch_orders (batch_id, order_id, changes) VALUES (?, ?, ?)`);
  const statements = new Map<string, Statement<unknown[]>>();
  const audit: AuditRecord[] = [];
  for (const w of updates) {
    const keys = Object.keys(w.before);
    const columns = keys.map((k) => (k === 'deleted' ? 'deleted' : columnOfTarget(k as TargetKey)));
    const sql = `UPDATE orders SET ${columns.map((c) => `${c} = ?`).join(', ')}, status = ?, updated_at = ? WHERE id = ?`;
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
    const newValues = keys.map((k) => (k === 'deleted' ? 0 : (w.values[k as TargetKey] ?? null)));
    stmt.run(...newValues, statusOf(w.after as never), now, w.id);
    if (keys.some((k) => SEARCHED.has(k))) writeSearchTokens(db, w.id!, w.after);
    const changes: Record<string, [FieldValue, FieldValue]> = {};
    keys.forEach((k, i) => {
      changes[columns[i]] = [w.before[k], newValues[i]];
      audit.push({
        action: k === 'deleted' ? 'restore' : 'import', entity: 'order', entityId: w.id, field: k,
        oldValue: shown(db, k, w.before[k]), newValue: shown(db, k, newValues[i]), batchId,
      });
    });
    record.run(batchId, w.id, JSON.stringify(changes));
  }
  appendAudit(db, actor, audit, now);
}

/** Puts every order a batch touched back as it was; later edits of the same fields are kept. */
export function undoImportBatch(db: Db, actor: Actor, batchId: number): { restored: number; removed: number; kept: number } {
  const batch = db.prepare(`SELECT * FROM import_batches WHERE id = ?`).get(batchId) as { undone_at: string | null; file_name: string } | undefined;
  if (!batch) throw new AppError('not_found', `导入批次不存在（编号 ${batchId}）`);
  if (batch.undone_at) throw new AppError('conflict', `导入批次 #${batchId}（${batch.file_name}）已于 ${batch.undone_at} 撤销`);
  const later = db.prepare(
    `SELECT min(b.id) AS id FROM import_batch_orders mine JOIN import_batch_orders other ON other.order_id = mine.order_id AND other.batch_id > mine.batch_id
     JOIN import_batches b ON b.id = other.batch_id AND b.undone_at IS NULL WHERE mine.batch_id = ?`,
  ).get(batchId) as { id: number | null };
  if (later.id !== null) throw new AppError('conflict', `批次 #${later.id} 在此之后又导入了其中的工单，请先撤销批次 #${later.id}`);
  const who: Actor = { who: actor.who, source: actor.source };
  const now = nowCst();
  const rows = db.prepare(`SELECT order_id, changes FROM import_batch_orders WHERE batch_id = ?`).all(batchId) as { order_id: number; changes: string | null }[];
  const columnToKey = new Map<string, string>(Object.values(FIELD_BY_KEY).map((f) => [f.column, f.key]));
  const audit: AuditRecord[] = [];
  let restored = 0;
  let removed = 0;
  let kept = 0;
  const load = db.prepare(`SELECT * FROM orders WHERE id = ?`);
  for (const r of rows) {
    const current = load.get(r.order_id) as Record<string, FieldValue>;
    const sets: Record<string, FieldValue> = {};
    if (r.changes === null) {
      if (current.deleted === 0) sets.deleted = 1;
    } else {
      for (const [column, [before, after]] of Object.entries(JSON.parse(r.changes) as Record<string, [FieldValue, FieldValue]>)) {
        if ((current[column] ?? null) === after) sets[column] = before;
        else kept++; // changed again after the import (by hand): the later value stays
      }
    }
    const columns = Object.keys(sets);
    if (columns.length === 0) continue;
    const next = { ...current, ...sets };
    const status = statusOf({ handling: next.handling as string | null, signedAt: next.signed_at as string | null, repliedAt: next.replied_at as string | null, closedAt: next.closed_at as string | null });
    db.prepare(`UPDATE orders SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, status = @status__, updated_at = @now__ WHERE id = @id__`).run({
      ...sets, status__: status, now__: now, id__: r.order_id,
    });
    const asKeys = Object.fromEntries(Object.values(FIELD_BY_KEY).map((f) => [f.key, next[f.column] ?? null]));
    writeSearchTokens(db, r.order_id, asKeys);
    if (r.changes === null) removed++;
    else restored++;
    for (const c of columns) {
      const key = columnToKey.get(c) ?? c;
      audit.push({ action: 'undo-import', entity: 'order', entityId: r.order_id, field: key, oldValue: shown(db, key, current[c]), newValue: shown(db, key, sets[c]), batchId });
    }
  }
  appendAudit(db, who, audit, now);
  recomputeDeadlines(db, who, { orderIds: rows.map((r) => r.order_id) });
  db.prepare(`UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?`).run(now, actor.who, batchId);
  return { restored, removed, kept };
}

export function listImportBatches(db: Db, limit = 200): ImportBatch[] {
  const rows = db.prepare(`SELECT * FROM import_batches ORDER BY id DESC LIMIT ?`).all(limit) as Record<string, string | number | null>[];
  return rows.map((r) => ({
    id: r.id as number,
    fileName: r.file_name as string,
    sha256: r.sha256 as string,
    at: r.at as string,
    who: r.who as string,
    inserted: r.inserted as number,
    updated: r.updated as number,
    unchanged: r.unchanged as number,
    rejected: r.rejected as number,
    createdUnits: JSON.parse(r.created_units as string) as string[],
    undoneAt: (r.undone_at as string | null) ?? null,
    undoneBy: (r.undone_by as string | null) ?? null,
  }));
}
