// The base figures per unit and period, counted in SQL over the orders' stored derived columns
// (effective_due_at, the event counts, the visit columns), so a year of a million-order ledger
// is one indexed range scan. "As of": whatever happened after that moment has not happened yet.
import { FIGURE_KEYS, type FigureKey, type FigureSet, type RateKey } from '../../../shared/contract/stats';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../ledger/open';
import { PACK_BITS, STATS_SETTLED_AT } from '../../ledger/migrations/007_stats_by_unit';
import { FLAG_PACKS, flagPackExpressions, LATE_CANDIDATE } from '../../ledger/migrations/013_stats_by_flags';

export type VisitSource = 'any' | 'city' | 'county';

export interface FigureQuery {
  /** CST timestamps: receipt from (inclusive) to (exclusive). */
  from: string;
  to: string;
  asOf: string;
  /** Only orders from these channels; null: all. */
  channels: readonly string[] | null;
  visitSource: VisitSource;
  /** How a 基本满意 visit counts: 1, 0.5 or 0. */
  basicSatisfiedWeight: number;
}

/** What SQL counts per group; satisfaction is split so the scheme can weigh 基本满意. */
export interface RawFigures {
  received: number; replied: number; repliedOnTime: number; closed: number; closedOnTime: number; closedLate: number;
  overdueOpen: number; extended: number; reworked: number; returned: number; returnedLate: number; alerts: number;
  resultAsked: number; resultFull: number; resultBasic: number; unsatisfied: number;
  resolvedAsked: number; resolved: number; unresolved: number;
  processAsked: number; processFull: number; processBasic: number; visitedOnTime: number;
}

const RAW_KEYS: readonly (keyof RawFigures)[] = [
  'received', 'replied', 'repliedOnTime', 'closed', 'closedOnTime', 'closedLate', 'overdueOpen', 'extended', 'reworked',
  'returned', 'returnedLate', 'alerts', 'resultAsked', 'resultFull', 'resultBasic', 'unsatisfied', 'resolvedAsked', 'resolved',
  'unresolved', 'processAsked', 'processFull', 'processBasic', 'visitedOnTime',
];

// The visit condition is chosen from this fixed table, never built from input.
const VISIT_CONDITION: Record<VisitSource, string> = {
  any: '1',
  city: `visit_source = 'city'`,
  county: `coalesce(visit_source, 'county') = 'county'`,
};

/**
 * One count per figure. FILTER (WHERE …) is cheaper than summing 0/1 expressions, and NULL
 * comparisons are false, so "closed_at <= @asOf" is "closed as of the moment". An order without
 * a due time is never late.
 */
function figureColumns(visitSource: VisitSource): string {
  const v = VISIT_CONDITION[visitSource];
  const visits = (col: string, value: string | null) => (value === null
    ? (v === '1' ? `count(${col})` : `count(*) FILTER (WHERE ${col} IS NOT NULL AND ${v})`)
    : `count(*) FILTER (WHERE ${col} = '${value}'${v === '1' ? '' : ` AND ${v}`})`);
  return `count(*) AS received,
    count(*) FILTER (WHERE replied_at <= @asOf) AS replied,
    count(*) FILTER (WHERE replied_at <= @asOf AND (effective_due_at IS NULL OR replied_at <= effective_due_at)) AS repliedOnTime,
    count(*) FILTER (WHERE closed_at <= @asOf) AS closed,
    count(*) FILTER (WHERE closed_at <= @asOf AND (effective_due_at IS NULL OR closed_at <= effective_due_at)) AS closedOnTime,
    count(*) FILTER (WHERE closed_at <= @asOf AND closed_at > effective_due_at) AS closedLate,
    count(*) FILTER (WHERE (closed_at IS NULL OR closed_at > @asOf) AND effective_due_at < @asOf) AS overdueOpen,
    count(*) FILTER (WHERE extension_count > 0) AS extended,
    count(*) FILTER (WHERE rework_count > 0) AS reworked,
    count(*) FILTER (WHERE return_count > 0) AS returned,
    count(*) FILTER (WHERE late_return_count > 0) AS returnedLate,
    count(*) FILTER (WHERE alert_count > 0) AS alerts,
    ${visits('visit_result', null)} AS resultAsked,
    ${visits('visit_result', '满意')} AS resultFull,
    ${visits('visit_result', '基本满意')} AS resultBasic,
    ${visits('visit_result', '不满意')} AS unsatisfied,
    ${visits('visit_resolved', null)} AS resolvedAsked,
    ${visits('visit_resolved', '已解决')} AS resolved,
    ${visits('visit_resolved', '未解决')} AS unresolved,
    ${visits('visit_process', null)} AS processAsked,
    ${visits('visit_process', '满意')} AS processFull,
    ${visits('visit_process', '基本满意')} AS processBasic,
    count(*) FILTER (WHERE visit_result IS NOT NULL AND ${v} AND closed_at <= @asOf AND (effective_due_at IS NULL OR closed_at <= effective_due_at)) AS visitedOnTime`;
}

