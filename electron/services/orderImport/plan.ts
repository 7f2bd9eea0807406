// Planning an import: every data row becomes a new order, a change to an existing one (only the
// fields the file carries and that differ), an unchanged order, or a rejected row with its
// reasons. Nothing is written here; commit.ts writes the plan.
import {
  FIELD_BY_KEY, checkFieldInput, checkOrderTimes, isEditableField,
  type EditableFieldKey, type FieldValue, type ValidationContext,
} from '../../../shared/fields';
import { PROPOSABLE_FIELDS, type RejectedCell } from '../../../shared/contract/imports';
import { validationContext } from '../../ledger/orders';
import type { Db } from '../../ledger/open';
import { cellText, parseCountCell, parseDateTimeCell, parseTimeLimitCell, parseVisitSourceCell, withoutFormulaGuard, type Parsed } from './cellValues';
import type { ColumnPlan } from './header';
import { isDateCell, type RawCell, type RawSheet } from './readWorkbook';
import { EXTRA_TARGETS, NOT_ASKED, columnOfTarget, type ExtraKey, type TargetKey } from './targets';
import { Vocabulary, decisionKey, type ProposableField } from './unknowns';

/** One order to write: its values by SQL column. */
export interface OrderWrite {
  row: number;
  orderNo: string;
  /** Existing order id, or null for a new one. */
  id: number | null;
  /** New orders: every carried value by field key; changes: only what changes. */
  values: Partial<Record<TargetKey, FieldValue>>;
  /** Changes only: the value before, by field key ('deleted' when a removed order comes back). */
  before: Record<string, FieldValue>;
  /** Changes only: the order's whole row after the change, by field key (for status and search). */
  after: Record<string, FieldValue>;
}

export interface Plan {
  inserted: number;
  updated: number;
  /** The first changes, for the preview (all of them go to the sink). */
  updateSample: OrderWrite[];
  unchanged: number;
  /** Non-empty rows below the header. */
  dataRows: number;
  rejectedRows: number;
  rejected: RejectedCell[];
  warnings: string[];
}

const PROPOSABLE = new Set<string>(PROPOSABLE_FIELDS);
const END_OF_DAY_FIELDS = new Set<string>(['dueAt', 'extendedTo']);
const DATETIME_FIELDS = new Set<string>(Object.values(FIELD_BY_KEY).filter((f) => f.type === 'datetime').map((f) => f.key));
const TEXT_FROM_NUMBER_OK = new Set<string>(['orderNo', 'phone']);

