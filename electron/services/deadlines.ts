// Derived deadline fields of each order, stored in its row for the board and the statistics:
// the rule due time on the working-day calendar, the latest extension or rework, the effective
// due time, on-time flags, days late, the counts of its life events, and its status.
//
// recomputeDeadlines derives the orders with life events in JS (deriveRow), the rest (nearly all)
// in one SQL pass over due times the calendar gives per kind of limit and day of receipt, and
// writes only the rows whose values change.
import { AppError } from '../../shared/result';
import { statusOf } from '../../shared/status';
import { addDays, epochMsFromCst, parseCstInput } from '../../shared/time';
import type { OrderDeadline, TimeLimit, TimeLimitRule } from '../../shared/contract/deadlines';
import { appendAudit, type Actor } from '../ledger/audit';
import { readSetting } from '../ledger/settings';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../ledger/open';
import { calendarOf, type WorkCalendar } from './calendar';
import { dueAtFor, parseTimeLimit, readTimeLimits, ruleLimitFor } from './timeLimits';

export const RECOMPUTE_NEEDED_KEY = 'deadlines.recomputeNeeded';

/** Orders handled on the spot or sent to another county have no deadline of ours. */
const NOT_DISPATCHED = new Set(['直接答复', '转外地']);

/** The events that feed derived fields, in the order they happened. */
const DERIVING_EVENT_TYPES = ['sign', 'return', 'extension_approved', 'alert', 'rework'] as const;

interface EventSummary {
  extensionCount: number;
  reworkCount: number;
  returnCount: number;
  lateReturnCount: number;
  alertCount: number;
  /** newDueAt of the latest approved extension. */
  extendedDueAt: string | null;
  /** The latest event that replaced the due time. */
  lastReplacement: { type: 'extension_approved' | 'rework'; at: string; explicitDueAt: string | null } | null;
  lastReturn: { at: string; unitId: number | null } | null;
  lastSignAt: string | null;
}

function emptySummary(): EventSummary {
  return {
    extensionCount: 0, reworkCount: 0, returnCount: 0, lateReturnCount: 0, alertCount: 0,
    extendedDueAt: null, lastReplacement: null, lastReturn: null, lastSignAt: null,
  };
}

