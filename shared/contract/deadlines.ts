// Deadlines: the working-day calendar and its office corrections, the time-limit rules, the
// order's life events (签收, 退单, 延期, 催办, 回复, 办结, 回访, 重办 …) and the 逾期跟踪 board.
import { z } from 'zod';
import type { MethodSpec } from './common';
import { OrderRow } from './orders';

const text = (max: number) => z.string().trim().max(max);
/** A time as the clerk typed it ('2024-02-20 17:00', '2024/2/20'); the service parses it as CST. */
const timeInput = z.string().trim().min(1).max(40);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');

// ---- time limits -------------------------------------------------------------------------------

/** A limit in hours (from the receipt time), calendar days or working days (to 23:59:59 of the Nth day after). */
export const TimeLimit = z.strictObject({
  unit: z.enum(['hours', 'days', 'workdays']),
  amount: z.number().int().min(1).max(3650),
});
export type TimeLimit = z.infer<typeof TimeLimit>;

/** One row of the rule table: null matches any value. The first matching row wins. */
export const TimeLimitRule = z.strictObject({
  appealType: text(40).nullable(),
  urgency: text(40).nullable(),
  limit: TimeLimit,
});
export type TimeLimitRule = z.infer<typeof TimeLimitRule>;

export const TimeLimitSettings = z.strictObject({
  rules: z.array(TimeLimitRule).min(1).max(200),
  /** A unit may return (退单) an order within this many hours of dispatch; later is 逾期退单. */
  returnWindowHours: z.number().min(0).max(720),
});
export type TimeLimitSettings = z.infer<typeof TimeLimitSettings>;

const UNIT_WORDS: Record<TimeLimit['unit'], string> = { hours: '小时', days: '天', workdays: '个工作日' };

/** '5个工作日', '24小时', '3天'. */
export function timeLimitLabel(limit: TimeLimit): string {
  return `${limit.amount}${UNIT_WORDS[limit.unit]}`;
}

// ---- calendar ----------------------------------------------------------------------------------

