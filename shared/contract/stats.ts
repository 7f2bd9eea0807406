// Statistics and scores per unit and period (统计考评): the figures, the scoring schemes (data,
// not code), bonus/penalty adjustments, and the orders behind a number.
import { z } from 'zod';
import { FileUpload, empty, type MethodSpec } from './common';

/** The base figures of ../shared/domain.md, in the order a table prints them. */
export const FIGURE_KEYS = [
  'received', 'replied', 'repliedOnTime', 'closed', 'closedOnTime', 'closedLate', 'overdueOpen', 'overdue',
  'extended', 'reworked', 'returned', 'returnedLate', 'alerts',
  'resultAsked', 'resultSatisfied', 'unsatisfied', 'resolvedAsked', 'resolved', 'unresolved', 'processAsked', 'processSatisfied',
  // Not in the domain's list: visited orders that were closed on time, which 合水's 限时办结率 divides by resultAsked.
  'visitedOnTime',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const FIGURE_LABELS: Record<FigureKey, string> = {
  received: '承办件数', replied: '回复件数', repliedOnTime: '按期回复件数', closed: '办结件数', closedOnTime: '按期办结件数',
  closedLate: '逾期办结件数', overdueOpen: '逾期未办结件数', overdue: '超期件数', extended: '延期件数', reworked: '重办件数',
  returned: '退单件数', returnedLate: '逾期退单件数', alerts: '告警件数', resultAsked: '结果回访件数', resultSatisfied: '结果满意件数',
  unsatisfied: '不满意件数', resolvedAsked: '解决回访件数', resolved: '已解决件数', unresolved: '未解决件数',
  processAsked: '过程回访件数', processSatisfied: '过程满意件数', visitedOnTime: '回访件中按期办结件数',
};

export const RATE_KEYS = ['resultRate', 'processRate', 'resolvedRate', 'closedOnTimeRate'] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export const RATE_LABELS: Record<RateKey, string> = {
  resultRate: '办理结果满意率', processRate: '服务过程满意率', resolvedRate: '解决率', closedOnTimeRate: '按期办结率',
};

const figureKey = z.enum(FIGURE_KEYS);
const operand = z.union([figureKey, z.strictObject({ max: figureKey }), z.strictObject({ const: z.number() })]);

/**
 * How a column's value is computed, per row:
 * - figure: a base figure; ratio: scale × num / den (null when den is 0, unless whenZero says);
 * - max: the largest value of a figure among the table's rows (办结最高分);
 * - deduct: max(floor, full − per × figure) (逾期退单, 告警, 返工);
 * - sum: the unrounded sum of other columns (最终得分), rounded only at the end;
 * - bonus/penalty/bonusPenalty: the office's adjustments (min(cap, base + Σ加分 − Σ减分));
 * - remark: one line per late order of the unit (合水 备注), else a text when the unit was visited.
 */
export const ColumnValue = z.union([
  z.strictObject({ figure: figureKey }),
  z.strictObject({ ratio: z.tuple([operand, operand]), scale: z.number().default(100), whenZero: z.number().nullable().default(null) }),
  z.strictObject({ max: figureKey }),
  z.strictObject({ deduct: z.strictObject({ figure: figureKey, full: z.number(), per: z.number().optional(), floor: z.number().default(0) }) }),
  z.strictObject({ sum: z.array(z.string()).min(1) }),
  z.strictObject({ bonus: z.literal(true) }),
  z.strictObject({ penalty: z.literal(true) }),
  z.strictObject({ bonusPenalty: z.strictObject({ base: z.number().default(100), cap: z.number().nullable().default(100) }) }),
  z.strictObject({
    remark: z.strictObject({
      closedLate: z.string().default('工单编号：{orderNo} 超期{daysLate}天办结'),
      overdueOpen: z.string().default('工单编号：{orderNo} 超期{daysLate}天未办结'),
      visited: z.string().default(''),
    }),
  }),
]);
export type ColumnValue = z.infer<typeof ColumnValue>;

export const SchemeColumn = z.strictObject({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, '列的 key 只能由字母、数字和下划线组成'),
  label: z.string().min(1).max(60),
  /** A header over several columns (金台: 办结得分(35分) over 工单数 and 得分). */
  group: z.string().max(60).optional(),
  value: ColumnValue,
  /** number: fixed decimals; percent: a rate printed as 96.97%; text: as is. */
  format: z.enum(['int', 'number', 'percent', 'text']).default('int'),
  decimals: z.number().int().min(0).max(6).default(2),
  /** Drop trailing zeros when printing (白水 prints 97.7 and 100). */
  trimZeros: z.boolean().default(false),
  /** What prints for a value that has no number (a rate without visits): 未抽访, 市级未抽访, —. */
  emptyText: z.string().max(20).default('—'),
  /** Print a zero as an empty cell (宁强). */
  zeroBlank: z.boolean().default(false),
  /** The totals row: sum the rows, recompute from the summed figures, or leave empty. */
  total: z.enum(['sum', 'recompute', 'none']).optional(),
});
export type SchemeColumn = z.infer<typeof SchemeColumn>;

