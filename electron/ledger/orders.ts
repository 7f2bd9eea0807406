// Work orders: reading pages for the grid, applying the clerk's edits, creating and deleting.
import { AppError } from '../../shared/result';
import {
  ORDER_FIELDS,
  FIELD_BY_KEY,
  checkFieldInput,
  checkOrderTimes,
  type EditableFieldKey,
  type FieldValue,
  type OrderFieldKey,
  type ValidationContext,
} from '../../shared/fields';
import { statusOf } from '../../shared/status';
import { searchTokens } from '../../shared/search';
import { nowCst } from '../../shared/time';
import type { AppliedEdit, CellEdit, OrderRow, RefusedEdit } from '../../shared/api';
import { appendAudit, type Actor, type AuditRecord } from './audit';
import { readDictionaries } from './dictionaries';
import { unitIdByName } from './units';
import type { Db } from './open';
import { DERIVED_COLUMNS, DeadlineRules, deriveNewOrder, recomputeDeadlines } from '../services/deadlines';
import type { Statement } from 'better-sqlite3';

/** The SELECT list that makes an OrderRow, with the unit's current name. */
export const ORDER_COLUMNS = `o.id, ${ORDER_FIELDS.map((f) => `o.${f.column}`).join(', ')}, o.deleted, o.updated_at, u.name AS unit_name`;
export const ORDER_FROM = `orders o LEFT JOIN units u ON u.id = o.unit_id`;

type DbOrder = Record<string, string | number | null>;

export function toOrderRow(r: DbOrder): OrderRow {
  const row: Record<string, unknown> = { id: r.id, unitName: r.unit_name ?? null, deleted: r.deleted === 1, updatedAt: r.updated_at };
  for (const f of ORDER_FIELDS) row[f.key] = r[f.column] ?? null;
  return row as OrderRow;
}

