// 统计考评: one period's figures per unit, scored by a scheme, with the period's breakdowns and
// its comparison with the previous period (环比) and the same period a year earlier (同比).
import { AppError } from '../../../shared/result';
import { nowCst, parseCstInput } from '../../../shared/time';
import {
  BREAKDOWN_KEYS,
  FIGURE_KEYS,
  type BreakdownKey,
  type ComparedTotals,
  type FigureKey,
  type FigureSet,
  type PeriodInfo,
  type Scheme,
  type StatsQuery,
  type StatsResult,
} from '../../../shared/contract/stats';
import type { Db } from '../../ledger/open';
import { adjustmentSums } from './adjustments';
import { evaluateRows, totalCells, type UnitInfo, type UnitInput } from './evaluate';
import {
  breakdownCells,
  emptyRaw,
  figureSetOf,
  lateOrders,
  lateRemarksByUnit,
  rawFiguresWithMonths,
  comparedRawTotals,
  round2,
  sumRaw,
  type FigureQuery,
  type RawFigures,
} from './figures';
import { lastYearPeriod, monthsOf, parsePeriod, previousPeriod, type Period } from '../../../shared/period';
import { DEFAULT_SCHEME_ID, getScheme, parseScheme } from './schemes';

export function periodInfo(p: Period): PeriodInfo {
  return { from: p.firstDay, to: p.lastDay, label: p.label, text: p.text };
}

/** The as-of moment: given, or now; a bare date means the end of that day. */
export function asOfOf(raw: string | undefined): string {
  if (!raw) return nowCst();
  const t = raw.trim();
  const parsed = parseCstInput(t);
  if (!parsed) throw new AppError('validation', `截止时间“${raw}”不是有效的日期时间，应如 2025-03-06 18:00:00`);
  return /^\d{4}\D\d{1,2}\D\d{1,2}\D?$/.test(t) ? `${parsed.slice(0, 10)} 23:59:59` : parsed;
}

export function resolveScheme(db: Db, q: Pick<StatsQuery, 'schemeId' | 'scheme'>): Scheme {
  if (q.scheme !== undefined) return parseScheme(q.scheme);
  return getScheme(db, q.schemeId ?? DEFAULT_SCHEME_ID);
}

export function loadUnits(db: Db): Map<number, UnitInfo> {
  const rows = db
    .prepare(`SELECT u.id, u.name, u.kind, u.parent_id AS parentId, p.name AS parentName, u.sort_order AS sortOrder FROM units u LEFT JOIN units p ON p.id = u.parent_id`)
    .all() as UnitInfo[];
  return new Map(rows.map((u) => [u.id, u]));
}

export interface StatsContext {
  period: Period;
  asOf: string;
  scheme: Scheme;
  query: FigureQuery;
}

export function statsContext(db: Db, q: StatsQuery): StatsContext {
  const period = parsePeriod(q.period);
  const asOf = asOfOf(q.asOf);
  const scheme = resolveScheme(db, q);
  const channels = q.channels && q.channels.length ? q.channels : scheme.settings.channels;
  return {
    period,
    asOf,
    scheme,
    query: {
      from: period.from,
      to: period.to,
      asOf,
      channels: channels && channels.length ? channels : null,
      visitSource: scheme.settings.visitSource,
      basicSatisfiedWeight: scheme.settings.basicSatisfiedWeight,
    },
  };
}

/** Units printed under their parent (白水 劳动监察大队 under 人社局). */
function topUnitOf(units: Map<number, UnitInfo>, id: number): number {
  let at = id;
  for (let guard = 0; guard < 20; guard++) {
    const parent = units.get(at)?.parentId;
    if (parent == null || !units.has(parent)) return at;
    at = parent;
  }
  return at;
}

function share(count: number, total: number): number | null {
  return total > 0 ? round2((count / total) * 100) : null;
}