export const SortKey = z.strictObject({ key: z.string(), dir: z.enum(['asc', 'desc']).default('desc') });

export const SchemeSettings = z.strictObject({
  /** How a 基本满意 visit counts toward satisfaction: 1, 0.5 or 0. */
  basicSatisfiedWeight: z.union([z.literal(1), z.literal(0.5), z.literal(0)]).default(1),
  /** Which visits count: all, only the city's sample (市级抽访), or only the county's own. */
  visitSource: z.enum(['any', 'city', 'county']).default('any'),
  /** Only orders from these channels (金台 附件2: the mailboxes); --channel overrides. */
  channels: z.array(z.string()).nullable().default(null),
  /** Two groups, 镇街 then 部门 (each with its own total), or one table. */
  groupByKind: z.boolean().default(false),
  /** Which group prints first, and the groups' headings (平舆 prints 县直单位 before 乡镇街道). */
  groupOrder: z.tuple([z.enum(['town', 'dept']), z.enum(['town', 'dept'])]).default(['town', 'dept']),
  groupLabels: z.strictObject({ town: z.string(), dept: z.string() }).default({ town: '镇街', dept: '部门' }),
  /** own: a sub-unit is a unit like any other; withParent: printed under its parent, scored with it. */
  subUnits: z.enum(['own', 'withParent']).default('own'),
  /** Row order (column or figure keys); ties keep the units' directory order. */
  sort: z.array(SortKey).default([{ key: 'received', dir: 'desc' }]),
  /** The column that ranks the units (null: rank by the sort order). */
  scoreColumn: z.string().nullable().default(null),
  /** Which total rows print: one per group (白水, 合水), one for the whole table (宁强), or none. */
  totals: z.enum(['perGroup', 'overall', 'none']).default('overall'),
  totalPosition: z.enum(['top', 'bottom']).default('bottom'),
  totalLabel: z.string().default('总计'),
  /** The first column's header (承办单位, 部门名称, 单位名称, 办理部门). */
  unitLabel: z.string().default('承办单位'),
  /** Print a 序号 column (金台). */
  serial: z.boolean().default(false),
  /** The title of the exported sheet: {period} is replaced by the period's Chinese name. */
  title: z.string().default('{period}12345热线工单办理情况统计表'),
});
export type SchemeSettings = z.infer<typeof SchemeSettings>;

export const Scheme = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, '方案编号只能由小写字母、数字和 - 组成'),
  name: z.string().min(1).max(60),
  description: z.string().max(500).default(''),
  /** Built-in schemes ship with the app and cannot be changed, only copied. */
  builtIn: z.boolean().default(false),
  settings: SchemeSettings.default(SchemeSettings.parse({})),
  columns: z.array(SchemeColumn).min(1).max(40),
});
export type Scheme = z.infer<typeof Scheme>;
export type SchemeInput = z.input<typeof Scheme>;