function parseData(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function addEvent(s: EventSummary, type: string, at: string, dataText: string | null): void {
  switch (type) {
    case 'sign':
      s.lastSignAt = at;
      break;
    case 'return': {
      const d = parseData(dataText);
      s.returnCount++;
      if (d.late === true) s.lateReturnCount++;
      s.lastReturn = { at, unitId: typeof d.unitId === 'number' ? d.unitId : null };
      break;
    }
    case 'extension_approved': {
      const due = str(parseData(dataText).newDueAt);
      s.extensionCount++;
      if (due) {
        s.extendedDueAt = due;
        s.lastReplacement = { type: 'extension_approved', at, explicitDueAt: due };
      }
      break;
    }
    case 'alert':
      s.alertCount++;
      break;
    case 'rework':
      s.reworkCount++;
      s.lastReplacement = { type: 'rework', at, explicitDueAt: str(parseData(dataText).newDueAt) };
      break;
  }
}

/** What the computation needs besides the order: the calendar and the rules, with memo tables. */
export class DeadlineRules {
  private readonly limitByText = new Map<string, TimeLimit | null>();
  private readonly limitByRule = new Map<string, TimeLimit | null>();
  private readonly dueByDay = new Map<string, string>();

  constructor(readonly calendar: WorkCalendar, readonly rules: readonly TimeLimitRule[]) {}

  static of(db: Db): DeadlineRules {
    return new DeadlineRules(calendarOf(db), readTimeLimits(db).rules);
  }

  limitFor(timeLimit: string | null, appealType: string | null, urgency: string | null): TimeLimit | null {
    if (timeLimit) {
      let own = this.limitByText.get(timeLimit);
      if (own === undefined) this.limitByText.set(timeLimit, (own = parseTimeLimit(timeLimit)));
      if (own) return own;
    }
    const key = `${appealType ?? ''}\u0001${urgency ?? ''}`;
    let limit = this.limitByRule.get(key);
    if (limit === undefined) this.limitByRule.set(key, (limit = ruleLimitFor(this.rules, appealType, urgency)));
    return limit;
  }

  /** Due time of a limit from a moment; day-based results are memoised by day (most orders share days). */
  dueAt(limit: TimeLimit, from: string): string {
    if (limit.unit === 'hours') return dueAtFor(limit, from, this.calendar);
    const key = `${limit.unit}${limit.amount}|${from.slice(0, 10)}`;
    let due = this.dueByDay.get(key);
    if (due === undefined) this.dueByDay.set(key, (due = dueAtFor(limit, from, this.calendar)));
    return due;
  }

  /** A warning when a working-day count ran through a year no holiday notice covers. */
  warningFor(limit: TimeLimit, from: string, due: string): string | null {
    if (limit.unit !== 'workdays') return null;
    const years = this.calendar.uncoveredYears(from.slice(0, 10), due.slice(0, 10));
    return years.length ? `工作日历未包含 ${years.join('、')} 年节假日安排，截止时间按周一至周五推算，可能有误` : null;
  }
}

/** The columns an order's derivation reads, in this order. */
const INPUT_COLUMNS = ['id', 'received_at', 'time_limit', 'appeal_type', 'urgency', 'handling', 'unit_id', 'due_at', 'signed_at', 'replied_at', 'closed_at'] as const;
/** The columns it writes, in this order (also read, to skip rows that do not change). */
export const DERIVED_COLUMNS = [
  'rule_due_at', 'extended_due_at', 'rework_due_at', 'effective_due_at', 'days_late', 'replied_on_time', 'closed_on_time',
  'due_warning', 'extension_count', 'rework_count', 'return_count', 'late_return_count', 'alert_count', 'status',
] as const;
const N_IN = INPUT_COLUMNS.length;
const N_OUT = DERIVED_COLUMNS.length;

type Cell = string | number | null;

/**
 * A due time or a moment as the clerk typed it, read as CST; a bare date ('2024-03-08', '3月8日'
 * with a year) means the end of that day, as due times do. Null when it is not a time.
 */
export function parseEndOfDayInput(raw: string): string | null {
  const t = parseCstInput(raw);
  if (!t) return null;
  return /^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$/.test(raw.trim()) ? `${t.slice(0, 10)} 23:59:59` : t;
}

/** Days late: started 24-hour periods from the due time to the moment (ceil); 0 when not late. */
export function daysLateBetween(dueAt: string, at: string): number {
  const ms = epochMsFromCst(at) - epochMsFromCst(dueAt);
  return ms > 0 ? Math.ceil(ms / 86_400_000) : 0;
}

/** The derived values of one order row (INPUT_COLUMNS then DERIVED_COLUMNS), in DERIVED_COLUMNS order. */
function deriveRow(row: readonly Cell[], s: EventSummary | undefined, rules: DeadlineRules): Cell[] {
  const receivedAt = row[1] as string;
  const timeLimit = row[2] as string | null;
  const handling = row[5] as string | null;
  const unitId = row[6] as number | null;
  const dueAt = row[7] as string | null;
  const signedAt = row[8] as string | null;
  const repliedAt = row[9] as string | null;
  const closedAt = row[10] as string | null;
  const ev = s ?? emptySummary();

  const dispatched = !NOT_DISPATCHED.has(handling ?? '');
  const limit = dispatched ? rules.limitFor(timeLimit, row[3] as string | null, row[4] as string | null) : null;
  const ruleDueAt = limit ? rules.dueAt(limit, receivedAt) : null;
  // An order without events keeps an extension an import wrote; events, when there are any, decide.
  const extendedDueAt = ev.extensionCount > 0 ? ev.extendedDueAt : (row[N_IN + 1] as string | null);
  const last = ev.lastReplacement;
  let reworkDueAt: string | null = null;
  let effective: string | null;
  let warning: string | null = null;
  if (last?.type === 'rework') {
    // A rework reopens the order with a new limit from the rework time (or the due time given).
    reworkDueAt = last.explicitDueAt ?? (limit ? rules.dueAt(limit, last.at) : null);
    if (!last.explicitDueAt && limit && reworkDueAt) warning = rules.warningFor(limit, last.at, reworkDueAt);
    effective = reworkDueAt ?? extendedDueAt ?? dueAt ?? ruleDueAt;
  } else {
    effective = extendedDueAt ?? dueAt ?? ruleDueAt;
    if (limit && ruleDueAt && effective === ruleDueAt && extendedDueAt === null && dueAt === null) warning = rules.warningFor(limit, receivedAt, ruleDueAt);
  }

  const daysLate = closedAt && effective && closedAt > effective ? daysLateBetween(effective, closedAt) : null;
  const repliedOnTime = repliedAt && effective ? (repliedAt <= effective ? 1 : 0) : null;
  const closedOnTime = closedAt && effective ? (closedAt <= effective ? 1 : 0) : null;

  const lastReturn = ev.lastReturn;
  const returned = !!lastReturn
    && (lastReturn.unitId === null || lastReturn.unitId === unitId)
    && !(ev.lastSignAt && ev.lastSignAt >= lastReturn.at)
    && !(signedAt && signedAt > lastReturn.at);
  const reworking = ev.reworkCount > 0 || Number(row[N_IN + 9] ?? 0) > 0;
  const status = statusOf({ handling, signedAt, repliedAt, closedAt, returned, reworking });

  return [
    ruleDueAt, extendedDueAt, reworkDueAt, effective, daysLate, repliedOnTime, closedOnTime, warning,
    countOf(row, 8, ev.extensionCount), countOf(row, 9, ev.reworkCount), countOf(row, 10, ev.returnCount),
    countOf(row, 11, ev.lateReturnCount), countOf(row, 12, ev.alertCount),
    status,
  ];
}

/** A life-event count: the stored one (an import may have written it) or the events', whichever is larger. */
function countOf(row: readonly Cell[], i: number, fromEvents: number): number {
  return Math.max(Number(row[N_IN + i] ?? 0), fromEvents);
}

/** What deriveNewOrder reads of a new order (the fields of NewOrder it depends on). */
export interface NewOrderDeadlineInputs {
  receivedAt: string;
  appealType?: string | number | null;
  urgency?: string | number | null;
  handling?: string | number | null;
  unitId?: string | number | null;
  dueAt?: string | number | null;
  signedAt?: string | number | null;
  repliedAt?: string | number | null;
  closedAt?: string | number | null;
}

/** One input row reused by deriveNewOrder: a bulk insert derives a million orders. */
const newOrderRow: Cell[] = [0, ...INPUT_COLUMNS.slice(1).map(() => null), ...DERIVED_COLUMNS.map(() => null)];

/**
 * The derived deadline fields of an order about to be inserted (no life events, no stored
 * values yet), in DERIVED_COLUMNS order: what recomputeDeadlines would store for it, computed
 * in the insert itself so that inserting is one pass over the rows.
 */
export function deriveNewOrder(o: NewOrderDeadlineInputs, rules: DeadlineRules): Cell[] {
  const row = newOrderRow;
  row[1] = o.receivedAt;
  row[3] = o.appealType ?? null;
  row[4] = o.urgency ?? null;
  row[5] = o.handling ?? null;
  row[6] = o.unitId ?? null;
  row[7] = o.dueAt ?? null;
  row[8] = o.signedAt ?? null;
  row[9] = o.repliedAt ?? null;
  row[10] = o.closedAt ?? null;
  return deriveRow(row, undefined, rules);
}

export interface RecomputeOptions {
  /** Only these orders; all orders when omitted. */
  orderIds?: readonly number[];
  /** Why (for the audit log): '时限规则修改', '节假日修改' …; no audit entry when omitted and orderIds given. */
  reason?: string;
}

export interface RecomputeResult {
  scanned: number;
  changed: number;
}

const CHUNK = 20_000;

/**
 * Collects the derived values that changed and writes them a chunk at a time: one UPDATE … FROM
 * json_each per set of changed columns (a handful occur in practice), so a million orders are not
 * a million calls into SQLite. Only the changed columns are named in SET: SQLite updates an index
 * for every indexed column named there, changed or not, so naming status or effective_due_at
 * needlessly would rewrite their index entries for every order.
 */
class ChangedColumnsWriter {
  private readonly statements = new Map<number, Statement<[string]>>();
  private readonly pending = new Map<number, Cell[][]>();

  constructor(private readonly db: Db) {}

  add(mask: number, values: readonly Cell[], id: number): void {
    const row: Cell[] = [id];
    for (let i = 0; i < N_OUT; i++) if (mask & (1 << i)) row.push(values[i]);
    let rows = this.pending.get(mask);
    if (!rows) this.pending.set(mask, (rows = []));
    rows.push(row);
  }

  flush(): void {
    for (const [mask, rows] of this.pending) {
      let statement = this.statements.get(mask);
      if (!statement) {
        const sets = DERIVED_COLUMNS.filter((_, i) => mask & (1 << i)).map((c, k) => `${c} = j.value ->> ${k + 1}`).join(', ');
        statement = this.db.prepare<[string]>(`UPDATE orders AS o SET ${sets} FROM json_each(?) AS j WHERE o.id = j.value ->> 0`);
        this.statements.set(mask, statement);
      }
      statement.run(JSON.stringify(rows));
    }
    this.pending.clear();
  }
}

/**
 * Recomputes the derived deadline fields of all orders (or of `orderIds`) in one transaction:
 * the caller's when it has one (every write through the dispatcher does), else its own.
 * Explicit due times (due_at) are never changed. A full recompute, or one with a reason, appends
 * one audit entry saying how many orders changed.
 */
export function recomputeDeadlines(db: Db, actor: Actor, options: RecomputeOptions = {}): RecomputeResult {
  const rules = DeadlineRules.of(db);
  const select = `SELECT ${[...INPUT_COLUMNS, ...DERIVED_COLUMNS].join(', ')} FROM orders`;
  const eventsSelect = `SELECT order_id, type, at, data FROM order_events WHERE type IN (${DERIVING_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;
  const writer = new ChangedColumnsWriter(db);

  const run = (rows: Cell[][], events: [number, string, string, string | null][], result: RecomputeResult) => {
    const summaries = new Map<number, EventSummary>();
    // The query returns events in time order (then id): the latest extension or rework is the last one seen.
    for (const [orderId, type, at, data] of events) {
      let s = summaries.get(orderId);
      if (!s) summaries.set(orderId, (s = emptySummary()));
      addEvent(s, type, at, data);
    }
    for (const row of rows) {
      result.scanned++;
      const next = deriveRow(row, summaries.get(row[0] as number), rules);
      let mask = 0;
      for (let i = 0; i < N_OUT; i++) if (next[i] !== row[N_IN + i]) mask |= 1 << i;
      if (mask === 0) continue;
      writer.add(mask, next, row[0] as number);
      result.changed++;
    }
    writer.flush();
  };

  const recompute = (): RecomputeResult => {
    const result: RecomputeResult = { scanned: 0, changed: 0 };
    if (options.orderIds) {
      const ids = [...new Set(options.orderIds)];
      const rowsOf = db.prepare(`${select} WHERE id IN (SELECT value FROM json_each(?))`).raw();
      const eventsOf = db.prepare(`${eventsSelect} AND order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, at, id`).raw();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const json = JSON.stringify(ids.slice(i, i + CHUNK));
        run(rowsOf.all(json) as Cell[][], eventsOf.all(json) as never, result);
      }
    } else {
      // Orders with life events go through deriveRow; the rest (nearly all) through one SQL pass.
      const eventOrders = db.prepare(`SELECT DISTINCT order_id FROM order_events WHERE type IN (${DERIVING_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`).pluck().all() as number[];
      recomputeWithoutEventsInSql(db, rules, eventOrders, result);
      const rowsOf = db.prepare(`${select} WHERE id IN (SELECT value FROM json_each(?))`).raw();
      const eventsOf = db.prepare(`${eventsSelect} AND order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, at, id`).raw();
      for (let i = 0; i < eventOrders.length; i += CHUNK) {
        const json = JSON.stringify(eventOrders.slice(i, i + CHUNK));
        run(rowsOf.all(json) as Cell[][], eventsOf.all(json) as never, result);
      }
      db.prepare(`DELETE FROM settings WHERE key = ?`).run(RECOMPUTE_NEEDED_KEY);
    }
    if (options.reason || !options.orderIds) {
      appendAudit(db, actor, [{
        action: 'deadlines.recompute', entity: 'settings', entityId: null, field: 'deadlines',
        newValue: `${options.reason ?? '重新计算'}：重新计算 ${result.scanned} 件工单的截止时间，${result.changed} 件有变化（明确填写的截止时间不变）`,
      }]);
    }
    return result;
  };
  // Inside a caller's transaction no savepoint of its own: a savepoint copies every page it first
  // changes into the statement journal so that it could be rolled back alone, a second copy of the
  // whole ledger when every due time moves (1.5 s of 9 at a million orders). Nothing here
  // catches an error, so one thrown mid-way rolls back the caller's whole transaction with it.
  return db.inTransaction ? recompute() : db.transaction(recompute)();
}

/**
 * Derived columns held by indexes over (nearly) every order: status (the ledger's filters) and the
 * on-time flags (the statistics' packs, migration 013; orders_closed_span), and effective_due_at
 * (the open and late-candidate orders' indexes). An UPDATE that names one rewrites its index
 * entries whether the value changed or not, so each is named only for the orders where it changed
 * (a new rule moves due times, but flips the on-time flags of about one order in a hundred).
 */
const INDEXED_DERIVED = [
  // [column, its new value in the SQL pass's derivation]
  ['effective_due_at', 'n_eff'], ['status', 'n_status'], ['closed_on_time', 'n_cot'], ['replied_on_time', 'n_rot'],
] as const;
/** indexed_changes of a changed order: bit b set when INDEXED_DERIVED[b] changes. */
const INDEXED_CHANGES = INDEXED_DERIVED.map(([column, derived], b) => `${1 << b} * (${derived} IS NOT ${column})`).join(' + ');

/**
 * The derivation of deriveRow, for the orders without life events, as SQL over the whole ledger:
 * JS computes what needs the calendar once per kind of limit and day of receipt (a few thousand
 * rows in temp tables), SQL does the rest per order and writes only the orders that changed, one UPDATE
 * per set of changed indexed columns so that unchanged ones (INDEXED_DERIVED) are not named.
 * test/unit/deadlinesSql.test.ts holds both paths to the same results.
 */
function recomputeWithoutEventsInSql(db: Db, rules: DeadlineRules, eventOrders: readonly number[], result: RecomputeResult): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS deadline_event_orders (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS deadline_limits (time_limit TEXT, appeal_type TEXT, urgency TEXT, unit TEXT, amount INTEGER);
    CREATE TEMP TABLE IF NOT EXISTS deadline_days (unit TEXT, amount INTEGER, day TEXT, due TEXT, warning TEXT, PRIMARY KEY (unit, amount, day)) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS deadline_changed_by_kind (indexed_changes INTEGER, id INTEGER, rule_due_at TEXT, effective_due_at TEXT,
      days_late INTEGER, replied_on_time INTEGER, closed_on_time INTEGER, due_warning TEXT, status TEXT, PRIMARY KEY (indexed_changes, id)) WITHOUT ROWID;
    DELETE FROM deadline_event_orders; DELETE FROM deadline_limits; DELETE FROM deadline_days; DELETE FROM deadline_changed_by_kind;
  `);
  const insertId = db.prepare(`INSERT INTO deadline_event_orders (id) VALUES (?)`);
  for (const id of eventOrders) insertId.run(id);

  // Each kind of limit in the ledger, and each day it may start on.
  const classes = db.prepare(`SELECT DISTINCT time_limit, appeal_type, urgency FROM orders`).raw().all() as [string | null, string | null, string | null][];
  const insertLimit = db.prepare(`INSERT INTO deadline_limits VALUES (?, ?, ?, ?, ?)`);
  const dayLimits = new Map<string, TimeLimit>();
  for (const [timeLimit, appealType, urgency] of classes) {
    const limit = rules.limitFor(timeLimit, appealType, urgency);
    insertLimit.run(timeLimit, appealType, urgency, limit?.unit ?? null, limit?.amount ?? null);
    if (limit && limit.unit !== 'hours') dayLimits.set(`${limit.unit}${limit.amount}`, limit);
  }
  db.exec(`CREATE INDEX IF NOT EXISTS temp.deadline_limits_key ON deadline_limits (time_limit, appeal_type, urgency)`);
  // Two subqueries, so each is one step along orders_by_received rather than a scan of the table.
  const span = db.prepare(`SELECT substr((SELECT min(received_at) FROM orders WHERE deleted IN (0, 1)), 1, 10) AS first,
    substr((SELECT max(received_at) FROM orders WHERE deleted IN (0, 1)), 1, 10) AS last`).get() as { first: string | null; last: string | null };
  if (span.first && span.last) {
    const insertDay = db.prepare(`INSERT INTO deadline_days VALUES (?, ?, ?, ?, ?)`);
    for (const limit of dayLimits.values()) {
      for (let day = span.first; day <= span.last; day = addDays(day, 1)) {
        const due = rules.dueAt(limit, `${day} 00:00:00`);
        insertDay.run(limit.unit, limit.amount, day, due, rules.warningFor(limit, `${day} 00:00:00`, due));
      }
    }
  }

  // New values beside the stored ones, layer by layer as deriveRow computes them; only the orders
  // where something differs are kept.
  db.exec(`
    INSERT INTO deadline_changed_by_kind (id, rule_due_at, effective_due_at, days_late, replied_on_time, closed_on_time, due_warning, status, indexed_changes)
    SELECT id, n_rule, n_eff, n_late, n_rot, n_cot, n_warn, n_status, ${INDEXED_CHANGES} FROM (
      SELECT *,
        CASE WHEN closed_at IS NOT NULL AND n_eff IS NOT NULL AND closed_at > n_eff
          THEN (CAST(strftime('%s', closed_at) AS INTEGER) - CAST(strftime('%s', n_eff) AS INTEGER) + 86399) / 86400 END AS n_late,
        CASE WHEN replied_at IS NOT NULL AND n_eff IS NOT NULL THEN replied_at <= n_eff END AS n_rot,
        CASE WHEN closed_at IS NOT NULL AND n_eff IS NOT NULL THEN closed_at <= n_eff END AS n_cot
      FROM (
        SELECT *,
          coalesce(extended_due_at, due_at, n_rule) AS n_eff,
          CASE WHEN n_rule IS NOT NULL AND extended_due_at IS NULL AND due_at IS NULL THEN n_warn0 END AS n_warn,
          CASE WHEN handling = '直接答复' THEN '直接办结' WHEN handling = '转外地' THEN '转外地'
            WHEN closed_at IS NOT NULL THEN '已办结' WHEN replied_at IS NOT NULL THEN '已回复'
            WHEN rework_count > 0 THEN '重办中' WHEN signed_at IS NOT NULL THEN '办理中' ELSE '待签收' END AS n_status
        FROM (
          SELECT o.id, o.handling, o.due_at, o.extended_due_at, o.signed_at, o.replied_at, o.closed_at, o.rework_count,
            o.rule_due_at, o.rework_due_at, o.effective_due_at, o.days_late, o.replied_on_time, o.closed_on_time, o.due_warning, o.status,
            CASE WHEN o.handling IN ('直接答复', '转外地') OR l.unit IS NULL THEN NULL
              WHEN l.unit = 'hours' THEN strftime('%Y-%m-%d %H:%M:%S', o.received_at, '+' || l.amount || ' hours')
              ELSE d.due END AS n_rule,
            CASE WHEN o.handling IN ('直接答复', '转外地') THEN NULL ELSE d.warning END AS n_warn0
          FROM orders o
          LEFT JOIN deadline_limits l ON l.time_limit IS o.time_limit AND l.appeal_type IS o.appeal_type AND l.urgency IS o.urgency
          LEFT JOIN deadline_days d ON d.unit = l.unit AND d.amount = l.amount AND d.day = substr(o.received_at, 1, 10)
          WHERE o.id NOT IN (SELECT id FROM deadline_event_orders)
          -- LIMIT -1 keeps SQLite from flattening this layer into the ones above: flattened, each
          -- of the ten uses of n_eff repeats n_rule's CASE; as it is, each order's n_rule is
          -- computed once (0.7 s of 3.5 for this statement at a million orders).
          LIMIT -1
        )
      )
    )
    WHERE n_rule IS NOT rule_due_at OR rework_due_at IS NOT NULL OR n_eff IS NOT effective_due_at OR n_warn IS NOT due_warning
      OR n_status IS NOT status OR n_late IS NOT days_late OR n_rot IS NOT replied_on_time OR n_cot IS NOT closed_on_time;
  `);
  // Each changed order is rewritten once, by the statement that names exactly its changed indexed
  // columns (bit b of indexed_changes: INDEXED_DERIVED[b] changed).
  // Only the kinds that occur (a handful of the sixteen) get a statement.
  const plain = `rule_due_at = c.rule_due_at, rework_due_at = NULL, days_late = c.days_late, due_warning = c.due_warning`;
  const kinds = db.prepare(`SELECT indexed_changes, count(*) FROM deadline_changed_by_kind GROUP BY indexed_changes`).raw().all() as [number, number][];
  for (const [kind, count] of kinds) {
    const named = INDEXED_DERIVED.filter((_, b) => kind & (1 << b)).map(([column]) => `, ${column} = c.${column}`).join('');
    db.prepare(`UPDATE orders SET ${plain}${named} FROM deadline_changed_by_kind c WHERE c.indexed_changes = ? AND orders.id = c.id`).run(kind);
    result.changed += count;
  }
  result.scanned += (db.prepare(`SELECT count(*) FROM orders`).pluck().get() as number) - eventOrders.length;
  db.exec(`DELETE FROM deadline_event_orders; DELETE FROM deadline_limits; DELETE FROM deadline_days; DELETE FROM deadline_changed_by_kind;`);
}

/** True when the ledger was upgraded and derived due times have not been computed yet. */
export function recomputeNeeded(db: Db): boolean {
  return readSetting(db, RECOMPUTE_NEEDED_KEY) !== null;
}

/** Runs the pending full recompute of an upgraded ledger, inside the caller's transaction. */
export function recomputeIfNeeded(db: Db, actor: Actor): void {
  if (recomputeNeeded(db)) recomputeDeadlines(db, actor, { reason: '台账升级后首次计算' });
}

interface DeadlineRow {
  time_limit: string | null; rule_due_at: string | null; extended_due_at: string | null; rework_due_at: string | null;
  effective_due_at: string | null; days_late: number | null; replied_on_time: number | null; closed_on_time: number | null;
  due_warning: string | null; extension_count: number; rework_count: number; return_count: number; late_return_count: number;
  alert_count: number; visit_source: 'county' | 'city' | null;
}

export function orderDeadlineOf(db: Db, id: number): OrderDeadline {
  const r = db.prepare(`SELECT time_limit, rule_due_at, extended_due_at, rework_due_at, effective_due_at, days_late, replied_on_time,
    closed_on_time, due_warning, extension_count, rework_count, return_count, late_return_count, alert_count, visit_source
    FROM orders WHERE id = ?`).get(id) as DeadlineRow | undefined;
  if (!r) throw new AppError('not_found', `工单不存在（编号 ${id}）`);
  const flag = (v: number | null) => (v === null ? null : v === 1);
  return {
    timeLimit: r.time_limit, ruleDueAt: r.rule_due_at, extendedDueAt: r.extended_due_at, reworkDueAt: r.rework_due_at,
    effectiveDueAt: r.effective_due_at, daysLate: r.days_late, repliedOnTime: flag(r.replied_on_time), closedOnTime: flag(r.closed_on_time),
    dueWarning: r.due_warning, extensionCount: r.extension_count, reworkCount: r.rework_count, returnCount: r.return_count,
    lateReturnCount: r.late_return_count, alertCount: r.alert_count, visitSource: r.visit_source,
  };
}
