// 逾期跟踪: what is late, what is due today or within 24 hours, and who to chase, as of a moment.
// "As of" means anything after that moment has not happened yet: an order closed later is open,
// an order received later does not exist. Every list is one indexed SQL query over the stored
// effective due times (see deadlines.ts): open orders are read through orders_open (the open
// ones only), plus, for a moment in the past, those closed after it through orders_closed_span.
// Lists find and count their orders first and read the rest of a row only for the orders shown.
import { AppError } from '../../shared/result';
import { statusOf } from '../../shared/status';
import { epochMsFromCst, cstFromEpochMs, nowCst, parseCstInput } from '../../shared/time';
import {
  BOARD_LIST_LABELS,
  type Board, type BoardList, type BoardListKey, type BoardOrder, type Reminder, type UnitSummary,
} from '../../shared/contract/deadlines';
import { readSetting } from '../ledger/settings';
import type { Db } from '../ledger/open';
import { coverageOf } from './calendar';
import { daysLateBetween, parseEndOfDayInput, recomputeNeeded } from './deadlines';

const NO_UNIT = '（未派单）';

/** A moment the clerk typed (a bare day means its end: "as of 3月5日" includes that day). */
export function boardMoment(raw: string | undefined, label: string, endOfDay: boolean, now = nowCst()): string {
  if (!raw) return now;
  const t = endOfDay ? parseEndOfDayInput(raw) : parseCstInput(raw);
  if (!t) throw new AppError('validation', `${label}“${raw}”不是有效的日期时间，应如 2024-03-05 17:00`);
  return t;
}

interface Moments {
  asOf: string;
  dayEnd: string;
  in24h: string;
  periodFrom: string;
  /** Per group g of orders_closed_span: asOf and periodFrom less 10^g seconds (asOfLess{g}, periodFromLess{g}). */
  [groupBound: `${'asOf' | 'periodFrom'}Less${number}`]: string;
}

/**
 * The groups of orders_closed_span: the number of characters of the seconds an order stayed open
 * (receipt times are 1900–2200, so at most 10 digits). An order of group g stayed open less than
 * 10^g seconds: if it was open at moment T it was received after T - 10^g s.
 */
const SPAN_GROUPS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
/** Exactly the expression of orders_closed_span (the planner matches it as written). */
const SPAN_GROUP = 'length(unixepoch(o.closed_at) - unixepoch(o.received_at))';

function momentsOf(asOf: string, periodFrom: string | undefined): Moments {
  const from = periodFrom ?? `${asOf.slice(0, 8)}01 00:00:00`;
  const m: Moments = {
    asOf,
    dayEnd: `${asOf.slice(0, 10)} 23:59:59`,
    in24h: cstFromEpochMs(epochMsFromCst(asOf) + 86_400_000),
    periodFrom: from,
  };
  for (const g of SPAN_GROUPS) {
    m[`asOfLess${g}`] = cstFromEpochMs(epochMsFromCst(asOf) - 1000 * 10 ** g);
    m[`periodFromLess${g}`] = cstFromEpochMs(epochMsFromCst(from) - 1000 * 10 ** g);
  }
  return m;
}

/**
 * Closed orders received in (bound - 10^g s, asOf] and matching `where`, one index range of
 * orders_closed_span per group, joined: the orders open at the bound, or closed after it, are
 * all among them.
 */
function closedSince(columns: string, bound: 'asOf' | 'periodFrom', where: string): string {
  // INDEXED BY: without statistics the planner would take orders_by_received for the range and
  // read every order received in it, not just the group's.
  return SPAN_GROUPS.map((g) => `SELECT ${columns} FROM orders o INDEXED BY orders_closed_span LEFT JOIN units u ON u.id = o.unit_id
    WHERE o.deleted = 0 AND ${SPAN_GROUP} = ${g}
    AND o.received_at > @${bound}Less${g} AND o.received_at <= @asOf AND ${where}`).join('\n    UNION ALL ');
}

const COLUMNS = `o.id, o.order_no, o.received_at, o.unit_id, u.name AS unit_name, o.title, o.appeal_type, o.urgency, o.status,
  o.effective_due_at, o.closed_at, o.days_late, o.extension_count, o.return_count, o.rework_count, o.due_warning,
  o.handling, o.signed_at, o.replied_at`;
const FROM = `orders o LEFT JOIN units u ON u.id = o.unit_id`;
/** Orders the office does not chase: answered on the spot or sent to another county. */
const CHASED = `o.status NOT IN ('直接办结', '转外地')`;