const Figures = z.object(Object.fromEntries(FIGURE_KEYS.map((k) => [k, z.number()])) as Record<FigureKey, z.ZodNumber>);
const Rates = z.object(Object.fromEntries(RATE_KEYS.map((k) => [k, z.number().nullable()])) as Record<RateKey, z.ZodNullable<z.ZodNumber>>);
export const FigureSet = Figures.extend(Rates.shape);
export type FigureSet = z.infer<typeof FigureSet>;

export const ColumnCell = z.object({ key: z.string(), label: z.string(), value: z.union([z.number(), z.string(), z.null()]) });
export type ColumnCell = z.infer<typeof ColumnCell>;

export const LateOrder = z.object({ orderNo: z.string(), daysLate: z.number(), open: z.boolean() });

export const StatsRow = FigureSet.extend({
  unitId: z.number(),
  unit: z.string(),
  kind: z.enum(['town', 'dept']),
  parent: z.string().nullable(),
  bonus: z.number(),
  penalty: z.number(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  columns: z.array(ColumnCell),
  late: z.array(LateOrder),
});
export type StatsRow = z.infer<typeof StatsRow>;

export const PeriodInfo = z.object({ from: z.string(), to: z.string(), label: z.string(), text: z.string() });
export type PeriodInfo = z.infer<typeof PeriodInfo>;

export const BreakdownItem = z.object({ name: z.string(), count: z.number(), share: z.number().nullable() });
export const BREAKDOWN_KEYS = ['category', 'appealType', 'channel', 'handling', 'month'] as const;
export type BreakdownKey = (typeof BREAKDOWN_KEYS)[number];
export const BREAKDOWN_LABELS: Record<BreakdownKey, string> = {
  category: '问题分类', appealType: '诉求类型', channel: '来源渠道', handling: '处理方式', month: '月份',
};

/** What 环比/同比 compare, of all the other period's orders: the received count and the two satisfaction rates with their parts. */
export const ComparedTotals = FigureSet.pick({ received: true, resultAsked: true, resultSatisfied: true, processAsked: true, processSatisfied: true, resultRate: true, processRate: true });
export type ComparedTotals = z.infer<typeof ComparedTotals>;

export const Comparison = z.object({
  period: PeriodInfo,
  totals: ComparedTotals,
  /** This period's rate minus that one's, in percentage points (null when either has no visits). */
  resultRateDelta: z.number().nullable(),
  processRateDelta: z.number().nullable(),
  /** Relative change of the received count, in percent (null when that period had none). */
  receivedChange: z.number().nullable(),
});

export const StatsGroup = z.object({
  /** all: the whole table (every row), last in the list. */
  kind: z.enum(['town', 'dept', 'all']),
  label: z.string(),
  totals: FigureSet,
  columns: z.array(ColumnCell),
});

export const StatsResult = z.object({
  period: PeriodInfo,
  asOf: z.string(),
  scheme: z.object({ id: z.string(), name: z.string() }),
  /** The scheme's printed columns, in order, with their print settings. */
  columns: z.array(SchemeColumn),
  settings: SchemeSettings,
  channels: z.array(z.string()).nullable(),
  rows: z.array(StatsRow),
  /** One total per printed group (镇街, 部门; or one for the whole table): the rows summed. */
  groups: z.array(StatsGroup),
  /** All orders of the period, including those without a unit. */
  totals: FigureSet,
  breakdowns: z.object(Object.fromEntries(BREAKDOWN_KEYS.map((k) => [k, z.array(BreakdownItem)])) as Record<BreakdownKey, z.ZodArray<typeof BreakdownItem>>),
  compare: z.object({ previous: Comparison, lastYear: Comparison }),
});
export type StatsResult = z.infer<typeof StatsResult>;

export const StatsQuery = z.strictObject({
  /** 2023-02, 2024-Q1, 2025-H1, 2025, or 2025-03-01..2025-03-15. */
  period: z.string().min(4).max(30),
  asOf: z.string().optional(),
  schemeId: z.string().optional(),
  /** A scheme given inline (the CLI's --scheme-file, or the settings page's preview). */
  scheme: z.unknown().optional(),
  channels: z.array(z.string()).max(100).optional(),
  kind: z.enum(['town', 'dept']).optional(),
  /**
   * How many late orders each row lists (rows[].late), the most days late first; absent: all of
   * them in receipt order (the CLI's contract). A year holds tens of thousands: the page lists
   * none (it opens a unit's late orders through 'stats.orderIds'), a bulletin names a few.
   * A scheme's 备注 column (remark) names them all whatever the limit.
   */
  lateLimit: z.number().int().min(0).max(100000).optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

export const Adjustment = z.object({
  id: z.number(),
  unitId: z.number(),
  unit: z.string(),
  period: z.string(),
  bonus: z.number(),
  penalty: z.number(),
  reason: z.string(),
  at: z.string(),
  who: z.string(),
});
export type Adjustment = z.infer<typeof Adjustment>;

export const AdjustmentImportSummary = z.object({
  imported: z.number(),
  rejected: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
});

const points = z.number().min(0).max(1000);

export const statsMethods = {
  'stats.compute': { kind: 'read', input: StatsQuery, output: StatsResult },
  'stats.schemes': {
    kind: 'read',
    input: empty,
    output: z.object({ schemes: z.array(Scheme) }),
  },
  'stats.saveScheme': { kind: 'write', input: z.strictObject({ scheme: z.unknown() }), output: z.object({ scheme: Scheme }) },
  'stats.deleteScheme': { kind: 'write', input: z.strictObject({ id: z.string() }), output: z.object({ ok: z.literal(true) }) },
  /** The orders behind one number of the table: a unit (or all) and a figure. */
  'stats.orderIds': {
    kind: 'read',
    input: StatsQuery.extend({ unitId: z.number().int().nullable(), figure: z.string(), withSubUnits: z.boolean().default(false) }),
    output: z.object({ ids: z.array(z.number()), filter: z.object({ from: z.string(), to: z.string(), unitIds: z.array(z.number()).optional(), channels: z.array(z.string()).optional() }) }),
  },
  'adjustments.list': {
    kind: 'read',
    input: z.strictObject({ period: z.string().optional() }),
    output: z.object({ adjustments: z.array(Adjustment) }),
  },
  'adjustments.add': {
    kind: 'write',
    input: z.strictObject({ unitId: z.number().int(), period: z.string(), bonus: points.default(0), penalty: points.default(0), reason: z.string().trim().min(1, '请填写加减分事由').max(500) }),
    output: z.object({ adjustment: Adjustment }),
  },
  'adjustments.delete': { kind: 'write', input: z.strictObject({ id: z.number().int() }), output: z.object({ ok: z.literal(true) }) },
  'adjustments.import': { kind: 'write', input: FileUpload, output: AdjustmentImportSummary },
} as const satisfies Record<string, MethodSpec>;

/** How a cell prints in the table, the export and the bulletin: 96.80, 96.97%, 未抽访, a blank zero. */
export function formatCell(column: Pick<SchemeColumn, 'format' | 'decimals' | 'trimZeros' | 'emptyText' | 'zeroBlank'>, value: number | string | null): string {
  if (value === null) return column.emptyText;
  if (typeof value === 'string') return value;
  if (value === 0 && column.zeroBlank) return '';
  let text: string;
  if (column.format === 'int') text = Number.isInteger(value) ? String(value) : String(value);
  else {
    text = value.toFixed(column.decimals);
    if (column.trimZeros && text.includes('.')) text = text.replace(/\.?0+$/, '');
  }
  return column.format === 'percent' ? `${text}%` : text;
}