export function getOrderRow(db: Db, id: number): OrderRow {
  const r = db.prepare(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.id = ?`).get(id) as DbOrder | undefined;
  if (!r) throw new AppError('not_found', `工单不存在（编号 ${id}）`);
  return toOrderRow(r);
}

export function validationContext(db: Db): ValidationContext {
  const unitExists = db.prepare(`SELECT 1 FROM units WHERE id = ?`);
  return {
    dictionaries: readDictionaries(db),
    unitIdByName: (name) => unitIdByName(db, name),
    unitExists: (id) => !!unitExists.get(id),
  };
}

/** Fields whose text feeds the free-text search index. */
const SEARCHED: readonly OrderFieldKey[] = ['orderNo', 'content', 'caller', 'phone'];

const textOf = (v: FieldValue | undefined): string | null => (v == null ? null : String(v));

function tokensOf(o: Partial<Record<OrderFieldKey, FieldValue>>): string {
  return searchTokens(...SEARCHED.map((k) => textOf(o[k])));
}

export function writeSearchTokens(db: Db, id: number, o: Partial<Record<OrderFieldKey, FieldValue>>): void {
  db.prepare(`DELETE FROM orders_search WHERE rowid = ?`).run(id);
  db.prepare(`INSERT INTO orders_search (rowid, tokens) VALUES (?, ?)`).run(id, tokensOf(o));
}

/** How an edited value reads in the history: unit ids become the unit's name. */
function displayValue(db: Db, field: EditableFieldKey, value: FieldValue): FieldValue {
  if (field === 'unitId' && typeof value === 'number') {
    return (db.prepare(`SELECT name FROM units WHERE id = ?`).get(value) as { name: string } | undefined)?.name ?? value;
  }
  return value;
}

export interface EditOutcome {
  applied: AppliedEdit[];
  refused: RefusedEdit[];
  changedIds: number[];
}

/**
 * Applies cell edits inside the caller's transaction. Each value is validated as if typed into
 * the cell; a refused cell leaves its order untouched and is reported with a Chinese message.
 *
 * The edits of one paste (or one undo) are judged together: a cell refused only because of
 * another cell of the same batch (a 受理时间 moved past the old 回复时间 that the next cell moves
 * too; a 工单编号 that another row gives up) is tried again once the rest has landed.
 */
export function applyCellEdits(db: Db, actor: Actor, edits: readonly CellEdit[], action: string): EditOutcome {
  const ctx = validationContext(db);
  const now = nowCst();
  const current = new Map<number, Record<string, FieldValue>>();
  const storedOrderNo = new Map<number, string>();
  /** Each loaded order as it is in the file (current holds it with the batch's changes). */
  const stored = new Map<number, Record<string, FieldValue>>();
  /** 工单编号 → order, for the orders this batch has loaded, with the batch's changes. */
  const pendingNoHolder = new Map<FieldValue, number>();
  const selectOrder = db.prepare(`SELECT * FROM orders WHERE id = ?`);
  const loadOrder = (id: number) => {
    let o = current.get(id);
    if (!o) {
      const r = selectOrder.get(id) as DbOrder | undefined;
      if (!r) return undefined;
      o = Object.fromEntries(ORDER_FIELDS.map((f) => [f.key, r[f.column] ?? null]));
      o.deleted = r.deleted;
      current.set(id, o);
      stored.set(id, o);
      storedOrderNo.set(id, String(r.order_no));
      pendingNoHolder.set(o.orderNo, id);
    }
    return o;
  };
  const storedOwnerOfNo = db.prepare(`SELECT id FROM orders WHERE order_no = ? AND id <> ?`);
  /** Whether another order holds this 工单编号, counting the batch's own pending changes. */
  const orderNoTaken = (no: FieldValue, id: number) => {
    const holder = pendingNoHolder.get(no);
    if (holder !== undefined) return holder !== id;
    const owner = storedOwnerOfNo.get(no, id) as { id: number } | undefined;
    return !!owner && !current.has(owner.id);
  };
  const outcome: EditOutcome = { applied: [], refused: [], changedIds: [] };
  const audit: AuditRecord[] = [];
  const changed = new Set<number>();
  /** Why a checked value cannot land on the order as it stands now, or null. */
  const conflictOf = (id: number, field: EditableFieldKey, value: FieldValue): string | null => {
    if (field === 'orderNo' && orderNoTaken(value, id)) return `工单编号 ${value} 已存在`;
    return checkOrderTimes({ ...current.get(id)!, [field]: value });
  };
  /** The batch position of the last edit that landed on each order's field. */
  const landedAt = new Map<string, number>();
  const land = (index: number, id: number, field: EditableFieldKey, value: FieldValue) => {
    const oldValue = current.get(id)![field];
    landedAt.set(`${id}:${field}`, index);
    if (oldValue === value) return;
    current.set(id, { ...current.get(id)!, [field]: value });
    if (field === 'orderNo') {
      pendingNoHolder.delete(oldValue);
      pendingNoHolder.set(value, id);
    }
    changed.add(id);
    outcome.applied.push({ id, field, oldValue, newValue: value });
    audit.push({
      action, entity: 'order', entityId: id, field,
      oldValue: displayValue(db, field, oldValue), newValue: displayValue(db, field, value),
    });
  };
  const deferred: { index: number; edit: CellEdit; value: FieldValue; message: string }[] = [];
  edits.forEach((edit, index) => {
    const field = edit.field as EditableFieldKey;
    const refuse = (message: string) => outcome.refused.push({ id: edit.id, field, value: edit.value, message });
    const order = loadOrder(edit.id);
    if (!order) return refuse(`工单不存在（编号 ${edit.id}）`);
    if (order.deleted === 1) return refuse(`工单 ${order.orderNo} 已删除，请先恢复`);
    const checked = checkFieldInput(field, edit.value, ctx);
    if (!checked.ok) return refuse(checked.message);
    if (order[field] === checked.value) return void landedAt.set(`${edit.id}:${field}`, index);
    const conflict = conflictOf(edit.id, field, checked.value);
    if (conflict) return void deferred.push({ index, edit, value: checked.value, message: conflict });
    land(index, edit.id, field, checked.value);
  });
  // Retry what the rest of the batch may have made acceptable, until a round lands nothing.
  for (let progress = true; progress && deferred.length > 0; ) {
    progress = false;
    for (const d of [...deferred]) {
      const field = d.edit.field as EditableFieldKey;
      // A later cell of the batch already set this field: the earlier value is moot.
      if ((landedAt.get(`${d.edit.id}:${field}`) ?? -1) > d.index) continue;
      const conflict = conflictOf(d.edit.id, field, d.value);
      if (conflict) { d.message = conflict; continue; }
      deferred.splice(deferred.indexOf(d), 1);
      land(d.index, d.edit.id, field, d.value);
      progress = true;
    }
  }
  for (const d of deferred) outcome.refused.push({ id: d.edit.id, field: d.edit.field, value: d.edit.value, message: d.message });
  // A 工单编号 may pass from one order to another within the batch; park the changed numbers
  // on unique placeholders first so no intermediate state breaks the UNIQUE index.
  const renumbered = [...changed].filter((id) => current.get(id)!.orderNo !== storedOrderNo.get(id));
  const park = db.prepare(`UPDATE orders SET order_no = ? WHERE id = ?`);
  for (const id of renumbered) park.run(`\u0000renumbering:${id}`, id);
  // Only the columns that changed are set: SQLite rewrites the entries of every index that
  // covers an assigned column, and orders carry many indexes (paging, deadlines, statistics).
  const updates = new Map<string, ReturnType<Db['prepare']>>();
  for (const id of changed) {
    const o = current.get(id)!;
    const before = stored.get(id)!;
    const fields = ORDER_FIELDS.filter((f) => f.type !== 'derived' && o[f.key] !== before[f.key]);
    const status = statusOf(o as never);
    const withStatus = status !== statusOf(before as never);
    const key = `${fields.map((f) => f.key).join(',')}|${withStatus}`;
    let update = updates.get(key);
    if (!update) {
      const sets = [...fields.map((f) => `${f.column} = @${f.key}`), ...(withStatus ? ['status = @status'] : []), 'updated_at = @now'];
      update = db.prepare(`UPDATE orders SET ${sets.join(', ')} WHERE id = @id`);
      updates.set(key, update);
    }
    update.run({ ...Object.fromEntries(fields.map((f) => [f.key, o[f.key]])), ...(withStatus ? { status } : {}), now, id });
    if (SEARCHED.some((k) => o[k] !== before[k])) writeSearchTokens(db, id, o);
  }
  appendAudit(db, actor, audit, now);
  outcome.changedIds = [...changed];
  if (changed.size) recomputeDeadlines(db, actor, { orderIds: outcome.changedIds }); // due times, days late, status from events
  return outcome;
}

export type NewOrder = Partial<Record<EditableFieldKey, FieldValue>> & { orderNo: string; receivedAt: string };

/** A provisional 工单编号 for an order registered by hand: BD + date + sequence. */
export function nextLocalOrderNo(db: Db, now = nowCst()): string {
  const prefix = `BD${now.slice(0, 10).replace(/-/g, '')}`;
  // Only numbers of exactly our shape count (GLOB is case-sensitive, unlike LIKE): a clerk's
  // 'BD20240207X1' or 'bd…' must neither give NaN nor jump the sequence; the largest by value,
  // not by text, so 10000 follows 9999.
  const last = db
    .prepare(
      `SELECT max(CAST(substr(order_no, @from) AS INTEGER)) AS seq FROM orders
       WHERE order_no GLOB @prefix || '[0-9]*' AND substr(order_no, @from) NOT GLOB '*[^0-9]*'`,
    )
    .get({ prefix, from: prefix.length + 1 }) as { seq: number | null };
  return `${prefix}${String((last.seq ?? 0) + 1).padStart(4, '0')}`;
}

/** The columns an insert writes: the fields (status among them), the other derived deadline fields, bookkeeping. */
const INSERTED_FIELDS = ORDER_FIELDS.filter((f) => f.type !== 'derived');
const INSERT_COLUMNS = [...INSERTED_FIELDS.map((f) => f.column), ...DERIVED_COLUMNS, 'deleted', 'created_at', 'updated_at'];
const SEARCHED_INDEXES = SEARCHED.map((k) => INSERTED_FIELDS.findIndex((f) => f.key === k));

/**
 * The statements and the one reused parameter array of an insert of many orders: a million
 * orders go through here, so statements are prepared once and rows bound by position (named
 * parameters and object spreads per row cost more than SQLite's own work). The derived deadline
 * fields are computed in the same pass (deriveNewOrder), not by a second pass over the rows.
 */
class OrderWriter {
  private readonly insert: Statement<unknown[]>;
  private readonly search: Statement<unknown[]>;
  private readonly values: unknown[];
  private readonly rules: DeadlineRules;
  private readonly nFields = INSERTED_FIELDS.length;

  /** withId: ids are given (a bulk load numbers its orders); createAuditId: the load's audit row each order points to. */
  constructor(db: Db, private readonly withId: boolean, createAuditId: number | null) {
    const columns = [...(withId ? ['id'] : []), ...INSERT_COLUMNS, ...(createAuditId !== null ? ['create_audit_id'] : [])];
    this.insert = db.prepare(`INSERT INTO orders (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    this.search = db.prepare(`INSERT INTO orders_search (rowid, tokens) VALUES (?, ?)`);
    this.values = new Array(columns.length).fill(null);
    const now = nowCst();
    const base = withId ? 1 : 0;
    this.values[base + this.nFields + DERIVED_COLUMNS.length] = 0;
    this.values[base + this.nFields + DERIVED_COLUMNS.length + 1] = now;
    this.values[base + this.nFields + DERIVED_COLUMNS.length + 2] = now;
    if (createAuditId !== null) this.values[columns.length - 1] = createAuditId;
    this.rules = DeadlineRules.of(db);
  }

  /** Inserts one order (id: the id to give it, when the writer numbers them); returns its id. */
  write(o: Partial<Record<OrderFieldKey, FieldValue>>, id?: number): number {
    const values = this.values;
    const base = this.withId ? 1 : 0;
    if (this.withId) values[0] = id;
    for (let i = 0; i < this.nFields; i++) values[base + i] = o[INSERTED_FIELDS[i].key] ?? null;
    const derived = deriveNewOrder(o as NewOrder, this.rules);
    for (let i = 0; i < derived.length; i++) values[base + this.nFields + i] = derived[i];
    let rowId: number;
    if (this.withId) {
      this.insert.run(values);
      rowId = id!;
    } else {
      rowId = Number(this.insert.run(values).lastInsertRowid);
    }
    this.search.run(rowId, searchTokens(
      textOf(values[base + SEARCHED_INDEXES[0]] as FieldValue), textOf(values[base + SEARCHED_INDEXES[1]] as FieldValue),
      textOf(values[base + SEARCHED_INDEXES[2]] as FieldValue), textOf(values[base + SEARCHED_INDEXES[3]] as FieldValue),
    ));
    return rowId;
  }
}

/**
 * Inserts orders whose values are already valid (the caller validated them), inside the caller's
 * transaction; one audit record per order. Returns the new ids. Many orders at once (a large
 * import, a synthetic ledger) go faster through loadOrders.
 */
export function insertOrders(db: Db, actor: Actor, orders: readonly NewOrder[], batchId: number | null = null): number[] {
  const writer = new OrderWriter(db, false, null);
  const audit = db.prepare(
    `INSERT INTO audit_log (at, who, source, action, entity, entity_id, new_value, batch_id) VALUES (?, ?, ?, 'create', 'order', ?, ?, ?)`,
  );
  const now = nowCst();
  const ids: number[] = new Array(orders.length);
  for (let n = 0; n < orders.length; n++) {
    const id = writer.write(orders[n]);
    audit.run(now, actor.who, actor.source, id, orders[n].orderNo, batchId);
    ids[n] = id;
  }
  return ids;
}

export interface OrderLoadOptions {
  /** The import batch the orders come from, if any (named in the audit row). */
  batchId?: number | null;
  /** What the load is, for the history: '示例数据', '导入 宁强2月.xlsx' … */
  label: string;
  /**
   * How many orders the load will bring, if known. When it is at least as many as the ledger
   * holds, the ordering indexes of orders are dropped for the load and built again after it:
   * building an index from sorted data is much faster than keeping it up to date row by row.
   */
  expected?: number;
}

export interface OrderLoad {
  firstId: number;
  count: number;
  /** The load's audit row; null when it brought no order (then it wrote nothing). */
  auditId: number | null;
}

/**
 * Inserts many orders (already valid) in the caller's transaction, chunk by chunk as `chunks`
 * yields them: the orders are numbered from max(id) + 1 in the order given, their derived
 * deadline fields and search tokens are written with them, and one audit row records the load;
 * each order points to it (create_audit_id), so its history still says how it was created.
 * The load starts with the first order: chunks before it may be empty (an import whose first
 * rows only change orders), and a load that brings none leaves no trace in the history.
 * Indexes dropped for the load are built again before this returns, inside the same
 * transaction: a load that fails leaves nothing, a load that succeeds leaves the ledger whole.
 */
export function loadOrders(db: Db, actor: Actor, chunks: Iterable<readonly NewOrder[]>, options: OrderLoadOptions): OrderLoad {
  if (!db.inTransaction) throw new AppError('internal', 'loadOrders 须在事务内调用');
  const existing = db.prepare(`SELECT count(*) AS n, coalesce(max(id), 0) AS maxId FROM orders`).get() as { n: number; maxId: number };
  const firstId = existing.maxId + 1;
  let id = firstId;
  let started: { auditId: number; writer: OrderWriter; dropped: { name: string; sql: string }[] } | null = null;
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    started ??= startLoad(db, actor, options, existing.n);
    for (const o of chunk) started.writer.write(o, id++);
  }
  if (!started) return { firstId, count: 0, auditId: null };
  for (const index of started.dropped) db.exec(index.sql);
  const count = id - firstId;
  db.prepare(`UPDATE audit_log SET new_value = ? WHERE id = ?`).run(`${options.label}：批量新建 ${count} 件工单`, started.auditId);
  return { firstId, count, auditId: started.auditId };
}