/** Open as of @asOf and matching `where`: the open orders (orders_open), and those closed after the moment. */
function openOrders(columns: string, where: string): string {
  // '+' keeps the planner off orders_by_received: without statistics it would scan every order
  // received before the moment instead of the few open ones.
  const chased = `${CHASED} AND ${where}`;
  return `SELECT ${columns} FROM ${FROM} WHERE o.closed_at IS NULL AND o.deleted = 0 AND +o.received_at <= @asOf AND ${chased}
    UNION ALL ${closedSince(columns, 'asOf', `o.closed_at > @asOf AND ${chased}`)}`;
}

/** What is open as of the moment is one query (see openRefs); the other lists are one each. */
type PeriodListKey = Exclude<BoardListKey, 'overdue' | 'dueToday' | 'due24h'>;
// closed_on_time = 0 is closed_at > effective_due_at (deadlines.ts derives both together), in the index.
const CLOSED_LATE_IDS = closedSince('o.id, o.closed_at', 'periodFrom', 'o.closed_at >= @periodFrom AND o.closed_at <= @asOf AND o.closed_on_time = 0');
const LIST_SQL: Record<Exclude<PeriodListKey, 'closedLate'>, string> = {
  extended: eventList('extension_approved', 'extension_count', 'orders_extended'),
  returned: eventList('return', 'return_count', 'orders_returned'),
  reworked: eventList('rework', 'rework_count', 'orders_reworked'),
};

/** Orders with such an event in the period, or (imported counts without events) received in it with the count set. */
function eventList(type: string, countColumn: string, countIndex: string): string {
  // CROSS JOIN drives the query from the few ids found; '+e.type' sends the NOT EXISTS probe
  // through the order's own events (order_events_order) rather than every event of the type.
  // The count index holds only the orders with the count set (migration 008).
  return `SELECT ${COLUMNS} FROM (
      SELECT order_id AS id FROM order_events WHERE type = '${type}' AND at >= @periodFrom AND at <= @asOf
      UNION SELECT id FROM orders INDEXED BY ${countIndex} WHERE deleted = 0 AND received_at >= @periodFrom AND received_at <= @asOf AND ${countColumn} > 0
        AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = orders.id AND +e.type = '${type}')
    ) AS x CROSS JOIN orders o ON o.id = x.id LEFT JOIN units u ON u.id = o.unit_id WHERE o.deleted = 0`;
}

interface Row {
  id: number; order_no: string; received_at: string; unit_id: number | null; unit_name: string | null; title: string | null;
  appeal_type: string | null; urgency: string | null; status: string; effective_due_at: string | null; closed_at: string | null;
  days_late: number | null; extension_count: number; return_count: number; rework_count: number; due_warning: string | null;
  handling: string | null; signed_at: string | null; replied_at: string | null;
}

/** The status as of the moment: an order closed after it was still open then. */
function statusAsOf(r: Row, asOf: string): string {
  if (r.closed_at === null || r.closed_at <= asOf) return r.status;
  const before = (t: string | null) => (t !== null && t <= asOf ? t : null);
  return statusOf({ handling: r.handling, signedAt: before(r.signed_at), repliedAt: before(r.replied_at), closedAt: null, reworking: r.rework_count > 0 });
}

function toBoardOrder(r: Row, key: BoardListKey, m: Moments): BoardOrder {
  const open = r.closed_at === null || r.closed_at > m.asOf;
  const due = r.effective_due_at;
  let daysLate: number | null = null;
  let hoursLeft: number | null = null;
  if (due && open) {
    if (due < m.asOf) daysLate = daysLateBetween(due, m.asOf);
    else hoursLeft = Math.round((epochMsFromCst(due) - epochMsFromCst(m.asOf)) / 360_000) / 10;
  } else if (key === 'closedLate' || !open) {
    daysLate = r.days_late;
  }
  return {
    id: r.id, orderNo: r.order_no, receivedAt: r.received_at, unitId: r.unit_id, unitName: r.unit_name, title: r.title,
    appealType: r.appeal_type, urgency: r.urgency, status: statusAsOf(r, m.asOf), effectiveDueAt: due, closedAt: open ? null : r.closed_at,
    daysLate, hoursLeft, extensionCount: r.extension_count, returnCount: r.return_count, reworkCount: r.rework_count, dueWarning: r.due_warning,
  };
}

function groupByUnit(orders: BoardOrder[]): BoardList['groups'] {
  const groups = new Map<number | null, { unitId: number | null; unitName: string; orders: BoardOrder[] }>();
  for (const o of orders) {
    let g = groups.get(o.unitId);
    if (!g) groups.set(o.unitId, (g = { unitId: o.unitId, unitName: o.unitName ?? NO_UNIT, orders: [] }));
    g.orders.push(o);
  }
  return [...groups.values()].sort((a, b) => b.orders.length - a.orders.length || a.unitName.localeCompare(b.unitName, 'zh-CN'));
}

