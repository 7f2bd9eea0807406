// Importing the city platform's spreadsheets (preview, commit, batches with undo, saved column
// mappings) and exporting any ledger view as .xlsx or CSV.
import { z } from 'zod';
import { FileUpload, empty, ok, type MethodSpec } from './common';
import { ORDER_FIELDS } from '../fields';
import { OrderFilter, SortItem } from './orders';

/**
 * What a spreadsheet column can fill: the order's own fields, and the life-of-the-order fields
 * that the deadlines issue keeps in their own columns (written only when the ledger has them).
 */
export const IMPORT_TARGETS = [
  ...ORDER_FIELDS.filter((f) => f.type !== 'derived').map((f) => ({ key: f.key as string, label: f.label as string })),
  { key: 'timeLimit', label: '办理时限' },
  { key: 'extendedTo', label: '延期至' },
  { key: 'reworkCount', label: '重办次数' },
  { key: 'returnCount', label: '退单次数' },
  { key: 'lateReturnCount', label: '逾期退单' },
  { key: 'alertCount', label: '告警次数' },
  { key: 'visitSource', label: '回访来源' },
] as const;
export type ImportTargetKey = string;

const targetKey = z.enum(IMPORT_TARGETS.map((t) => t.key) as [string, ...string[]]);

/** {spreadsheet header: field key, or 'ignore' to leave the column out}. */
export const ColumnMapping = z.record(z.string().min(1).max(200), z.union([targetKey, z.literal('ignore')]));
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** Fields whose unknown values may be created or mapped by the clerk. */
export const PROPOSABLE_FIELDS = ['unitId', 'category', 'channel', 'appealType'] as const;
export const ProposableField = z.enum(PROPOSABLE_FIELDS);

/** What to do with a unit or dictionary value the ledger does not know. */
export const UnknownDecision = z.strictObject({
  field: ProposableField,
  name: z.string().min(1).max(200),
  action: z.enum(['create', 'map', 'reject']),
  /** For a new unit: its kind (else guessed from the name). */
  kind: z.enum(['town', 'dept']).optional(),
  /** For 'map': the unit id, or the existing dictionary value. */
  target: z.union([z.number().int(), z.string().min(1).max(200)]).optional(),
});
export type UnknownDecision = z.infer<typeof UnknownDecision>;

export const ImportRequest = z.strictObject({
  file: FileUpload,
  /** Columns the clerk mapped by hand (wins over the alias dictionary). */
  mapping: ColumnMapping.default({}),
  /** A saved mapping to apply after the alias dictionary (else every saved mapping is consulted). */
  mappingName: z.string().max(100).optional(),
  decisions: z.array(UnknownDecision).max(5000).default([]),
  /** Refuse unknown units and values that have no decision instead of creating them. */
  strict: z.boolean().default(false),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

const Rejected = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type RejectedCell = z.infer<typeof Rejected>;

export const ImportColumn = z.object({
  index: z.number(),
  header: z.string(),
  target: z.string().nullable(),
  targetLabel: z.string().nullable(),
  source: z.enum(['manual', 'alias', 'saved']).nullable(),
  /** Why a recognised column is not imported (e.g. the ledger has no such field yet). */
  note: z.string().nullable(),
  samples: z.array(z.string()),
});
export type ImportColumn = z.infer<typeof ImportColumn>;

export const UnknownValue = z.object({
  field: ProposableField,
  fieldLabel: z.string(),
  name: z.string(),
  rows: z.number(),
  /** The kind a new unit would get (units only). */
  kind: z.enum(['town', 'dept']).nullable(),
  /** What happens on commit unless the clerk decides otherwise. */
  action: z.enum(['create', 'map', 'reject']),
  target: z.union([z.number(), z.string()]).nullable(),
});
export type UnknownValue = z.infer<typeof UnknownValue>;

export const ChangedOrder = z.object({
  row: z.number(),
  orderNo: z.string(),
  fields: z.array(z.object({ field: z.string(), label: z.string(), oldValue: z.string().nullable(), newValue: z.string().nullable() })),
});

export const ImportCounts = z.object({ new: z.number(), changed: z.number(), unchanged: z.number(), rejected: z.number() });

export const ImportPreview = z.object({
  fileName: z.string(),
  sha256: z.string(),
  sheetName: z.string(),
  /** 1-based row number of the header row. */
  headerRow: z.number(),
  dataRows: z.number(),
  columns: z.array(ImportColumn),
  counts: ImportCounts,
  /** The first rejected cells (all are counted in counts.rejected). */
  rejected: z.array(Rejected),
  changed: z.array(ChangedOrder),
  unknowns: z.array(UnknownValue),
  warnings: z.array(z.string()),
  /** Earlier batches of the very same file. */
  earlierBatches: z.array(z.object({ id: z.number(), at: z.string(), undone: z.boolean() })),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportSummary = z.object({
  batch: z.number().nullable(),
  fileName: z.string(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.array(Rejected),
  rejectedRows: z.number(),
  created: z.object({ units: z.array(z.string()), categories: z.array(z.string()), values: z.array(z.string()) }),
  warnings: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportBatch = z.object({
  id: z.number(),
  fileName: z.string(),
  sha256: z.string(),
  at: z.string(),
  who: z.string(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  createdUnits: z.array(z.string()),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
});
export type ImportBatch = z.infer<typeof ImportBatch>;

export const SavedMapping = z.object({ name: z.string(), mapping: ColumnMapping, updatedAt: z.string() });
export type SavedMapping = z.infer<typeof SavedMapping>;

/** Columns an export can hold: the order's fields (承办单位 as the unit's name). */
export const EXPORT_COLUMNS = ORDER_FIELDS.map((f) => f.key as string);
const exportColumn = z.enum(EXPORT_COLUMNS as [string, ...string[]]);

export const ExportRequest = z.strictObject({
  filter: OrderFilter.default({}),
  sort: z.array(SortItem).max(5).default([]),
  /** Visible columns in the grid's order; empty means every field. */
  columns: z.array(exportColumn).max(100).default([]),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  encoding: z.enum(['utf8', 'gbk']).default('utf8'),
  /** Mask callers' phone numbers (138****5678) and names (张**) for files sent upward. */
  mask: z.boolean().default(false),
  /** Words for the title row, e.g. the period; defaults to the ledger's name and the date. */
  title: z.string().max(200).optional(),
});
export type ExportRequest = z.infer<typeof ExportRequest>;

export const importsMethods = {
  'imports.preview': { kind: 'read', input: ImportRequest, output: ImportPreview },
  'imports.commit': {
    kind: 'write',
    input: ImportRequest.extend({ saveMappingAs: z.string().trim().min(1).max(100).optional() }),
    output: ImportSummary,
  },
  'imports.batches': { kind: 'read', input: empty, output: z.object({ batches: z.array(ImportBatch) }) },
  'imports.undo': {
    kind: 'write',
    input: z.strictObject({ batchId: z.number().int() }),
    output: z.object({ restored: z.number(), removed: z.number(), kept: z.number() }),
  },
  'imports.mappings': { kind: 'read', input: empty, output: z.object({ mappings: z.array(SavedMapping) }) },
  'imports.saveMapping': {
    kind: 'write',
    input: z.strictObject({ name: z.string().trim().min(1, '请填写映射名称').max(100), mapping: ColumnMapping }),
    output: ok,
  },
  'imports.export': {
    // exceljs's streaming writer answers with a promise.
    kind: 'asyncRead',
    input: ExportRequest,
    output: z.object({ fileName: z.string(), base64: z.string(), rows: z.number() }),
  },
} as const satisfies Record<string, MethodSpec>;