function breakdowns(db: Db, ctx: StatsContext, total: number, receivedByMonth: Map<string, number>): StatsResult['breakdowns'] {
  const counts: Record<Exclude<BreakdownKey, 'month'>, Map<string, number>> = {
    category: new Map(), appealType: new Map(), channel: new Map(), handling: new Map(),
  };
  for (const cell of breakdownCells(db, ctx.query)) {
    for (const key of BREAKDOWN_KEYS) {
      if (key === 'month') continue;
      const name = cell[key] ?? '未填写';
      counts[key].set(name, (counts[key].get(name) ?? 0) + cell.count);
    }
  }
  const out = {} as StatsResult['breakdowns'];
  for (const key of BREAKDOWN_KEYS) {
    if (key === 'month') {
      // Every month of the period, including the empty ones, so a trend line has no gaps.
      out.month = monthsOf(ctx.period).map((m) => ({ name: m, count: receivedByMonth.get(m) ?? 0, share: share(receivedByMonth.get(m) ?? 0, total) }));
    } else {
      out[key] = [...counts[key]]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
        .map(([name, count]) => ({ name, count, share: share(count, total) }));
    }
  }
  return out;
}

function comparison(db: Db, ctx: StatsContext, current: FigureSet, other: Period): StatsResult['compare']['previous'] {
  // Only what is compared is counted: a year's full figures cost as much again as this period's.
  const f = figureSetOf({ ...emptyRaw(), ...comparedRawTotals(db, { ...ctx.query, from: other.from, to: other.to }) }, ctx.query.basicSatisfiedWeight);
  const totals: ComparedTotals = {
    received: f.received, resultAsked: f.resultAsked, resultSatisfied: f.resultSatisfied, processAsked: f.processAsked,
    processSatisfied: f.processSatisfied, resultRate: f.resultRate, processRate: f.processRate,
  };
  const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : round2(a - b));
  return {
    period: periodInfo(other),
    totals,
    resultRateDelta: delta(current.resultRate, totals.resultRate),
    processRateDelta: delta(current.processRate, totals.processRate),
    receivedChange: totals.received > 0 ? round2(((current.received - totals.received) / totals.received) * 100) : null,
  };
}

/** 环比 and 同比; for a year they are the same period, counted once. */
function compareWith(db: Db, ctx: StatsContext, totals: FigureSet): StatsResult['compare'] {
  const previous = previousPeriod(ctx.period);
  const lastYear = lastYearPeriod(ctx.period);
  const p = comparison(db, ctx, totals, previous);
  return { previous: p, lastYear: lastYear.text === previous.text ? p : comparison(db, ctx, totals, lastYear) };
}

export interface ComputeOptions {
  /** Leave out breakdowns and comparisons (the settings page's preview). */
  tableOnly?: boolean;
}