/** What counting and grouping need of an open order; the rest of its row is read only if it is listed. */
interface OpenRef {
  id: number;
  unit_id: number | null;
  effective_due_at: string;
}

/**
 * Every order open as of the moment, with a due time, by due time: the open orders of orders_open
 * (plus, for a moment in the past, the orders closed after it, from orders_closed_span). The open
 * set is what the clerk chases, hundreds or a few thousand orders, so counting and grouping it in
 * JS is cheaper than asking SQLite to walk the range once per figure. Only three columns: as of a
 * past moment these orders are closed ones, read from the table row by row, and building every
 * column of thousands of rows cost more than finding them (see fullRowsOf).
 */
function openRefs(db: Db, m: Moments): OpenRef[] {
  return db.prepare(`SELECT * FROM (${openOrders('o.id, o.unit_id, o.effective_due_at', 'o.effective_due_at IS NOT NULL')}) ORDER BY effective_due_at, id`).all(m) as OpenRef[];
}

/** The board's columns of the given orders, by id: read only for the orders a list shows. */
function fullRowsOf(db: Db, ids: readonly number[]): Map<number, Row> {
  if (ids.length === 0) return new Map();
  const rows = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE o.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Row[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Per unit: open, overdue and due within 24 hours as of the moment, and the oldest overdue order. */
function unitSummaries(refs: readonly OpenRef[], full: ReadonlyMap<number, Row>, unitNames: ReadonlyMap<number, string>, m: Moments): UnitSummary[] {
  const byUnit = new Map<number | null, UnitSummary>();
  for (const r of refs) {
    let u = byUnit.get(r.unit_id);
    if (!u) {
      const unitName = (r.unit_id !== null ? unitNames.get(r.unit_id) : undefined) ?? NO_UNIT;
      byUnit.set(r.unit_id, (u = { unitId: r.unit_id, unitName, open: 0, overdue: 0, due24h: 0, oldestOverdue: null }));
    }
    const due = r.effective_due_at;
    u.open++;
    if (due < m.asOf) {
      u.overdue++;
      // Refs come by due time: the first overdue one of a unit is its oldest.
      u.oldestOverdue ??= { id: r.id, orderNo: full.get(r.id)!.order_no, effectiveDueAt: due, daysLate: daysLateBetween(due, m.asOf) };
    } else if (due < m.in24h) {
      u.due24h++;
    }
  }
  return [...byUnit.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.unitName.localeCompare(b.unitName, 'zh-CN'));
}

/** The first overdue order of each unit (refs by due time): the unit summary names it. */
function oldestOverdueIds(refs: readonly OpenRef[], m: Moments): number[] {
  const seen = new Set<number | null>();
  const ids: number[] = [];
  for (const r of refs) {
    if (r.effective_due_at >= m.asOf) break;
    if (!seen.has(r.unit_id)) { seen.add(r.unit_id); ids.push(r.id); }
  }
  return ids;
}

function boardList(key: BoardListKey, rows: readonly Row[], m: Moments, limit: number, total = rows.length): BoardList {
  const orders = rows.slice(0, limit).map((r) => toBoardOrder(r, key, m));
  return { key, label: BOARD_LIST_LABELS[key], total, truncated: total > orders.length, groups: groupByUnit(orders) };
}

function periodList(db: Db, key: Exclude<PeriodListKey, 'closedLate'>, m: Moments, limit: number): BoardList {
  const rows = db.prepare(`SELECT * FROM (${LIST_SQL[key]}) ORDER BY received_at DESC, id LIMIT ${limit + 1}`).all(m) as Row[];
  const total = rows.length > limit ? (db.prepare(`SELECT count(*) AS n FROM (${LIST_SQL[key]})`).get(m) as { n: number }).n : rows.length;
  return boardList(key, rows, m, limit, total);
}

/**
 * Closed late this period: the ids and closing times come from orders_closed_span alone (every
 * condition is in it), which gives the count and the order in one pass; the table is read only
 * for the orders listed.
 */
function closedLateList(db: Db, m: Moments, limit: number): BoardList {
  const found = db.prepare(`SELECT id FROM (${CLOSED_LATE_IDS}) ORDER BY closed_at DESC, id`).pluck().all(m) as number[];
  const full = fullRowsOf(db, found.slice(0, limit));
  return boardList('closedLate', found.slice(0, limit).map((id) => full.get(id)!), m, limit, found.length);
}

export interface BoardOptions {
  asOf?: string;
  periodFrom?: string;
  limit: number;
}

export function boardOf(db: Db, options: BoardOptions): Board {
  const asOf = boardMoment(options.asOf, '统计时点', true);
  const periodFrom = options.periodFrom ? boardMoment(options.periodFrom, '本期起始时间', false) : undefined;
  if (periodFrom && periodFrom > asOf) throw new AppError('validation', `本期起始时间（${periodFrom}）晚于统计时点（${asOf}）`);
  const m = momentsOf(asOf, periodFrom);
  const open = openRefs(db, m);
  const overdue = open.filter((r) => r.effective_due_at < m.asOf);
  const dueToday = open.filter((r) => r.effective_due_at >= m.asOf && r.effective_due_at <= m.dayEnd);
  const due24h = open.filter((r) => r.effective_due_at >= m.asOf && r.effective_due_at < m.in24h);
  const shownIds = [overdue, dueToday, due24h].flatMap((refs) => refs.slice(0, options.limit).map((r) => r.id));
  const full = fullRowsOf(db, [...new Set([...shownIds, ...oldestOverdueIds(open, m)])]);
  const unitNames = new Map(db.prepare(`SELECT id, name FROM units`).raw().all() as [number, string][]);
  const openList = (key: BoardListKey, refs: readonly OpenRef[]) =>
    boardList(key, refs.slice(0, options.limit).map((r) => full.get(r.id)!), m, options.limit, refs.length);
  const lists: BoardList[] = [
    openList('overdue', overdue),
    openList('dueToday', dueToday),
    openList('due24h', due24h),
    closedLateList(db, m, options.limit),
    ...(['extended', 'returned', 'reworked'] as const).map((key) => periodList(db, key, m, options.limit)),
  ];
  const counts = Object.fromEntries(lists.map((l) => [l.key, l.total])) as Record<BoardListKey, number>;
  return {
    asOf,
    periodFrom: m.periodFrom,
    counts,
    lists,
    units: unitSummaries(open, full, unitNames, m),
    coverage: coverageOf(db, asOf),
    recomputeNeeded: recomputeNeeded(db),
  };
}

// ---- 催办单 ------------------------------------------------------------------------------------

/** 2024年3月5日 or 2024年3月5日10时30分. */
export function chineseDateTime(ts: string, withTime = true): string {
  const [y, mo, d, h, mi] = [ts.slice(0, 4), +ts.slice(5, 7), +ts.slice(8, 10), +ts.slice(11, 13), +ts.slice(14, 16)];
  return `${y}年${mo}月${d}日${withTime ? `${h}时${mi ? `${mi}分` : ''}` : ''}`;
}

const shortTime = (ts: string) => ts.slice(0, 16);

export function reminderOf(db: Db, unitId: number, rawAsOf?: string): Reminder {
  const unit = db.prepare(`SELECT name FROM units WHERE id = ?`).get(unitId) as { name: string } | undefined;
  if (!unit) throw new AppError('not_found', `承办单位不存在（编号 ${unitId}）`);
  const m = momentsOf(boardMoment(rawAsOf, '统计时点', true), undefined);
  const rows = db
    .prepare(`SELECT * FROM (${openOrders(COLUMNS, `+o.unit_id = @unitId AND o.effective_due_at < @in24h`)}) ORDER BY effective_due_at, id`)
    .all({ ...m, unitId }) as Row[];
  const orders = rows.map((r) => toBoardOrder(r, 'overdue', m));
  const overdue = orders.filter((o) => o.daysLate !== null);
  const soon = orders.filter((o) => o.daysLate === null);
  const office = readSetting<string>(db, 'office.name') ?? '12345热线办';
  const line = (o: BoardOrder, i: number, tail: string) =>
    `${i + 1}. 工单编号：${o.orderNo}；受理时间：${shortTime(o.receivedAt)}；截止时间：${shortTime(o.effectiveDueAt ?? '')}；${tail}${o.title ? `；诉求：${o.title}` : ''}`;
  const title = `${unit.name}12345热线工单催办单`;
  const lines = [
    '催 办 单',
    '',
    `${unit.name}：`,
    orders.length
      ? `截至${chineseDateTime(m.asOf)}，你单位承办的以下 ${orders.length} 件12345热线工单已超过办理时限或即将到期，请抓紧办理，办结后及时回复并上传办理结果。`
      : `截至${chineseDateTime(m.asOf)}，你单位没有逾期或24小时内到期的12345热线工单。`,
  ];
  if (overdue.length) {
    lines.push('', `一、已逾期未办结（${overdue.length} 件）`);
    overdue.forEach((o, i) => lines.push(line(o, i, `已超期${o.daysLate}天`)));
  }
  if (soon.length) {
    lines.push('', `${overdue.length ? '二' : '一'}、24小时内到期（${soon.length} 件）`);
    soon.forEach((o, i) => lines.push(line(o, i, `剩余约${Math.max(1, Math.round(o.hoursLeft ?? 0))}小时`)));
  }
  lines.push('', office, chineseDateTime(m.asOf, false));
  return { unitId, unitName: unit.name, asOf: m.asOf, title, text: lines.join('\n'), orderCount: orders.length };
}