export const PERIOD_WHERE = `deleted = 0 AND received_at >= @from AND received_at < @to`;
const CHANNEL_WHERE = ` AND channel IN (SELECT value FROM json_each(@channels))`;

export function whereOf(q: Pick<FigureQuery, 'channels'>): string {
  return PERIOD_WHERE + (q.channels ? CHANNEL_WHERE : '');
}

export function paramsOf(q: FigureQuery): Record<string, string> {
  const p: Record<string, string> = { from: q.from, to: q.to, asOf: q.asOf };
  if (q.channels) p.channels = JSON.stringify(q.channels);
  return p;
}

/** Statements are cached per database and SQL text: the page recomputes on every change of a picker. */
const statementCache = new WeakMap<Db, Map<string, Statement>>();
export function prepared(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}

function toRaw(r: Record<string, number | null>): RawFigures {
  const out = {} as RawFigures;
  for (const k of RAW_KEYS) out[k] = Number(r[k] ?? 0);
  return out;
}

/** The plain form of the per-unit query (FILTER counts): the fallback past 2,097,151 orders in one unit, and the reference of the tests. */
export function rawFiguresByUnitPlain(db: Db, q: FigureQuery): Map<number | null, RawFigures> {
  const sql = `SELECT unit_id AS unitId, ${figureColumns(q.visitSource)} FROM orders WHERE ${whereOf(q)} GROUP BY unit_id`;
  const out = new Map<number | null, RawFigures>();
  for (const r of prepared(db, sql).all(paramsOf(q)) as (Record<string, number | null> & { unitId: number | null })[]) {
    out.set(r.unitId, toRaw(r));
  }
  return out;
}

// The packed query (see migrations 007 and 013): per order, eight stored integers of up to three
// counts each; an order not yet settled at the as-of moment is counted from its columns instead.
const LIVE_PACKS = flagPackExpressions('@asOf');
const asOfPack = (k: 'A' | 'B' | 'V4') => `CASE WHEN ${STATS_SETTLED_AT} <= @asOf THEN ${FLAG_PACKS[k]} ELSE ${LIVE_PACKS[k]} END`;
/** The raw keys each packed sum holds, lowest field first (the order of migrations 007 and 013). */
const PACKED_FIELDS: readonly [string, readonly (keyof RawFigures)[]][] = [
  ['A', ['replied', 'repliedOnTime', 'closed']],
  ['B', ['closedOnTime', 'closedLate', 'overdueOpen']],
  ['C', ['extended', 'reworked', 'returned']],
  ['D', ['returnedLate', 'alerts', 'received']],
  ['V1', ['resultAsked', 'resultFull', 'resultBasic']],
  ['V2', ['unsatisfied', 'resolvedAsked', 'resolved']],
  ['V3', ['unresolved', 'processAsked', 'processFull']],
  ['V4', ['processBasic', 'visitedOnTime']],
];

