// A scheme applied to the units' figures: each printed column's value, the score, the order of
// the rows and the rank. Pure: no SQL, so a scheme is tested on figures alone.
import type { ColumnCell, FigureKey, FigureSet, Scheme, SchemeColumn, StatsRow } from '../../../shared/contract/stats';
import { FIGURE_KEYS } from '../../../shared/contract/stats';
import { roundTo } from './figures';

export interface UnitInfo {
  id: number;
  name: string;
  kind: 'town' | 'dept';
  parentId: number | null;
  parentName: string | null;
  sortOrder: number;
}

export interface UnitInput {
  unit: UnitInfo;
  figures: FigureSet;
  /** Own figures plus those of the sub-units printed under it (withParent), for scoring. */
  scoringFigures: FigureSet;
  bonus: number;
  penalty: number;
  /** Bonus and penalty of the unit and its sub-units. */
  scoringBonus: number;
  scoringPenalty: number;
  late: { orderNo: string; daysLate: number; open: boolean }[];
  /** Per remark column (by key): the unit's late orders named by its templates, one per line; absent when it has none. */
  lateRemarks: ReadonlyMap<string, string>;
  /** A sub-unit printed under its parent: it keeps its count rows but has no score. */
  isSubRow: boolean;
}

type Value = number | string | null;

const isFigure = (k: string): k is FigureKey => (FIGURE_KEYS as readonly string[]).includes(k);

function operandValue(op: FigureKey | { max: FigureKey } | { const: number }, f: FigureSet, maxOf: (k: FigureKey) => number): number {
  if (typeof op === 'string') return f[op];
  if ('max' in op) return maxOf(op.max);
  return op.const;
}

/** Scoring kinds of value: on a sub-unit printed under its parent they stay empty. */
function isScoring(c: SchemeColumn): boolean {
  return 'ratio' in c.value || 'deduct' in c.value || 'sum' in c.value || 'bonusPenalty' in c.value;
}

/** The unrounded values of every column for one row. */
function columnValues(scheme: Scheme, input: UnitInput, maxOf: (k: FigureKey) => number): Map<string, Value> {
  const values = new Map<string, Value>();
  const pending: SchemeColumn[] = [];
  for (const c of scheme.columns) {
    const v = c.value;
    const f = isScoring(c) ? input.scoringFigures : input.figures;
    if (input.isSubRow && isScoring(c)) { values.set(c.key, null); continue; }
    if ('figure' in v) values.set(c.key, f[v.figure]);
    else if ('ratio' in v) {
      const den = operandValue(v.ratio[1], f, maxOf);
      values.set(c.key, den === 0 ? v.whenZero : (v.scale * operandValue(v.ratio[0], f, maxOf)) / den);
    } else if ('max' in v) values.set(c.key, maxOf(v.max));
    else if ('deduct' in v) {
      const { figure, full, per, floor } = v.deduct;
      values.set(c.key, Math.max(floor, full - (per ?? full) * f[figure]));
    } else if ('bonus' in v) values.set(c.key, input.bonus);
    else if ('penalty' in v) values.set(c.key, input.penalty);
    else if ('bonusPenalty' in v) {
      const raw = v.bonusPenalty.base + input.scoringBonus - input.scoringPenalty;
      values.set(c.key, v.bonusPenalty.cap == null ? raw : Math.min(v.bonusPenalty.cap, raw));
    } else if ('remark' in v) {
      values.set(c.key, input.lateRemarks.get(c.key) ?? (input.figures.resultAsked > 0 ? v.remark.visited : ''));
    } else pending.push(c);
  }
  // Sums last: they add the other columns' unrounded values (rounding each part first gives 96.79, not 96.80).
  for (const c of pending) {
    if (!('sum' in c.value)) continue;
    if (input.isSubRow) { values.set(c.key, null); continue; }
    let total = 0;
    for (const k of c.value.sum) {
      const part = values.get(k);
      total += typeof part === 'number' ? part : 0;
    }
    values.set(c.key, total);
  }
  return values;
}

/** A column's value as printed data: rounded to its decimals. */
export function cellValue(c: SchemeColumn, v: Value): Value {
  if (typeof v !== 'number') return v;
  return roundTo(v, c.format === 'int' ? 2 : c.decimals);
}

export function cellsOf(scheme: Scheme, values: Map<string, Value>): ColumnCell[] {
  return scheme.columns.map((c) => ({ key: c.key, label: c.label, value: cellValue(c, values.get(c.key) ?? null) }));
}