export function computeStats(db: Db, q: StatsQuery, options: ComputeOptions = {}): StatsResult {
  const ctx = statsContext(db, q);
  const { scheme, query } = ctx;
  const weight = query.basicSatisfiedWeight;
  const units = loadUnits(db);
  const { byUnit: rawByUnit, receivedByMonth } = rawFiguresWithMonths(db, query);
  const adjustments = adjustmentSums(db, ctx.period);
  // A remark column names every late order of its unit (written in SQL); the rows list only what the caller asked for.
  const remarkTexts = new Map<string, Map<number, string>>();
  for (const c of scheme.columns) if ('remark' in c.value) remarkTexts.set(c.key, lateRemarksByUnit(db, query, c.value.remark));
  const lateByUnit = new Map<number, { orderNo: string; daysLate: number; open: boolean }[]>();
  for (const l of lateOrders(db, query, q.lateLimit ?? null)) {
    const list = lateByUnit.get(l.unitId) ?? [];
    list.push({ orderNo: l.orderNo, daysLate: l.daysLate, open: l.open });
    lateByUnit.set(l.unitId, list);
  }

  const withParent = scheme.settings.subUnits === 'withParent';
  // A row per unit with orders (or points) in the period; in withParent mode a parent also
  // prints when only its sub-units had orders, since it carries their score.
  const rowIds = new Set<number>();
  for (const id of rawByUnit.keys()) if (id !== null && units.has(id)) rowIds.add(id);
  for (const id of adjustments.keys()) if (units.has(id)) rowIds.add(id);
  if (withParent) for (const id of [...rowIds]) rowIds.add(topUnitOf(units, id));
  const kindFilter = q.kind;
  const inputs: UnitInput[] = [];
  const scoringRaw = new Map<number, RawFigures>();
  const scoringPoints = new Map<number, { bonus: number; penalty: number }>();
  for (const id of rowIds) {
    const top = withParent ? topUnitOf(units, id) : id;
    scoringRaw.set(top, sumRaw([scoringRaw.get(top) ?? emptyRaw(), rawByUnit.get(id) ?? emptyRaw()]));
    const p = scoringPoints.get(top) ?? { bonus: 0, penalty: 0 };
    const a = adjustments.get(id);
    scoringPoints.set(top, { bonus: p.bonus + (a?.bonus ?? 0), penalty: p.penalty + (a?.penalty ?? 0) });
  }
  for (const id of rowIds) {
    const unit = units.get(id)!;
    if (kindFilter && unit.kind !== kindFilter) continue;
    const isSubRow = withParent && topUnitOf(units, id) !== id;
    const figures = figureSetOf(rawByUnit.get(id) ?? emptyRaw(), weight);
    const points = adjustments.get(id) ?? { bonus: 0, penalty: 0 };
    const scoring = scoringPoints.get(id) ?? points;
    inputs.push({
      unit,
      figures,
      scoringFigures: isSubRow ? figures : figureSetOf(scoringRaw.get(id) ?? emptyRaw(), weight),
      bonus: points.bonus,
      penalty: points.penalty,
      scoringBonus: scoring.bonus,
      scoringPenalty: scoring.penalty,
      late: lateByUnit.get(id) ?? [],
      lateRemarks: new Map([...remarkTexts].flatMap(([key, byUnit]) => (byUnit.has(id) ? [[key, byUnit.get(id)!]] : []))),
      isSubRow,
    });
  }
  const evaluated = evaluateRows(scheme, inputs);

  const maxOf = (k: FigureKey) => evaluated.reduce((m, r) => Math.max(m, r[k]), 0);
  const groupKinds: ('town' | 'dept')[] = scheme.settings.groupByKind ? [...scheme.settings.groupOrder] : [];
  const groups: StatsResult['groups'] = [];
  for (const g of [...groupKinds, 'all' as const]) {
    const rows = evaluated.filter((r) => g === 'all' || r.kind === g);
    const figures = figureSetOf(sumRaw(rows.map((r) => rawByUnit.get(r.unitId) ?? emptyRaw())), weight);
    groups.push({
      kind: g,
      label: g === 'all' ? scheme.settings.totalLabel : scheme.settings.groupLabels[g],
      totals: figures,
      columns: totalCells(scheme, figures, rows.map((r) => r.values), maxOf),
    });
  }

  const totals = figureSetOf(sumRaw(rawByUnit.values()), weight);
  const rows = evaluated.map(({ values: _v, isSubRow: _s, sortOrder: _o, ...row }) => row);
  const result: StatsResult = {
    period: periodInfo(ctx.period),
    asOf: ctx.asOf,
    scheme: { id: scheme.id, name: scheme.name },
    columns: scheme.columns,
    settings: scheme.settings,
    channels: query.channels ? [...query.channels] : null,
    rows,
    groups,
    totals,
    breakdowns: options.tableOnly
      ? { category: [], appealType: [], channel: [], handling: [], month: [] }
      : breakdowns(db, ctx, totals.received, receivedByMonth),
    compare: compareWith(db, ctx, totals),
  };
  return result;
}

export { FIGURE_KEYS };