/** A sum over the visits of the source only (all orders' for 'any'). */
function visitSum(visitSource: VisitSource, sum: string): string {
  const v = VISIT_CONDITION[visitSource];
  return v === '1' ? sum : `${sum} FILTER (WHERE ${v})`;
}

function packedColumns(visitSource: VisitSource): string {
  const visit = (sum: string) => visitSum(visitSource, sum);
  return [
    `sum(${asOfPack('A')}) AS A`,
    `sum(${asOfPack('B')}) AS B`,
    `sum(${FLAG_PACKS.C}) AS C`,
    `sum(${FLAG_PACKS.D}) AS D`,
    visit(`sum(${FLAG_PACKS.V1})`) + ' AS V1',
    visit(`sum(${FLAG_PACKS.V2})`) + ' AS V2',
    visit(`sum(${FLAG_PACKS.V3})`) + ' AS V3',
    visit(`sum(${asOfPack('V4')})`) + ' AS V4',
  ].join(',\n  ');
}

const FIELD_MASK = (1n << BigInt(PACK_BITS)) - 1n;
function unpack(r: Record<string, bigint | null>): RawFigures {
  const out = emptyRaw();
  for (const [col, keys] of PACKED_FIELDS) {
    const v = r[col] ?? 0n;
    keys.forEach((k, i) => { out[k] = Number((v >> BigInt(PACK_BITS * i)) & FIELD_MASK); });
  }
  return out;
}

/**
 * The period's orders walked unit by unit over orders_stats_by_unit (units outermost, so the rows
 * arrive grouped and nothing is sorted), plus the orders without a unit. Channel filter inside.
 */
const BY_UNIT_FROM = `FROM units u CROSS JOIN orders o INDEXED BY orders_stats_by_unit
  WHERE o.unit_id = u.id AND o.deleted = 0 AND o.received_at >= @from AND o.received_at < @to`;
const NO_UNIT_FROM = `FROM orders o INDEXED BY orders_stats_by_unit
  WHERE o.deleted = 0 AND o.unit_id IS NULL AND o.received_at >= @from AND o.received_at < @to`;
const channelWhere = (q: Pick<FigureQuery, 'channels'>) => (q.channels ? ` AND o.channel IN (SELECT value FROM json_each(@channels))` : '');

function packedStatement(db: Db, sql: string) {
  const st = prepared(db, sql);
  st.safeIntegers(true); // sums reach 2^63: beyond a double's exact integers
  return st;
}

/** Raw figures per lead unit (unit id null: orders answered directly or sent elsewhere). */
export function rawFiguresByUnit(db: Db, q: FigureQuery, mayHoldOpenOrders = true): Map<number | null, RawFigures> {
  return unlessOverflow(() => {
    // A period whose orders were all settled by the as-of moment (every past period but the
    // newest few weeks) is the sum of the stored packs: no as-of test per order and pack.
    if (!mayHoldOpenOrders || !hasOpenOrderReceivedIn(db, q)) {
      const settled = settledPackedFigures(db, q);
      if (settled) return settled;
    }
    return packedFigures(db, q, packedColumns(q.visitSource));
  }) ?? rawFiguresByUnitPlain(db, q);
}

/**
 * What `packed` returns, or null when a packed sum overflowed: more than 2,097,151 orders in one
 * sum do not fit their 21-bit field, and SQLite refuses the 64-bit sum rather than carry over.
 */
function unlessOverflow<T>(packed: () => T): T | null {
  try {
    return packed();
  } catch (e) {
    if (/integer overflow/i.test((e as Error).message)) return null;
    throw e;
  }
}

/**
 * The packed sums `cols` of each lead unit, then of the orders without a unit (null), as SQLite
 * returns them (bigints).
 */