/** How a total row computes a column when the scheme does not say. */
export function totalModeOf(c: SchemeColumn): 'sum' | 'recompute' | 'none' {
  if (c.total) return c.total;
  return 'figure' in c.value || 'ratio' in c.value ? 'recompute' : 'none';
}

/** The cells of a total row: the figures summed over the rows, ratios recomputed from the sums. */
export function totalCells(scheme: Scheme, figures: FigureSet, rowValues: Map<string, Value>[], maxOf: (k: FigureKey) => number): ColumnCell[] {
  return scheme.columns.map((c) => {
    const mode = totalModeOf(c);
    let v: Value = null;
    if (mode === 'sum') v = rowValues.reduce((s, r) => s + (typeof r.get(c.key) === 'number' ? (r.get(c.key) as number) : 0), 0);
    else if (mode === 'recompute') {
      if ('figure' in c.value) v = figures[c.value.figure];
      else if ('ratio' in c.value) {
        const den = operandValue(c.value.ratio[1], figures, maxOf);
        v = den === 0 ? c.value.whenZero : (c.value.scale * operandValue(c.value.ratio[0], figures, maxOf)) / den;
      }
    }
    return { key: c.key, label: c.label, value: cellValue(c, v) };
  });
}

export interface EvaluatedRow extends StatsRow {
  /** Unrounded column values, for sorting and totals. */
  values: Map<string, Value>;
  isSubRow: boolean;
  sortOrder: number;
}

function sortValue(row: EvaluatedRow, key: string): number | null {
  const v = row.values.get(key);
  if (typeof v === 'number') return v;
  if (key === 'score') return row.score;
  if (isFigure(key)) return row[key];
  const r = (row as unknown as Record<string, unknown>)[key];
  return typeof r === 'number' ? r : null;
}

function compareRows(scheme: Scheme) {
  return (a: EvaluatedRow, b: EvaluatedRow): number => {
    for (const s of scheme.settings.sort) {
      const x = sortValue(a, s.key);
      const y = sortValue(b, s.key);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return s.dir === 'desc' ? y - x : x - y;
    }
    return a.sortOrder - b.sortOrder || a.unit.localeCompare(b.unit, 'zh-CN');
  };
}

/**
 * Rows in print order: per group (if the scheme groups 镇街/部门), sorted by the scheme's keys
 * with the directory order breaking ties; sub-units printed under their parent follow it.
 * Rank is the position among the scored rows of the group.
 */
export function evaluateRows(scheme: Scheme, inputs: UnitInput[]): EvaluatedRow[] {
  const maxCache = new Map<FigureKey, number>();
  const maxOf = (k: FigureKey) => {
    let m = maxCache.get(k);
    if (m === undefined) maxCache.set(k, (m = inputs.reduce((acc, i) => Math.max(acc, i.figures[k]), 0)));
    return m;
  };
  const scoreKey = scheme.settings.scoreColumn;
  const scoreColumn = scoreKey ? scheme.columns.find((c) => c.key === scoreKey) : undefined;
  const rows: EvaluatedRow[] = inputs.map((i) => {
    const values = columnValues(scheme, i, maxOf);
    const rawScore = scoreColumn ? values.get(scoreColumn.key) : null;
    return {
      ...i.figures,
      unitId: i.unit.id,
      unit: i.unit.name,
      kind: i.unit.kind,
      parent: i.unit.parentName,
      bonus: roundTo(i.bonus, 2),
      penalty: roundTo(i.penalty, 2),
      score: typeof rawScore === 'number' && scoreColumn ? roundTo(rawScore, scoreColumn.decimals) : null,
      rank: null,
      columns: cellsOf(scheme, values),
      late: i.late,
      values,
      isSubRow: i.isSubRow,
      sortOrder: i.unit.sortOrder,
    };
  });
  const groups: ('town' | 'dept' | 'all')[] = scheme.settings.groupByKind ? [...scheme.settings.groupOrder] : ['all'];
  const ordered: EvaluatedRow[] = [];
  const compare = compareRows(scheme);
  for (const g of groups) {
    const inGroup = rows.filter((r) => g === 'all' || r.kind === g);
    const top = inGroup.filter((r) => !r.isSubRow).sort(compare);
    const subs = inGroup.filter((r) => r.isSubRow).sort((a, b) => a.sortOrder - b.sortOrder);
    let rank = 0;
    for (const r of top) {
      r.rank = ++rank;
      ordered.push(r);
      for (const s of subs) if (s.parent === r.unit) ordered.push(s);
    }
    // A sub-unit whose parent has no orders in the period still prints.
    for (const s of subs) if (!ordered.includes(s)) ordered.push(s);
  }
  return ordered;
}

export type { Value as CellValue };