/** Columns the orders table has now (the deadlines migration adds some). */
export function orderColumns(db: Db): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(orders)`).all() as { name: string }[]).map((c) => c.name));
}

/** Columns that will be written, with a note on those that cannot be. */
export function usableColumns(db: Db, columns: ColumnPlan[]): { usable: ColumnPlan[]; warnings: string[] } {
  const have = orderColumns(db);
  const warnings: string[] = [];
  const usable: ColumnPlan[] = [];
  for (const c of columns) {
    if (!c.target) continue;
    if (!isEditableField(c.target) && !have.has(EXTRA_TARGETS[c.target as ExtraKey].column)) {
      c.note = '台账暂无此字段，本列不导入';
      warnings.push(`“${c.header}”列暂不导入：台账尚无“${c.targetLabel}”字段`);
      continue;
    }
    usable.push(c);
  }
  return { usable, warnings };
}

/** Unknown units and dictionary values the file names, with how many rows name each. */
export function findUnknowns(sheet: RawSheet, headerRow: number, columns: ColumnPlan[], vocab: Vocabulary) {
  const found = new Map<string, { field: ProposableField; name: string; rows: number }>();
  for (const c of columns) {
    if (!c.target || !PROPOSABLE.has(c.target)) continue;
    const field = c.target as ProposableField;
    for (let r = headerRow + 1; r < sheet.rows.length; r++) {
      const name = cellText(sheet.rows[r][c.index] ?? null);
      if (!name || name.length > 100 || vocab.isKnown(field, name)) continue;
      const key = decisionKey(field, name);
      const u = found.get(key);
      if (u) u.rows++;
      else found.set(key, { field, name, rows: 1 });
    }
  }
  return found;
}

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

/** The value of one cell for its target, validated the way a typed value is. */
function parseCell(
  key: TargetKey,
  cell: RawCell,
  label: string,
  vocab: Vocabulary,
  ctx: ValidationContext,
  rejectedNames: Set<string>,
): Parsed {
  if (!isEditableField(key)) {
    const parse = EXTRA_TARGETS[key as ExtraKey].parse;
    if (parse === 'count') return parseCountCell(cell, label);
    if (parse === 'visitSource') return parseVisitSourceCell(cell, label);
    if (parse === 'datetime') return endOfDay(key, cell, parseDateTimeCell(cell, label));
    const t = parseTimeLimitCell(cell, label);
    if (!t.ok) return t;
    if (t.value === null || t.value.kind === 'duration') return { ok: true, value: t.value?.text ?? null };
    // A moment in 办理时限 is the due time (marked '@' until the row decides where it goes).
    const due = endOfDay('dueAt', cell, { ok: true, value: t.value.value });
    return due.ok ? { ok: true, value: `@${due.value}` } : due;
  }
  let input: string | number = cellText(cell);
  if (typeof cell === 'number' && TEXT_FROM_NUMBER_OK.has(key) && !Number.isSafeInteger(cell)) {
    return { ok: false, message: `${label}在表格中被存成了数字，末尾几位已经丢失（${input}）；请在导出时把该列设为文本` };
  }
  if (DATETIME_FIELDS.has(key)) {
    // parseDateTimeCell already answers in the ledger's own spelling (what checkFieldInput would
    // parse again): 100,000 rows × 5 date columns make the second parse a visible cost.
    return endOfDay(key, cell, parseDateTimeCell(cell, label));
  } else if (typeof input === 'string') {
    input = withoutFormulaGuard(input);
  }
  const def = FIELD_BY_KEY[key];
  if (def.type === 'dict' && input !== '') {
    if (def.dict === 'satisfaction' || def.dict === 'resolved') {
      if (NOT_ASKED.has(input)) return { ok: true, value: null };
    }
    const known = vocab.dictValue(def.dict!, input);
    if (known === undefined && PROPOSABLE.has(key) && rejectedNames.has(decisionKey(key, input))) {
      return { ok: false, message: `${label}“${input}”不在可选值中，未新增（可在导入时选择新增或对应到已有值）` };
    }
    if (known !== undefined) return { ok: true, value: known }; // a dictionary value as the dictionary spells it
  }
  if (def.type === 'unit' && input !== '') {
    const id = vocab.unitId(input);
    if (id === undefined) {
      return { ok: false, message: rejectedNames.has(decisionKey('unitId', input)) ? `承办单位“${input}”不在单位名录中，未新建（可在导入时选择新建或对应到已有单位）` : `承办单位“${input}”不在单位名录中` };
    }
    return { ok: true, value: id }; // read from the units table at the start of this transaction
  }
  const checked = checkFieldInput(key, input, ctx);
  return checked.ok ? { ok: true, value: checked.value } : checked;
}

/** A due time given as a bare day means the end of that day. */
function endOfDay(key: string, cell: RawCell, p: Parsed): Parsed {
  if (!p.ok || typeof p.value !== 'string' || !END_OF_DAY_FIELDS.has(key) || !p.value.endsWith('00:00:00')) return p;
  const bareDay = isDateCell(cell) ? Number.isInteger(cell.serial) : typeof cell === 'number' ? Number.isInteger(cell) : !/[:时点]/.test(cellText(cell));
  return bareDay ? { ok: true, value: `${p.value.slice(0, 10)} 23:59:59` } : p;
}

const MAX_LISTED_REJECTS = 1000;

/** Planned writes, a chunk at a time, so a 100,000-row file never holds them all at once. */
export interface PlanChunk {
  inserts: OrderWrite[];
  updates: OrderWrite[];
}

/**
 * Pulls the planned writes (a commit writes them as they come); it must read them all. The
 * commit hands the new orders to loadOrders, which pulls its chunks itself, hence a consumer
 * rather than a callback per chunk.
 */
export type PlanConsumer = (chunks: Iterable<PlanChunk>) => void;

const CHUNK = 2000;
const UPDATE_SAMPLE = 500;

/**
 * Plans every row below the header; the writes go to `consume` in chunks (a preview passes
 * none). Rows are released as they are planned.
 */
export function planRows(
  db: Db, sheet: RawSheet, headerRow: number, columns: ColumnPlan[], vocab: Vocabulary, rejectedNames: Set<string>, consume?: PlanConsumer,
): Plan {
  const plan: Plan = { inserted: 0, updated: 0, updateSample: [], unchanged: 0, dataRows: 0, rejectedRows: 0, rejected: [], warnings: [] };
  const chunks = plannedChunks(db, sheet, headerRow, columns, vocab, rejectedNames, plan);
  consume?.(chunks);
  for (const chunk of chunks) void chunk; // what the consumer left (a preview: everything) is planned and dropped
  return plan;
}

function* plannedChunks(
  db: Db, sheet: RawSheet, headerRow: number, columns: ColumnPlan[], vocab: Vocabulary, rejectedNames: Set<string>, plan: Plan,
): Generator<PlanChunk, void, undefined> {
  const ctx = validationContext(db);
  let inserts: OrderWrite[] = [];
  let updates: OrderWrite[] = [];
  const byNo = db.prepare(`SELECT * FROM orders WHERE order_no = ?`);
  const revivable = db.prepare(
    `SELECT 1 FROM import_batch_orders bo JOIN import_batches b ON b.id = bo.batch_id
     WHERE bo.order_id = ? AND bo.changes IS NULL AND b.undone_at IS NOT NULL LIMIT 1`,
  );
  const orderNoCol = columns.find((c) => c.target === 'orderNo')!;
  const seen = new Map<string, number>();
  const extraColumns = columns.filter((c) => !isEditableField(c.target!));
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r];
    sheet.rows[r] = [];
    const rowNo = r + 1;
    if (inserts.length + updates.length >= CHUNK) {
      yield { inserts, updates };
      inserts = [];
      updates = [];
    }
    if (!cells || cells.every((c) => c === null || c === '')) continue;
    plan.dataRows++;
    const problems: RejectedCell[] = [];
    const reject = (column: string, message: string) => problems.push({ row: rowNo, column, message });
    const values: Partial<Record<TargetKey, FieldValue>> = {};
    for (const c of columns) {
      const p = parseCell(c.target!, cells[c.index] ?? null, c.targetLabel!, vocab, ctx, rejectedNames);
      if (!p.ok) reject(c.header, p.message);
      else if (p.value !== null) values[c.target!] = p.value;
    }
    // 办理时限 given as a moment is the due time.
    const limit = values.timeLimit;
    if (typeof limit === 'string' && limit.startsWith('@')) {
      delete values.timeLimit;
      values.dueAt ??= limit.slice(1);
    }
    const orderNo = values.orderNo as string | undefined;
    if (orderNo === undefined && !problems.some((p) => p.column === orderNoCol.header)) reject(orderNoCol.header, '工单编号为空');
    if (orderNo !== undefined) {
      const first = seen.get(orderNo);
      if (first !== undefined) reject(orderNoCol.header, `工单编号 ${orderNo} 与第 ${first} 行重复`);
      else seen.set(orderNo, rowNo);
    }
    if (problems.length > 0 || orderNo === undefined) {
      recordRejected(plan, problems);
      continue;
    }
    const existing = byNo.get(orderNo) as Record<string, FieldValue> | undefined;
    if (!existing) {
      if (values.receivedAt === undefined) { recordRejected(plan, [{ row: rowNo, column: '受理时间', message: '新工单缺少受理时间' }]); continue; }
      const timeProblem = checkOrderTimes(values as never);
      if (timeProblem) { recordRejected(plan, [{ row: rowNo, column: '', message: timeProblem }]); continue; }
      plan.inserted++;
      inserts.push({ row: rowNo, orderNo, id: null, values, before: {}, after: {} });
      continue;
    }
    const current: Record<string, FieldValue> = {};
    for (const key of Object.keys(FIELD_BY_KEY)) current[key] = existing[FIELD_BY_KEY[key as EditableFieldKey].column] ?? null;
    for (const c of extraColumns) current[c.target!] = existing[columnOfTarget(c.target!)] ?? null;
    if (existing.deleted === 1 && !revivable.get(existing.id)) {
      recordRejected(plan, [{ row: rowNo, column: orderNoCol.header, message: `工单 ${orderNo} 已被删除（在回收站中），未导入；如需导入请先恢复` }]);
      continue;
    }
    const changed: Partial<Record<TargetKey, FieldValue>> = {};
    const before: Record<string, FieldValue> = {};
    for (const [key, value] of Object.entries(values) as [TargetKey, FieldValue][]) {
      if (!sameValue(current[key], value)) { changed[key] = value; before[key] = current[key] ?? null; }
    }
    if (existing.deleted === 1) before.deleted = 1;
    if (Object.keys(before).length === 0) { plan.unchanged++; continue; }
    const after = { ...current, ...changed };
    const timeProblem = checkOrderTimes(after as never);
    if (timeProblem) { recordRejected(plan, [{ row: rowNo, column: '', message: timeProblem }]); continue; }
    const write = { row: rowNo, orderNo, id: existing.id as number, values: changed, before, after };
    plan.updated++;
    updates.push(write);
    if (plan.updateSample.length < UPDATE_SAMPLE) plan.updateSample.push(write);
  }
  if (inserts.length + updates.length > 0) yield { inserts, updates };
}

function recordRejected(plan: Plan, problems: RejectedCell[]): void {
  plan.rejectedRows++;
  for (const p of problems) if (plan.rejected.length < MAX_LISTED_REJECTS) plan.rejected.push(p);
}