function packedGroups<R extends Record<string, bigint | null>>(db: Db, q: FigureQuery, cols: string, params: Record<string, string> = paramsOf(q)): [number | null, R][] {
  const byUnit = packedStatement(db, `SELECT u.id AS unitId, ${cols} ${BY_UNIT_FROM}${channelWhere(q)} GROUP BY u.id`).all(params) as (R & { unitId: bigint })[];
  const noUnit = packedStatement(db, `SELECT ${cols} ${NO_UNIT_FROM}${channelWhere(q)}`).get(params) as R;
  return [...byUnit.map((r): [number, R] => [Number(r.unitId), r]), [null, noUnit]];
}

/** The figures of each group that has orders (the orders without a unit only when there are some). */
function packedFigures(db: Db, q: FigureQuery, cols: string): Map<number | null, RawFigures> {
  const out = new Map<number | null, RawFigures>();
  for (const [unit, r] of packedGroups(db, q, cols)) {
    const raw = unpack(r);
    if (unit !== null || raw.received > 0) out.set(unit, raw);
  }
  return out;
}

/** Whether an order still open (now) was received in the period: orders_open holds only those, a few thousand. */
function hasOpenOrderReceivedIn(db: Db, q: Pick<FigureQuery, 'from' | 'to'>): boolean {
  return prepared(db, `SELECT 1 FROM orders INDEXED BY orders_open WHERE deleted = 0 AND closed_at IS NULL
    AND received_at >= @from AND received_at < @to LIMIT 1`).get({ from: q.from, to: q.to }) !== undefined;
}

/**
 * The stored packs summed with a count of the orders settled by the as-of moment; null when some
 * order was not (closed or replied after it: the as-of query counts those from their columns).
 */
function settledPackedFigures(db: Db, q: FigureQuery): Map<number | null, RawFigures> | null {
  const visit = (sum: string) => visitSum(q.visitSource, sum);
  const cols = [
    ...(['A', 'B', 'C', 'D'] as const).map((k) => `sum(${FLAG_PACKS[k]}) AS ${k}`),
    ...(['V1', 'V2', 'V3', 'V4'] as const).map((k) => `${visit(`sum(${FLAG_PACKS[k]})`)} AS ${k}`),
    `count(*) FILTER (WHERE ${STATS_SETTLED_AT} <= @asOf) AS settled`,
  ].join(',\n  ');
  const out = new Map<number | null, RawFigures>();
  for (const [unit, r] of packedGroups<Record<string, bigint | null> & { settled: bigint }>(db, q, cols)) {
    const raw = unpack(r);
    if (Number(r.settled) !== raw.received) return null;
    if (unit !== null || raw.received > 0) out.set(unit, raw);
  }
  return out;
}

/** What 环比 and 同比 compare: the received count and the two satisfaction rates' parts. */
export const COMPARED_RAW_KEYS = ['received', 'resultAsked', 'resultFull', 'resultBasic', 'processAsked', 'processFull', 'processBasic'] as const;
export type ComparedRaw = Pick<RawFigures, (typeof COMPARED_RAW_KEYS)[number]>;

/**
 * The compared figures of all orders of a period: four stored packs summed, none of them
 * depending on the as-of moment (processBasic is final; its neighbour visitedOnTime in V4 is
 * not read), so no order is counted from its columns. One range of orders_compared (migration
 * 013); a period of more than 2,097,151 orders overflows that sum and is counted unit by unit
 * over orders_stats_by_unit (a unit's sum overflows only past that many orders of one unit),
 * and past that in plain counts.
 */
