// The ledger's orders: rows for the grid, filters, cell edits and their history.
import { z } from 'zod';
import type { MethodSpec } from './common';
import { ORDER_FIELDS, EDITABLE_FIELD_KEYS } from '../fields';
import { ORDER_STATUSES } from '../status';

const editableKey = z.enum(EDITABLE_FIELD_KEYS as [string, ...string[]]);
const sortableKey = z.enum(['id', ...ORDER_FIELDS.map((f) => f.key)] as [string, ...string[]]);
const cellValue = z.union([z.string().max(20000), z.number().int(), z.null()]);

export const OrderRow = z.object({
  id: z.number(),
  orderNo: z.string(),
  receivedAt: z.string(),
  channel: z.string().nullable(),
  appealType: z.string().nullable(),
  category: z.string().nullable(),
  title: z.string().nullable(),
  content: z.string().nullable(),
  caller: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  urgency: z.string().nullable(),
  handling: z.string().nullable(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  coUnits: z.string().nullable(),
  dueAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  replyContent: z.string().nullable(),
  closedAt: z.string().nullable(),
  status: z.string(),
  visitResult: z.string().nullable(),
  visitResolved: z.string().nullable(),
  visitProcess: z.string().nullable(),
  note: z.string().nullable(),
  deleted: z.boolean(),
  updatedAt: z.string(),
});
export type OrderRow = z.infer<typeof OrderRow>;

export const OrderFilter = z.strictObject({
  /** Receipt time from (inclusive) and to (exclusive), CST text or a day 'YYYY-MM-DD'. */
  from: z.string().optional(),
  to: z.string().optional(),
  unitIds: z.array(z.number().int()).max(500).optional(),
  statuses: z.array(z.enum(ORDER_STATUSES)).optional(),
  channels: z.array(z.string()).max(100).optional(),
  /** Free text over 工单编号, 诉求内容, 诉求人 and 联系电话. */
  text: z.string().max(200).optional(),
  /** Show deleted orders instead of live ones (the recycle bin). */
  deleted: z.boolean().optional(),
  /** Only these orders: the ones behind a number of the statistics or the board. */
  ids: z.array(z.number().int()).max(100_000).optional(),
});
export type OrderFilter = z.infer<typeof OrderFilter>;

export const SortItem = z.strictObject({ colId: sortableKey, sort: z.enum(['asc', 'desc']) });

export const CellEdit = z.strictObject({ id: z.number().int(), field: editableKey, value: cellValue });
export type CellEdit = z.infer<typeof CellEdit>;

/** An edit as it landed: the value before and after, so the renderer can undo it. */
export const AppliedEdit = z.object({ id: z.number(), field: z.string(), oldValue: cellValue, newValue: cellValue });
export type AppliedEdit = z.infer<typeof AppliedEdit>;

export const RefusedEdit = z.object({ id: z.number(), field: z.string(), value: cellValue, message: z.string() });
export type RefusedEdit = z.infer<typeof RefusedEdit>;

export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  who: z.string(),
  source: z.string(),
  action: z.string(),
  field: z.string().nullable(),
  fieldLabel: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;


export const ordersMethods = {
  'orders.page': {
    kind: 'read',
    input: z.strictObject({
      startRow: z.number().int().min(0),
      endRow: z.number().int().min(1),
      sort: z.array(SortItem).max(5).default([]),
      filter: OrderFilter.default({}),
    }),
    output: z.object({ rows: z.array(OrderRow), rowCount: z.number() }),
  },
  'orders.get': {
    kind: 'read',
    input: z.strictObject({ id: z.number().int() }),
    output: z.object({ order: OrderRow, history: z.array(AuditEntry) }),
  },
  'orders.applyEdits': {
    kind: 'write',
    input: z.strictObject({
      edits: z.array(CellEdit).min(1).max(100_000),
      /** Why: 'edit' (typed), 'paste', 'undo', 'redo': kept in the audit log. */
      reason: z.enum(['edit', 'paste', 'undo', 'redo']).default('edit'),
    }),
    output: z.object({ applied: z.array(AppliedEdit), refused: z.array(RefusedEdit), rows: z.array(OrderRow) }),
  },
  'orders.create': {
    kind: 'write',
    input: z.strictObject({ values: z.partialRecord(editableKey, cellValue).optional() }),
    output: z.object({ order: OrderRow }),
  },
  'orders.setDeleted': {
    kind: 'write',
    input: z.strictObject({ ids: z.array(z.number().int()).min(1).max(100_000), deleted: z.boolean() }),
    output: z.object({ changed: z.number() }),
  },
} as const satisfies Record<string, MethodSpec>;
