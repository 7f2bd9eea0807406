// The directory of handling units.
import { z } from 'zod';
import { FileUpload, empty, type MethodSpec } from './common';

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


export const unitsMethods = {
  'units.list': { kind: 'read', input: empty, output: z.object({ units: z.array(Unit) }) },
  'units.create': { kind: 'write', input: UnitFields, output: z.object({ unit: Unit }) },
  'units.update': {
    kind: 'write',
    input: z.strictObject({ id: z.number().int(), changes: UnitFields.partial() }),
    output: z.object({ unit: Unit }),
  },
  'units.import': { kind: 'write', input: FileUpload, output: UnitImportSummary },
} as const satisfies Record<string, MethodSpec>;