export function comparedRawTotals(db: Db, q: FigureQuery): ComparedRaw {
  const cols = [`sum(${FLAG_PACKS.D}) AS D`, ...(['V1', 'V3', 'V4'] as const).map((k) => `${visitSum(q.visitSource, `sum(${FLAG_PACKS[k]})`)} AS ${k}`)].join(', ');
  const p = paramsOf(q);
  delete p.asOf;
  const rows = unlessOverflow(() => [packedStatement(db, `SELECT ${cols} FROM orders o INDEXED BY orders_compared
      WHERE o.deleted = 0 AND o.received_at >= @from AND o.received_at < @to${channelWhere(q)}`).get(p) as Record<string, bigint | null>])
    ?? unlessOverflow(() => packedGroups(db, q, cols, p).map(([, r]) => r));
  const out: ComparedRaw = { received: 0, resultAsked: 0, resultFull: 0, resultBasic: 0, processAsked: 0, processFull: 0, processBasic: 0 };
  const sums = rows ? rows.map(unpack) : [sumRaw(rawFiguresByUnitPlain(db, q).values())];
  for (const raw of sums) for (const k of COMPARED_RAW_KEYS) out[k] += raw[k];
  return out;
}

export function emptyRaw(): RawFigures {
  return toRaw({});
}

export function addRaw(a: RawFigures, b: RawFigures): RawFigures {
  const out = {} as RawFigures;
  for (const k of RAW_KEYS) out[k] = a[k] + b[k];
  return out;
}

export function sumRaw(list: Iterable<RawFigures>): RawFigures {
  let acc = emptyRaw();
  for (const r of list) acc = addRaw(acc, r);
  return acc;
}

/** round(x, 2) that rounds halves away from zero as a clerk would (96.795 → 96.80), not as binary floats do. */
export function round2(x: number): number {
  return roundTo(x, 2);
}

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const scaled = x * f;
  // Nudge by a relative epsilon so 1.005 (stored as 1.00499999…) still rounds up.
  return Math.sign(scaled) * Math.round(Math.abs(scaled) * (1 + 1e-12) + 1e-9) / f;
}

/** A percentage with two decimals, or null when nothing was counted (未抽访). */
export function rate(num: number, den: number): number | null {
  return den > 0 ? round2((num / den) * 100) : null;
}

/** The figures of ../shared/domain.md and the four rates, from the raw sums. */
export function figureSetOf(raw: RawFigures, basicSatisfiedWeight: number): FigureSet {
  const f = {
    received: raw.received,
    replied: raw.replied,
    repliedOnTime: raw.repliedOnTime,
    closed: raw.closed,
    closedOnTime: raw.closedOnTime,
    closedLate: raw.closedLate,
    overdueOpen: raw.overdueOpen,
    overdue: raw.closedLate + raw.overdueOpen,
    extended: raw.extended,
    reworked: raw.reworked,
    returned: raw.returned,
    returnedLate: raw.returnedLate,
    alerts: raw.alerts,
    resultAsked: raw.resultAsked,
    resultSatisfied: raw.resultFull + basicSatisfiedWeight * raw.resultBasic,
    unsatisfied: raw.unsatisfied,
    resolvedAsked: raw.resolvedAsked,
    resolved: raw.resolved,
    unresolved: raw.unresolved,
    processAsked: raw.processAsked,
    processSatisfied: raw.processFull + basicSatisfiedWeight * raw.processBasic,
    visitedOnTime: raw.visitedOnTime,
  } satisfies Record<FigureKey, number>;
  const rates: Record<RateKey, number | null> = {
    resultRate: rate(f.resultSatisfied, f.resultAsked),
    processRate: rate(f.processSatisfied, f.processAsked),
    resolvedRate: rate(f.resolved, f.resolvedAsked),
    closedOnTimeRate: rate(f.closedOnTime, f.received),
  };
  return { ...f, ...rates };
}

export function figureValue(f: FigureSet, key: FigureKey): number {
  return f[key];
}

export { FIGURE_KEYS };

export interface LateOrderRow {
  id: number;
  orderNo: string;
  unitId: number;
  daysLate: number;
  /** Still open (overdue) as of the moment, rather than closed late. */
  open: boolean;
}

const LATE_LIVE = `effective_due_at IS NOT NULL
  AND ((closed_at <= @asOf AND closed_at > effective_due_at) OR ((closed_at IS NULL OR closed_at > @asOf) AND effective_due_at < @asOf))`;