/** The load's audit row, the indexes dropped for it (see OrderLoadOptions.expected), and its writer. */
function startLoad(db: Db, actor: Actor, options: OrderLoadOptions, ledgerOrders: number) {
  const auditId = Number(db.prepare(
    `INSERT INTO audit_log (at, who, source, action, entity, entity_id, new_value, batch_id) VALUES (?, ?, ?, 'create', 'order', NULL, ?, ?)`,
  ).run(nowCst(), actor.who, actor.source, options.label, options.batchId ?? null).lastInsertRowid);
  const dropped = options.expected !== undefined && options.expected >= Math.max(ledgerOrders, BULK_INDEX_MIN)
    ? (db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL`).all() as { name: string; sql: string }[])
      .filter((index) => !KEPT_DURING_LOAD.has(index.name))
    : [];
  for (const index of dropped) db.exec(`DROP INDEX ${quoteName(index.name)}`);
  return { auditId, writer: new OrderWriter(db, true, auditId), dropped };
}

/**
 * Partial indexes a load leaves in place: new orders have no life-event counts and few are open,
 * so these get (almost) no entries from it, while building one again would read the whole table.
 */
const KEPT_DURING_LOAD = new Set(['orders_open', 'orders_extended', 'orders_returned', 'orders_reworked']);

/** Below this many orders, dropping and rebuilding indexes saves nothing worth the schema change. */
const BULK_INDEX_MIN = 5_000;

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Marks orders deleted or live again; nothing is removed. Returns how many changed. */
export function setOrdersDeleted(db: Db, actor: Actor, ids: readonly number[], deleted: boolean): number {
  const update = db.prepare(`UPDATE orders SET deleted = ?, updated_at = ? WHERE id = ? AND deleted <> ?`);
  const now = nowCst();
  const records: AuditRecord[] = [];
  for (const id of ids) {
    if (update.run(deleted ? 1 : 0, now, id, deleted ? 1 : 0).changes > 0) {
      records.push({ action: deleted ? 'delete' : 'restore', entity: 'order', entityId: id, field: 'deleted', oldValue: !deleted, newValue: deleted });
    }
  }
  appendAudit(db, actor, records, now);
  return records.length;
}

export function fieldLabel(key: string | null): string | null {
  if (!key) return null;
  return (FIELD_BY_KEY as Record<string, { label: string }>)[key]?.label ?? (key === 'deleted' ? '删除标记' : key);
}
