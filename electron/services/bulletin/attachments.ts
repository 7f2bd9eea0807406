// The attachment tables (附件1, 附件2 …) from the scheme's printed columns, in the samples'
// layout: 镇街 and 部门 groups, sub-units under their parent, totals, 备注 naming late orders.
import type { AttachmentTable, TableColumn } from '../../../shared/bulletin/model';
import { BASE_FIGURE_KEYS, percentText, ratePercent, type BaseFigures, type StatsColumn, type StatsReport, type StatsRow } from './figures';
import { textEm } from './measure';

/** What each rate divides, so a total row recomputes rates instead of adding them. */
const RATE_PARTS: Record<string, [keyof BaseFigures, keyof BaseFigures]> = {
  resultRate: ['resultSatisfied', 'resultAsked'],
  processRate: ['processSatisfied', 'processAsked'],
  resolvedRate: ['resolved', 'resolvedAsked'],
  closedOnTimeRate: ['closedOnTime', 'received'],
  closedRate: ['closed', 'received'],
  repliedRate: ['replied', 'received'],
  repliedOnTimeRate: ['repliedOnTime', 'received'],
};

function isRate(c: { key: string; label: string }): boolean {
  return /Rate$/.test(c.key) || /率/.test(c.label);
}

export function cellText(c: StatsColumn, notSampled = '未抽访'): string {
  if (c.value == null) return isRate(c) ? notSampled : '';
  if (typeof c.value === 'number') return isRate(c) ? percentText(c.value, notSampled) : String(Number(c.value.toFixed(2)));
  return c.value;
}

function lateNote(r: StatsRow): string {
  return r.late.map((l) => `工单编号：${l.orderNo}\n超期${l.daysLate}天${r.overdueOpen > 0 && l.daysLate === 0 ? '未办结' : '办结'}`).join('\n');
}

/** Rows sorted as the samples print them: by rank, else by count; sub-units right under their parent. */
function ordered(rows: StatsRow[]): StatsRow[] {
  const parents = rows.filter((r) => r.parent == null || !rows.some((p) => p.unit === r.parent));
  parents.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || b.received - a.received || a.unit.localeCompare(b.unit, 'zh'));
  const out: StatsRow[] = [];
  for (const p of parents) {
    out.push(p);
    out.push(...rows.filter((r) => r.parent === p.unit).sort((a, b) => b.received - a.received));
  }
  return out;
}

function totalCells(rows: StatsRow[], cols: { key: string; label: string }[]): string[] {
  const sums = {} as Record<keyof BaseFigures, number>;
  for (const k of BASE_FIGURE_KEYS) sums[k] = rows.reduce((a, r) => a + (r[k] ?? 0), 0);
  return cols.map((c) => {
    if ((BASE_FIGURE_KEYS as readonly string[]).includes(c.key)) return String(sums[c.key as keyof BaseFigures]);
    const parts = RATE_PARTS[c.key];
    if (parts) return percentText(ratePercent(sums[parts[0]], sums[parts[1]]), '—');
    return '';
  });
}

/** The attachment tables of a report: one table with 镇街 and 部门 groups and a total row. */
export function attachmentTables(report: StatsReport, title: string): AttachmentTable[] {
  const rows = report.rows;
  if (rows.length === 0) return [];
  const schemeCols = rows[0].columns.map((c) => ({ key: c.key, label: c.label }));
  const hasSubUnits = rows.some((r) => r.parent != null);
  const withNote = rows.some((r) => r.late.length > 0) && report.scheme.id === 'timely' && !schemeCols.some((c) => /备注|note/i.test(c.label + c.key));
  const headerLabels = ['承办单位', ...(hasSubUnits ? ['下属单位'] : []), ...schemeCols.map((c) => c.label), ...(withNote ? ['备注'] : [])];
  const rowCells = (r: StatsRow): string[] => {
    const names = hasSubUnits ? (r.parent ? ['', r.unit] : [r.unit, '']) : [r.unit];
    const byKey = new Map(r.columns.map((c) => [c.key, c]));
    const values = schemeCols.map((c) => { const v = byKey.get(c.key); return v ? cellText(v) : ''; });
    return [...names, ...values, ...(withNote ? [lateNote(r)] : [])];
  };
  const groups = (['town', 'dept'] as const)
    .map((kind) => ({ kind, rows: ordered(rows.filter((r) => r.kind === kind)) }))
    .filter((g) => g.rows.length > 0);
  const nameCols = hasSubUnits ? 2 : 1;
  const totalRow = (rs: StatsRow[], label: string) => [label, ...(hasSubUnits ? [''] : []), ...totalCells(rs, schemeCols), ...(withNote ? [''] : [])];
  const tableGroups = groups.map((g) => ({
    caption: groups.length > 1 ? (g.kind === 'town' ? '（镇、街道）' : '（部门、单位）') : null,
    rows: g.rows.map(rowCells),
    total: groups.length > 1 ? totalRow(g.rows, '小计') : null,
  }));
  // Widths from the widest text of each column (header words wrap, names do not).
  const allRows = tableGroups.flatMap((g) => g.rows);
  const columns: TableColumn[] = headerLabels.map((label, i) => {
    const widest = Math.max(...allRows.map((r) => Math.max(...(r[i] ?? '').split('\n').map(textEm))), 0);
    const isName = i < nameCols;
    const width = Math.max(isName ? Math.min(widest, 12) : Math.min(Math.max(widest, 2.5), 9), Math.min(textEm(label), isName ? 6 : 4)) + 1;
    return { width: Math.round(width * 10) / 10, align: isName ? 'left' : i === headerLabels.length - 1 && withNote ? 'left' : 'center' };
  });
  const day = (t: string) => { const [y, m, d] = t.slice(0, 10).split('-').map(Number); return `${y}年${m}月${d}日`; };
  const subtitle = `（统计时段：${day(report.period.from)}至${day(report.period.to).replace(/^\d+年/, '')}）`;
  return [{
    title,
    subtitle,
    columns,
    header: [headerLabels.map((text) => ({ text }))],
    groups: tableGroups,
    total: totalRow(rows, '合计'),
  }];
}