/**
 * Orders of the period closed late or still open past due, per unit, in receipt order; with
 * perUnit, at most that many of each unit, the most days late first (ties in receipt order).
 */
export function lateOrders(db: Db, q: FigureQuery, perUnit: number | null = null): LateOrderRow[] {
  if (perUnit === 0) return [];
  // Only orders that can be late at some moment are read (migration 013's partial index), unit by
  // unit. Days late as daysLateBetween counts them (started 24-hour periods past due), in SQL so
  // that tens of thousands of late orders in a year cost no parsing in JS.
  const rows = prepared(db, lateOrdersSql(q)).raw(true).all(paramsOf(q)) as [number, string, number, string, number, number][];
  // Rows come unit by unit in receipt order (the index's order); orders of one unit received in
  // the same second follow other index columns, not the id: put those in id order.
  const misordered = rows.some((r, i) => i > 0 && r[2] === rows[i - 1][2] && r[3] === rows[i - 1][3] && r[0] < rows[i - 1][0]);
  if (misordered) rows.sort((x, y) => x[2] - y[2] || (x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : x[0] - y[0]));
  const all = rows.map((r) => ({ id: r[0], orderNo: r[1], unitId: r[2], open: r[4] === 1, daysLate: r[5] }));
  return perUnit === null ? all : worstPerUnit(all, perUnit);
}

const LATE_OPEN = `(o.closed_at IS NULL OR o.closed_at > @asOf)`;
/**
 * Days late as daysLateBetween counts them: started 24-hour periods past due, up to the as-of
 * moment for an order still open then; for one closed late by then, the days_late the deadlines
 * stored (the same count up to closing), so a year's ~40,000 late orders parse no timestamps.
 */
const DAYS_LATE = `CASE WHEN ${LATE_OPEN} THEN max(0, (unixepoch(@asOf) - unixepoch(o.effective_due_at) + 86399) / 86400) ELSE o.days_late END`;

/** The late orders of the period, walked unit by unit over migration 013's partial index. */
function lateFrom(q: Pick<FigureQuery, 'channels'>): string {
  return `FROM units u CROSS JOIN orders o INDEXED BY orders_late_candidates
    WHERE o.unit_id = u.id AND o.deleted = 0 AND o.received_at >= @from AND o.received_at < @to AND ${LATE_CANDIDATE}${channelWhere(q)}
      AND ${LATE_LIVE}`;
}

/** The late orders' query: id, order no, unit, receipt time, open (0/1), days late. */
export function lateOrdersSql(q: Pick<FigureQuery, 'channels'>): string {
  return `SELECT o.id, o.order_no, o.unit_id, o.received_at, ${LATE_OPEN}, ${DAYS_LATE}
    ${lateFrom(q)}`;
}

/** How a 备注 names one late order: {orderNo} and {daysLate} filled in. */
export interface LateRemarkTemplates {
  closedLate: string;
  overdueOpen: string;
}

/**
 * A template as an SQL text expression: its literal parts bound as parameters (named `prefix` +
 * position, added to params), the placeholders the order's number and days late.
 */
function templateSql(template: string, prefix: string, params: Record<string, string>): string {
  const terms: string[] = [];
  template.split(/(\{orderNo\}|\{daysLate\})/).forEach((part, i) => {
    if (part === '{orderNo}') terms.push('o.order_no');
    else if (part === '{daysLate}') terms.push(DAYS_LATE);
    else if (part !== '') {
      params[`${prefix}${i}`] = part;
      terms.push(`@${prefix}${i}`);
    }
  });
  return terms.length ? terms.join(' || ') : `''`;
}

/**
 * Each unit's 备注 naming its late orders, one line each in receipt order (ties in id order),
 * written in SQL: a year names ~40,000 orders, which read as JS objects and filled in JS took
 * about three times as long. Units without late orders are absent.
 */
