// The one contract between the renderer and the main side: every method once, as data.
// Transports (Electron IPC, loopback HTTP) and the CLI dispatch through this table; a handler
// only ever sees input that parsed against its schema (unknown fields are refused: strictObject).
import { z } from 'zod';
import { ORDER_FIELDS, EDITABLE_FIELD_KEYS } from './fields';
import { ORDER_STATUSES } from './status';

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

export const Unit = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['town', 'dept']),
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
  aliases: z.array(z.string()),
  sortOrder: z.number(),
  active: z.boolean(),
  orderCount: z.number(),
});
export type Unit = z.infer<typeof Unit>;

const unitName = z.string().trim().min(1, '单位名称不能为空').max(100);
const UnitFields = z.strictObject({
  name: unitName,
  kind: z.enum(['town', 'dept']).optional(),
  parentId: z.number().int().nullable().optional(),
  aliases: z.array(unitName).max(50).optional(),
  sortOrder: z.number().int().optional(),
  active: z.boolean().optional(),
});

export const UnitImportSummary = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.number(),
  rejected: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
});
export type UnitImportSummary = z.infer<typeof UnitImportSummary>;

export const Dictionaries = z.object({
  channel: z.array(z.string()),
  appealType: z.array(z.string()),
  category: z.array(z.string()),
  urgency: z.array(z.string()),
  handling: z.array(z.string()),
  satisfaction: z.array(z.string()),
  resolved: z.array(z.string()),
});
export type Dictionaries = z.infer<typeof Dictionaries>;

/** A file's bytes travel through the API as base64 so one code path serves IPC and HTTP. */
const FileUpload = z.strictObject({ fileName: z.string().min(1).max(260), base64: z.string().max(70_000_000) });

const empty = z.strictObject({});
const ok = z.object({ ok: z.literal(true) });

export const api = {
  'app.info': {
    kind: 'read',
    input: empty,
    output: z.object({ ledgerPath: z.string(), version: z.string(), orderCount: z.number(), unitCount: z.number(), operator: z.string() }),
  },
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
    input: z.strictObject({ values: z.record(editableKey, cellValue).optional() }),
    output: z.object({ order: OrderRow }),
  },
  'orders.setDeleted': {
    kind: 'write',
    input: z.strictObject({ ids: z.array(z.number().int()).min(1).max(100_000), deleted: z.boolean() }),
    output: z.object({ changed: z.number() }),
  },
  'units.list': { kind: 'read', input: empty, output: z.object({ units: z.array(Unit) }) },
  'units.create': { kind: 'write', input: UnitFields, output: z.object({ unit: Unit }) },
  'units.update': {
    kind: 'write',
    input: z.strictObject({ id: z.number().int(), changes: UnitFields.partial() }),
    output: z.object({ unit: Unit }),
  },
  'units.import': { kind: 'write', input: FileUpload, output: UnitImportSummary },
  'dictionaries.get': { kind: 'read', input: empty, output: Dictionaries },
  'settings.get': {
    kind: 'read',
    input: z.strictObject({ key: z.string().max(100) }),
    output: z.object({ value: z.unknown() }),
  },
  'settings.set': {
    kind: 'write',
    input: z.strictObject({ key: z.string().max(100), value: z.unknown() }),
    output: ok,
  },
  'demo.load': {
    kind: 'write',
    input: z.strictObject({ orders: z.number().int().min(1).max(100_000).default(400) }),
    output: z.object({ orders: z.number(), units: z.number() }),
  },
} as const satisfies Record<string, { kind: 'read' | 'write'; input: z.ZodType; output: z.ZodType }>;

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}