export const CalendarOverride = z.object({
  day: z.string(),
  kind: z.enum(['workday', 'holiday']),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type CalendarOverride = z.infer<typeof CalendarOverride>;

export const CalendarCoverage = z.object({
  /** Years whose State Council notice the built-in data (chinese-days) holds. */
  builtinFrom: z.number(),
  builtinTo: z.number(),
  /** Years the office marked as fully entered by hand. */
  officeYears: z.array(z.number()),
  /** Every covered year, ascending. */
  coveredYears: z.array(z.number()),
  /** A Chinese sentence for the board and settings, e.g. '工作日历覆盖 2004—2026 年'. */
  summary: z.string(),
  /** Set when the current or next year is not covered. */
  warning: z.string().nullable(),
});
export type CalendarCoverage = z.infer<typeof CalendarCoverage>;

// ---- events ------------------------------------------------------------------------------------

export const ORDER_EVENT_TYPES = [
  'sign', 'return', 'extension_request', 'extension_approved', 'extension_refused',
  'urge', 'supervise', 'alert', 'reply', 'close', 'visit', 'rework',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export const ORDER_EVENT_LABELS: Record<OrderEventType, string> = {
  sign: '签收', return: '退单', extension_request: '申请延期', extension_approved: '批准延期',
  extension_refused: '不予延期', urge: '催办', supervise: '督办', alert: '告警', reply: '回复',
  close: '办结', visit: '回访', rework: '重办',
};

const eventBase = {
  orderId: z.number().int(),
  /** When it happened; the current moment when omitted. */
  at: timeInput.optional(),
  note: text(2000).optional(),
};

export const RecordEventInput = z.discriminatedUnion('type', [
  z.strictObject({ ...eventBase, type: z.literal('sign') }),
  z.strictObject({ ...eventBase, type: z.literal('return'), reason: text(500).min(1, '请填写退单理由') }),
  z.strictObject({ ...eventBase, type: z.literal('extension_request'), newDueAt: timeInput, reason: text(500).min(1, '请填写延期理由') }),
  z.strictObject({ ...eventBase, type: z.literal('extension_approved'), newDueAt: timeInput, reason: text(500).optional() }),
  z.strictObject({ ...eventBase, type: z.literal('extension_refused'), reason: text(500).optional() }),
  z.strictObject({ ...eventBase, type: z.literal('urge') }),
  z.strictObject({ ...eventBase, type: z.literal('supervise') }),
  z.strictObject({ ...eventBase, type: z.literal('alert') }),
  z.strictObject({ ...eventBase, type: z.literal('reply'), content: text(20000).optional() }),
  z.strictObject({ ...eventBase, type: z.literal('close') }),
  z.strictObject({
    ...eventBase,
    type: z.literal('visit'),
    source: z.enum(['county', 'city']),
    result: text(20).optional(),
    process: text(20).optional(),
    resolved: text(20).optional(),
  }),
  z.strictObject({ ...eventBase, type: z.literal('rework'), reason: text(500).optional(), newDueAt: timeInput.optional() }),
]);
export type RecordEventInput = z.infer<typeof RecordEventInput>;

export const OrderEvent = z.object({
  id: z.number(),
  orderId: z.number(),
  type: z.enum(ORDER_EVENT_TYPES),
  label: z.string(),
  at: z.string(),
  who: z.string(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

/** The derived deadline fields of one order, as stored. */
export const OrderDeadline = z.object({
  timeLimit: z.string().nullable(),
  ruleDueAt: z.string().nullable(),
  extendedDueAt: z.string().nullable(),
  reworkDueAt: z.string().nullable(),
  effectiveDueAt: z.string().nullable(),
  daysLate: z.number().nullable(),
  repliedOnTime: z.boolean().nullable(),
  closedOnTime: z.boolean().nullable(),
  dueWarning: z.string().nullable(),
  extensionCount: z.number(),
  reworkCount: z.number(),
  returnCount: z.number(),
  lateReturnCount: z.number(),
  alertCount: z.number(),
  visitSource: z.enum(['county', 'city']).nullable(),
});
export type OrderDeadline = z.infer<typeof OrderDeadline>;

// ---- board -------------------------------------------------------------------------------------

export const BoardOrder = z.object({
  id: z.number(),
  orderNo: z.string(),
  receivedAt: z.string(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  title: z.string().nullable(),
  appealType: z.string().nullable(),
  urgency: z.string().nullable(),
  status: z.string(),
  effectiveDueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Open and overdue: started 24-hour periods past due as of the board's moment; closed late: as stored. */
  daysLate: z.number().nullable(),
  /** Open and not yet due: hours left (one decimal). */
  hoursLeft: z.number().nullable(),
  extensionCount: z.number(),
  returnCount: z.number(),
  reworkCount: z.number(),
  dueWarning: z.string().nullable(),
});
export type BoardOrder = z.infer<typeof BoardOrder>;

export const BOARD_LIST_KEYS = ['overdue', 'dueToday', 'due24h', 'closedLate', 'extended', 'returned', 'reworked'] as const;
export type BoardListKey = (typeof BOARD_LIST_KEYS)[number];
export const BOARD_LIST_LABELS: Record<BoardListKey, string> = {
  overdue: '已逾期未办结',
  dueToday: '今日到期',
  due24h: '24小时内到期',
  closedLate: '本期逾期办结',
  extended: '本期延期',
  returned: '本期退单',
  reworked: '本期重办',
};

export const BoardList = z.object({
  key: z.enum(BOARD_LIST_KEYS),
  label: z.string(),
  total: z.number(),
  /** True when only the first `limit` orders are listed. */
  truncated: z.boolean(),
  groups: z.array(z.object({ unitId: z.number().nullable(), unitName: z.string(), orders: z.array(BoardOrder) })),
});
export type BoardList = z.infer<typeof BoardList>;

export const UnitSummary = z.object({
  unitId: z.number().nullable(),
  unitName: z.string(),
  open: z.number(),
  overdue: z.number(),
  due24h: z.number(),
  oldestOverdue: z.object({ id: z.number(), orderNo: z.string(), effectiveDueAt: z.string(), daysLate: z.number() }).nullable(),
});
export type UnitSummary = z.infer<typeof UnitSummary>;

export const Board = z.object({
  asOf: z.string(),
  periodFrom: z.string(),
  counts: z.record(z.enum(BOARD_LIST_KEYS), z.number()),
  lists: z.array(BoardList),
  units: z.array(UnitSummary),
  coverage: CalendarCoverage,
  /** The ledger was upgraded and rule due times are not computed yet. */
  recomputeNeeded: z.boolean(),
});
export type Board = z.infer<typeof Board>;

export const Reminder = z.object({
  unitId: z.number(),
  unitName: z.string(),
  asOf: z.string(),
  title: z.string(),
  text: z.string(),
  orderCount: z.number(),
});
export type Reminder = z.infer<typeof Reminder>;

const Recomputed = z.object({ scanned: z.number(), changed: z.number() });

export const deadlinesMethods = {
  'deadlines.board': {
    kind: 'read',
    input: z.strictObject({
      /** The moment the board is taken ('YYYY-MM-DD HH:mm:ss' or a day); now when omitted. */
      asOf: timeInput.optional(),
      /** Start of "this period" for closed late / extended / returned / reworked; the as-of month when omitted. */
      periodFrom: timeInput.optional(),
      /** At most this many orders per list (counts are always complete). */
      limit: z.number().int().min(1).max(20000).default(500),
    }),
    output: Board,
  },
  'deadlines.reminder': {
    kind: 'read',
    input: z.strictObject({ unitId: z.number().int(), asOf: timeInput.optional() }),
    output: Reminder,
  },
  'deadlines.orderEvents': {
    kind: 'read',
    input: z.strictObject({ orderId: z.number().int() }),
    output: z.object({ events: z.array(OrderEvent), deadline: OrderDeadline }),
  },
  'deadlines.recordEvent': {
    kind: 'write',
    input: RecordEventInput,
    output: z.object({ event: OrderEvent, order: OrderRow, deadline: OrderDeadline }),
  },
  'deadlines.recompute': {
    kind: 'write',
    input: z.strictObject({}),
    output: Recomputed,
  },
  'deadlines.coverage': {
    kind: 'read',
    input: z.strictObject({}),
    output: CalendarCoverage,
  },
  'holidays.list': {
    kind: 'read',
    input: z.strictObject({ year: z.number().int().min(1900).max(2200).optional() }),
    output: z.object({
      overrides: z.array(CalendarOverride),
      coverage: CalendarCoverage,
      /** The built-in holidays and adjusted working days of the year asked for (for display). */
      builtin: z.array(z.object({ day: z.string(), kind: z.enum(['workday', 'holiday']), name: z.string() })),
    }),
  },
  'holidays.add': {
    kind: 'write',
    input: z.strictObject({ day, kind: z.enum(['workday', 'holiday']), note: text(200).optional() }),
    output: z.object({ override: CalendarOverride, recomputed: Recomputed }),
  },
  'holidays.remove': {
    kind: 'write',
    input: z.strictObject({ day }),
    output: z.object({ removed: z.boolean(), recomputed: Recomputed }),
  },
  'holidays.import': {
    kind: 'write',
    input: z.strictObject({
      /** Lines like '2027-01-01 休 元旦' or '2027-02-07,班' (tab, comma or space separated). */
      text: z.string().max(1_000_000),
      /** Mark the years in the list as fully entered (covered). */
      markYearsCovered: z.boolean().default(true),
    }),
    output: z.object({ added: z.number(), updated: z.number(), years: z.array(z.number()), recomputed: Recomputed }),
  },
  'holidays.setYearCovered': {
    kind: 'write',
    input: z.strictObject({ year: z.number().int().min(1900).max(2200), covered: z.boolean() }),
    output: z.object({ coverage: CalendarCoverage }),
  },
  'timeLimits.get': {
    kind: 'read',
    input: z.strictObject({}),
    output: TimeLimitSettings.extend({ defaults: TimeLimitSettings }),
  },
  'timeLimits.set': {
    kind: 'write',
    input: TimeLimitSettings,
    output: z.object({ recomputed: Recomputed }),
  },
} as const satisfies Record<string, MethodSpec>;