export function lateRemarksByUnit(db: Db, q: FigureQuery, templates: LateRemarkTemplates): Map<number, string> {
  const params: Record<string, string> = paramsOf(q);
  const line = `CASE WHEN ${LATE_OPEN} THEN ${templateSql(templates.overdueOpen, 'open', params)} ELSE ${templateSql(templates.closedLate, 'closed', params)} END`;
  const sql = `SELECT u.id, group_concat(${line}, char(10) ORDER BY o.received_at, o.id) ${lateFrom(q)} GROUP BY u.id`;
  return new Map(prepared(db, sql).raw(true).all(params) as [number, string][]);
}

/** The first `limit` of each unit's run by days late (the sort is stable: receipt order among equals). */
function worstPerUnit(rows: LateOrderRow[], limit: number): LateOrderRow[] {
  const out: LateOrderRow[] = [];
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end].unitId === rows[start].unitId) end++;
    out.push(...rows.slice(start, end).sort((a, b) => b.daysLate - a.daysLate).slice(0, limit));
    start = end;
  }
  return out;
}

/** The month slices of [from, to): 'YYYY-MM' and its part of the range. */
export function monthSlices(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  let start = from;
  while (start < to) {
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    const next = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01 00:00:00`;
    out.push({ month: start.slice(0, 7), from: start, to: next < to ? next : to });
    start = next;
  }
  return out;
}

/**
 * The per-unit figures of the period counted month by month (the same rows, read once), so the
 * month breakdown comes with them: received per month.
 */
export function rawFiguresWithMonths(db: Db, q: FigureQuery): { byUnit: Map<number | null, RawFigures>; receivedByMonth: Map<string, number> } {
  const byUnit = new Map<number | null, RawFigures>();
  const receivedByMonth = new Map<string, number>();
  // One look at the open orders for the whole period (they are a few thousand, read whole each time) spares it for each month of a past year.
  const mayHoldOpenOrders = hasOpenOrderReceivedIn(db, q);
  for (const slice of monthSlices(q.from, q.to)) {
    let received = 0;
    for (const [unit, raw] of rawFiguresByUnit(db, { ...q, from: slice.from, to: slice.to }, mayHoldOpenOrders)) {
      const had = byUnit.get(unit);
      byUnit.set(unit, had ? addRaw(had, raw) : raw);
      received += raw.received;
    }
    receivedByMonth.set(slice.month, (receivedByMonth.get(slice.month) ?? 0) + received);
  }
  return { byUnit, receivedByMonth };
}

export interface BreakdownCell {
  category: string | null;
  appealType: string | null;
  channel: string | null;
  handling: string | null;
  count: number;
}

/** The breakdown fields in the order of index orders_breakdown (migration 010). */
const BREAKDOWN_COLUMNS = ['category', 'appeal_type', 'channel', 'handling'] as const;
const CHANNEL_LEVEL = BREAKDOWN_COLUMNS.indexOf('channel');

/**
 * The period's orders counted by 问题分类 × 诉求类型 × 来源渠道 × 处理方式; the caller folds.
 * Walks the distinct value combinations of orders_breakdown level by level (a skip scan: the
 * first value after the last one, NULL first, kept apart from an empty value), and counts each
 * combination's receipt-time range inside the index. Nothing is sorted or grouped.
 */
export function breakdownCells(db: Db, q: FigureQuery): BreakdownCell[] {
  const prefixOf = (level: number) => BREAKDOWN_COLUMNS.slice(0, level).map((c) => ` AND ${c} IS ?`).join('');
  // Per level: the first value (NULL sorts first), the first after NULL (every non-NULL value
  // is text, TEXT columns: the least >= ''), the first after a value. One row or none: a
  // value that is NULL comes back as [null], no value as undefined.
  const levels = BREAKDOWN_COLUMNS.map((col, level) => {
    const sql = (cond: string) => prepared(db, `SELECT ${col} FROM orders INDEXED BY orders_breakdown
      WHERE deleted = 0${prefixOf(level)}${cond} ORDER BY ${col} LIMIT 1`).raw(true);
    return { first: sql(''), afterNull: sql(` AND ${col} >= ''`), after: sql(` AND ${col} > ?`) };
  });
  const count = prepared(db, `SELECT count(*) FROM orders INDEXED BY orders_breakdown
    WHERE deleted = 0${prefixOf(BREAKDOWN_COLUMNS.length)} AND received_at >= ? AND received_at < ?`).pluck();
  const channels = q.channels ? new Set(q.channels) : null;
  const out: BreakdownCell[] = [];
  const values: (string | null)[] = [];
  const walk = (level: number) => {
    if (level === BREAKDOWN_COLUMNS.length) {
      const n = count.get(...values, q.from, q.to) as number;
      if (n > 0) out.push({ category: values[0], appealType: values[1], channel: values[2], handling: values[3], count: n });
      return;
    }
    const st = levels[level];
    let row = st.first.get(...values) as [string | null] | undefined;
    while (row) {
      const v = row[0];
      if (level !== CHANNEL_LEVEL || !channels || (v !== null && channels.has(v))) {
        values.push(v);
        walk(level + 1);
        values.pop();
      }
      row = (v === null ? st.afterNull.get(...values) : st.after.get(...values, v)) as [string | null] | undefined;
    }
  };
  walk(0);
  return out;
}

/** Which order ids make one figure of one unit (or of all orders): the click-through to the ledger. */
export function orderIdsOfFigure(db: Db, q: FigureQuery, unitIds: readonly number[] | null, figure: FigureKey | 'all'): number[] {
  const v = VISIT_CONDITION[q.visitSource];
  const conditions: Record<FigureKey | 'all', string> = {
    all: '1',
    received: '1',
    replied: 'replied_at <= @asOf',
    repliedOnTime: 'replied_at <= @asOf AND (effective_due_at IS NULL OR replied_at <= effective_due_at)',
    closed: 'closed_at <= @asOf',
    closedOnTime: 'closed_at <= @asOf AND (effective_due_at IS NULL OR closed_at <= effective_due_at)',
    closedLate: 'closed_at <= @asOf AND closed_at > effective_due_at',
    overdueOpen: '(closed_at IS NULL OR closed_at > @asOf) AND effective_due_at < @asOf',
    overdue: '((closed_at <= @asOf AND closed_at > effective_due_at) OR ((closed_at IS NULL OR closed_at > @asOf) AND effective_due_at < @asOf))',
    extended: 'extension_count > 0',
    reworked: 'rework_count > 0',
    returned: 'return_count > 0',
    returnedLate: 'late_return_count > 0',
    alerts: 'alert_count > 0',
    resultAsked: `visit_result IS NOT NULL AND ${v}`,
    resultSatisfied: `visit_result IN ('满意', '基本满意') AND ${v}`,
    unsatisfied: `visit_result = '不满意' AND ${v}`,
    resolvedAsked: `visit_resolved IS NOT NULL AND ${v}`,
    resolved: `visit_resolved = '已解决' AND ${v}`,
    unresolved: `visit_resolved = '未解决' AND ${v}`,
    processAsked: `visit_process IS NOT NULL AND ${v}`,
    processSatisfied: `visit_process IN ('满意', '基本满意') AND ${v}`,
    visitedOnTime: `visit_result IS NOT NULL AND ${v} AND closed_at <= @asOf AND (effective_due_at IS NULL OR closed_at <= effective_due_at)`,
  };
  const unitWhere = unitIds ? ' AND unit_id IN (SELECT value FROM json_each(@unitIds))' : '';
  const sql = `SELECT id FROM orders WHERE ${whereOf(q)}${unitWhere} AND (${conditions[figure]}) ORDER BY received_at, id`;
  const params: Record<string, string> = { ...paramsOf(q) };
  if (unitIds) params.unitIds = JSON.stringify(unitIds);
  return (prepared(db, sql).all(params) as { id: number }[]).map((r) => r.id);
}
