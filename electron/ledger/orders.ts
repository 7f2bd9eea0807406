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

function tokensOf(o: Partial<Record<OrderFieldKey, FieldValue>>): string {
  return searchTokens(...SEARCHED.map((k) => (o[k] == null ? null : String(o[k]))));
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
 */
export function applyCellEdits(db: Db, actor: Actor, edits: readonly CellEdit[], action: string): EditOutcome {
  const ctx = validationContext(db);
  const now = nowCst();
  const current = new Map<number, Record<string, FieldValue>>();
  const loadOrder = (id: number) => {
    let o = current.get(id);
    if (!o) {
      const r = db.prepare(`SELECT * FROM orders WHERE id = ?`).get(id) as DbOrder | undefined;
      if (!r) return undefined;
      o = Object.fromEntries(ORDER_FIELDS.map((f) => [f.key, r[f.column] ?? null]));
      o.deleted = r.deleted;
      current.set(id, o);
    }
    return o;
  };
  const outcome: EditOutcome = { applied: [], refused: [], changedIds: [] };
  const audit: AuditRecord[] = [];
  const changed = new Set<number>();
  for (const edit of edits) {
    const field = edit.field as EditableFieldKey;
    const refuse = (message: string) => outcome.refused.push({ id: edit.id, field, value: edit.value, message });
    const order = loadOrder(edit.id);
    if (!order) { refuse(`工单不存在（编号 ${edit.id}）`); continue; }
    if (order.deleted === 1) { refuse(`工单 ${order.orderNo} 已删除，请先恢复`); continue; }
    const checked = checkFieldInput(field, edit.value, ctx);
    if (!checked.ok) { refuse(checked.message); continue; }
    const oldValue = order[field];
    if (oldValue === checked.value) continue;
    if (field === 'orderNo') {
      const clash = db.prepare(`SELECT id FROM orders WHERE order_no = ? AND id <> ?`).get(checked.value, edit.id);
      if (clash) { refuse(`工单编号 ${checked.value} 已存在`); continue; }
    }
    const next = { ...order, [field]: checked.value };
    const timeProblem = checkOrderTimes(next);
    if (timeProblem) { refuse(timeProblem); continue; }
    current.set(edit.id, next);
    changed.add(edit.id);
    outcome.applied.push({ id: edit.id, field, oldValue, newValue: checked.value });
    audit.push({
      action, entity: 'order', entityId: edit.id, field,
      oldValue: displayValue(db, field, oldValue), newValue: displayValue(db, field, checked.value),
    });
  }
  for (const id of changed) {
    const o = current.get(id)!;
    const sets = ORDER_FIELDS.filter((f) => f.type !== 'derived').map((f) => `${f.column} = @${f.key}`).join(', ');
    db.prepare(`UPDATE orders SET ${sets}, status = @status, updated_at = @now WHERE id = @id`).run({
      ...o, status: statusOf(o as never), now, id,
    });
    writeSearchTokens(db, id, o);
  }
  appendAudit(db, actor, audit, now);
  outcome.changedIds = [...changed];
  return outcome;
}

export type NewOrder = Partial<Record<EditableFieldKey, FieldValue>> & { orderNo: string; receivedAt: string };

/** A provisional 工单编号 for an order registered by hand: BD + date + sequence. */
export function nextLocalOrderNo(db: Db, now = nowCst()): string {
  const prefix = `BD${now.slice(0, 10).replace(/-/g, '')}`;
  const last = db.prepare(`SELECT order_no FROM orders WHERE order_no LIKE ? ORDER BY order_no DESC LIMIT 1`).get(`${prefix}%`) as
    | { order_no: string }
    | undefined;
  const seq = last ? Number(last.order_no.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(seq).padStart(4, '0')}`;
}

const INSERT_SQL = `INSERT INTO orders (${ORDER_FIELDS.map((f) => f.column).join(', ')}, deleted, created_at, updated_at)
  VALUES (${ORDER_FIELDS.map((f) => (f.type === 'derived' ? '@status' : `@${f.key}`)).join(', ')}, 0, @now, @now)`;

/**
 * Inserts orders whose values are already valid (the caller validated them), inside the caller's
 * transaction; one audit record per order. Returns the new ids.
 */
export function insertOrders(db: Db, actor: Actor, orders: readonly NewOrder[], batchId: number | null = null): number[] {
  const insert = db.prepare(INSERT_SQL);
  const search = db.prepare(`INSERT INTO orders_search (rowid, tokens) VALUES (?, ?)`);
  const audit = db.prepare(
    `INSERT INTO audit_log (at, who, source, action, entity, entity_id, new_value, batch_id) VALUES (?, ?, ?, 'create', 'order', ?, ?, ?)`,
  );
  const now = nowCst();
  const blank = Object.fromEntries(ORDER_FIELDS.map((f) => [f.key, null]));
  const ids: number[] = [];
  for (const o of orders) {
    const values = { ...blank, ...o };
    const id = Number(insert.run({ ...values, status: statusOf(values as never), now }).lastInsertRowid);
    search.run(id, tokensOf(values));
    audit.run(now, actor.who, actor.source, id, o.orderNo, batchId);
    ids.push(id);
  }
  return ids;
}

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
