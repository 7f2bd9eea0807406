// 统计考评: a period and a scheme → every unit's figures, scored and ranked as the county's
// bulletin prints them; breakdowns, 环比/同比, charts; each number opens its orders in 台账;
// the table exports to .xlsx in the attachment's layout.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { previousMonthPeriod } from '../../shared/period';
import { call, downloadBase64, fileToBase64, messageOf } from '../api';
import { navigate } from '../route';
import { showToast } from '../components/Toast';
import {
  BREAKDOWN_KEYS, BREAKDOWN_LABELS, FIGURE_KEYS, formatCell,
  type Adjustment, type FigureKey, type Scheme, type SchemeColumn, type StatsResult, type StatsRow,
} from '../../shared/contract/stats';
import type { Unit } from '../../shared/api';
import { StatsCharts } from '../stats/StatsCharts';
import { statsWorkbookBytes } from '../../shared/stats/statsWorkbook';
import '../stats.css';

type Kind = 'month' | 'quarter' | 'half' | 'year' | 'range';
const KIND_LABELS: Record<Kind, string> = { month: '月', quarter: '季度', half: '半年', year: '年', range: '自定义' };

function defaultMonth(): { year: number; month: number } {
  const [year, month] = previousMonthPeriod().firstDay.split('-').map(Number);
  return { year, month };
}

/** The figure behind a column, for the click-through: a count, or a rate's numerator. */
function figureOfColumn(c: SchemeColumn): FigureKey | null {
  const v = c.value;
  if ('figure' in v) return v.figure;
  if ('ratio' in v && typeof v.ratio[0] === 'string') return v.ratio[0];
  return null;
}



export default function StatsPage() {
  const start = defaultMonth();
  const [kind, setKind] = useState<Kind>('month');
  const [year, setYear] = useState(start.year);
  const [sub, setSub] = useState(start.month);
  const [range, setRange] = useState({ from: '', to: '' });
  const [asOf, setAsOf] = useState('');
  const [schemes, setSchemes] = useState<Scheme[]>([]);
  const [schemeId, setSchemeId] = useState('counts');
  const [result, setResult] = useState<StatsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sort, setSort] = useState<{ key: string; dir: 'asc' | 'desc' } | null>(null);
  const [showCharts, setShowCharts] = useState(true);

  const period = useMemo(() => {
    switch (kind) {
      case 'month': return `${year}-${String(sub).padStart(2, '0')}`;
      case 'quarter': return `${year}-Q${Math.min(sub, 4)}`;
      case 'half': return `${year}-H${Math.min(sub, 2)}`;
      case 'year': return String(year);
      case 'range': return range.from && range.to ? `${range.from}..${range.to}` : '';
    }
  }, [kind, year, sub, range]);

  // lateLimit 0: the page lists no late orders (a year has tens of thousands); 超期 clicks through to them.
  const query = useMemo(() => ({ period, schemeId, asOf: asOf ? `${asOf.replace('T', ' ')}${asOf.length === 16 ? ':00' : ''}` : undefined, lateLimit: 0 }), [period, schemeId, asOf]);

  useEffect(() => {
    call('stats.schemes', {}).then((r) => setSchemes(r.schemes), (e) => setError(messageOf(e)));
  }, []);

  const load = useCallback(() => {
    if (!query.period) return;
    setBusy(true);
    call('stats.compute', query).then(
      (r) => { setResult(r); setError(null); setSort(null); },
      (e) => { setResult(null); setError(messageOf(e)); },
    ).finally(() => setBusy(false));
  }, [query]);
  useEffect(load, [load]);

  const openOrders = useCallback(async (unitId: number | null, figure: FigureKey) => {
    try {
      const r = await call('stats.orderIds', { ...query, unitId, figure, withSubUnits: false });
      const filter = figure === 'received' ? r.filter : { ...r.filter, ids: r.ids };
      navigate('/ledger', { filter: JSON.stringify(filter) });
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  }, [query]);

  const exportXlsx = useCallback(async () => {
    if (!result) return;
    try {
      const bytes = new Uint8Array(await statsWorkbookBytes(result));
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      downloadBase64(`${result.period.label}${result.scheme.name}.xlsx`, btoa(binary));
    } catch (e) {
      showToast(`导出失败：${messageOf(e)}`, 'error');
    }
  }, [result]);

  const yearOptions = Array.from({ length: 12 }, (_, i) => start.year + 1 - i);
  const subOptions = kind === 'month' ? 12 : kind === 'quarter' ? 4 : kind === 'half' ? 2 : 0;
  const subLabel = (n: number) => (kind === 'month' ? `${n}月` : kind === 'quarter' ? `第${'一二三四'[n - 1]}季度` : n === 1 ? '上半年' : '下半年');

  return (
    <div className="page stats-page">
      <div className="stats-controls toolbar">
        <h1>统计考评</h1>
        <label>期间
          <select aria-label="期间类型" value={kind} onChange={(e) => { const k = e.target.value as Kind; setKind(k); setSub(1); }}>
            {(Object.keys(KIND_LABELS) as Kind[]).map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </label>
        {kind !== 'range' ? (
          <select aria-label="年份" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {yearOptions.map((y) => <option key={y} value={y}>{y}年</option>)}
          </select>
        ) : (
          <>
            <input type="date" aria-label="开始日期" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />至
            <input type="date" aria-label="结束日期" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
          </>
        )}
        {subOptions > 0 && (
          <select aria-label="月份或季度" value={sub} onChange={(e) => setSub(Number(e.target.value))}>
            {Array.from({ length: subOptions }, (_, i) => <option key={i + 1} value={i + 1}>{subLabel(i + 1)}</option>)}
          </select>
        )}
        <label>截至<input type="datetime-local" step={1} aria-label="截至时间" value={asOf} onChange={(e) => setAsOf(e.target.value)} /></label>
        <label>考评方案
          <select aria-label="考评方案" value={schemeId} onChange={(e) => setSchemeId(e.target.value)}>
            {schemes.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <button type="button" onClick={load} disabled={busy}>{busy ? '计算中…' : '刷新'}</button>
        <button type="button" onClick={exportXlsx} disabled={!result}>导出 Excel</button>
        <button type="button" onClick={() => window.print()} disabled={!result}>打印</button>
        <label><input type="checkbox" checked={showCharts} onChange={(e) => setShowCharts(e.target.checked)} />图表</label>
      </div>
      {error && <div className="error-text" role="alert">{error}</div>}
      {result && (
        <>
          <Summary result={result} />
          <StatsTable result={result} sort={sort} onSort={setSort} onOpen={openOrders} />
          {result.columns.some((c) => 'bonus' in c.value || 'penalty' in c.value || 'bonusPenalty' in c.value) && (
            <Adjustments period={result.period.text} onChanged={load} />
          )}
          <Breakdowns result={result} />
          {showCharts && <StatsCharts result={result} />}
        </>
      )}
    </div>
  );
}

function deltaText(v: number | null, unit: string): string {
  if (v === null) return '—';
  if (v === 0) return `持平`;
  return `${v > 0 ? '上升' : '下降'}${Math.abs(v)}${unit}`;
}

function Summary({ result: r }: { result: StatsResult }) {
  const t = r.totals;
  const pct = (v: number | null) => (v === null ? '未抽访' : `${v}%`);
  return (
    <div className="stats-summary" aria-label="总体情况">
      <span>{r.period.label}（{r.period.from} 至 {r.period.to}，截至 {r.asOf}）</span>
      <span>受理 {t.received} 件</span>
      <span>办结 {t.closed} 件</span>
      <span>按期办结率 {pct(t.closedOnTimeRate)}</span>
      <span>满意率 {pct(t.resultRate)}</span>
      <span>解决率 {pct(t.resolvedRate)}</span>
      <span title={`上期 ${r.compare.previous.period.label}`}>环比：受理量{deltaText(r.compare.previous.receivedChange, '%')}，满意率{deltaText(r.compare.previous.resultRateDelta, '个百分点')}</span>
      <span title={`去年同期 ${r.compare.lastYear.period.label}`}>同比：受理量{deltaText(r.compare.lastYear.receivedChange, '%')}，满意率{deltaText(r.compare.lastYear.resultRateDelta, '个百分点')}</span>
    </div>
  );
}

function sortValue(row: StatsRow, key: string): number | string | null {
  if (key === '__unit') return row.unit;
  if (key === '__rank') return row.rank;
  const cell = row.columns.find((c) => c.key === key);
  return cell ? cell.value : null;
}

function StatsTable({ result: r, sort, onSort, onOpen }: {
  result: StatsResult;
  sort: { key: string; dir: 'asc' | 'desc' } | null;
  onSort: (s: { key: string; dir: 'asc' | 'desc' } | null) => void;
  onOpen: (unitId: number | null, figure: FigureKey) => void;
}) {
  const s = r.settings;
  const hasGroups = r.columns.some((c) => c.group);
  // A rank column only where the scheme scores; a plain count table is ordered, not ranked.
  const showRank = s.scoreColumn !== null;
  const rows = useMemo(() => {
    if (!sort) return r.rows;
    const dir = sort.dir === 'asc' ? 1 : -1;
    return [...r.rows].sort((a, b) => {
      const x = sortValue(a, sort.key), y = sortValue(b, sort.key);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) * dir;
    });
  }, [r.rows, sort]);
  const header = (key: string, label: string, rowSpan?: number) => (
    <th key={key} rowSpan={rowSpan} scope="col"
      className={`sortable${sort?.key === key ? ` sorted-${sort.dir}` : ''}`}
      onClick={() => onSort(sort?.key === key ? (sort.dir === 'desc' ? { key, dir: 'asc' } : null) : { key, dir: 'desc' })}>{label}</th>
  );
  const cellOf = (row: StatsRow | null, unitId: number | null, c: SchemeColumn, value: number | string | null) => {
    const text = formatCell(c, value);
    const figure = figureOfColumn(c);
    const isRemark = 'remark' in c.value;
    if (figure && typeof value === 'number' && value !== 0 && (row || unitId === null)) {
      return <td key={c.key}><button type="button" className="num" title="查看这些工单" onClick={() => onOpen(unitId, figure)}>{text}</button></td>;
    }
    return <td key={c.key} className={isRemark ? 'remark' : undefined}>{text}</td>;
  };
  const groups: ('town' | 'dept' | 'all')[] = !sort && s.groupByKind ? [...s.groupOrder] : ['all'];
  const width = r.columns.length + (s.serial ? 2 : 1) + (showRank ? 1 : 0);
  const totalRow = (kind: 'town' | 'dept' | 'all') => {
    const g = r.groups.find((x) => x.kind === kind);
    if (!g) return null;
    return (
      <tr className="total-row" key={`total-${kind}`}>
        {s.serial && <td />}
        <td className="unit">{s.totalLabel}</td>
        {g.columns.map((cell, i) => cellOf(null, kind === 'all' && r.channels === null ? null : -1, r.columns[i], cell.value))}
        {showRank && <td />}
      </tr>
    );
  };
  return (
    <table className="stats-table" aria-label="统计表">
      <thead>
        <tr>
          {s.serial && <th rowSpan={hasGroups ? 2 : 1}>序号</th>}
          {header('__unit', s.unitLabel, hasGroups ? 2 : 1)}
          {r.columns.map((c, i) => {
            if (!hasGroups || !c.group) return header(c.key, c.label, hasGroups ? 2 : 1);
            if (i > 0 && r.columns[i - 1].group === c.group) return null;
            let span = 1;
            while (r.columns[i + span]?.group === c.group) span++;
            return <th key={`g-${c.key}`} colSpan={span}>{c.group}</th>;
          })}
          {showRank && header('__rank', '排名', hasGroups ? 2 : 1)}
        </tr>
        {hasGroups && <tr>{r.columns.filter((c) => c.group).map((c) => header(c.key, c.label))}</tr>}
      </thead>
      <tbody>
        {groups.map((g) => {
          const inGroup = rows.filter((x) => g === 'all' || x.kind === g);
          if (inGroup.length === 0) return null;
          const perGroup = s.totals === 'perGroup' && g !== 'all' && !sort;
          return [
            g !== 'all' ? <tr className="group-row" key={`g-${g}`}><td colSpan={width}>{s.groupLabels[g]}</td></tr> : null,
            perGroup && s.totalPosition === 'top' ? totalRow(g) : null,
            ...inGroup.map((row, i) => (
              <tr key={row.unitId} className={row.parent && s.subUnits === 'withParent' ? 'sub-row' : undefined}>
                {s.serial && <td>{row.rank ?? i + 1}</td>}
                <td className="unit">{row.unit}</td>
                {row.columns.map((cell, j) => cellOf(row, row.unitId, r.columns[j], cell.value))}
                {showRank && <td>{row.rank ?? ''}</td>}
              </tr>
            )),
            perGroup && s.totalPosition === 'bottom' ? totalRow(g) : null,
          ];
        })}
        {(s.totals === 'overall' || sort) && s.totals !== 'none' && totalRow('all')}
        {rows.length === 0 && <tr><td colSpan={width} className="muted">本期间没有工单</td></tr>}
      </tbody>
    </table>
  );
}

function Breakdowns({ result: r }: { result: StatsResult }) {
  return (
    <div className="stats-breakdowns" aria-label="分类统计">
      {BREAKDOWN_KEYS.map((key) => (
        <table key={key} aria-label={BREAKDOWN_LABELS[key]}>
          <thead><tr><th>{BREAKDOWN_LABELS[key]}</th><th>件数</th><th>占比</th></tr></thead>
          <tbody>
            {r.breakdowns[key].slice(0, 12).map((b) => (
              <tr key={b.name}><td>{key === 'month' ? `${Number(b.name.slice(5))}月` : b.name}</td><td>{b.count}</td><td>{b.share === null ? '—' : `${b.share}%`}</td></tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

function Adjustments({ period, onChanged }: { period: string; onChanged: () => void }) {
  const [list, setList] = useState<Adjustment[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [form, setForm] = useState({ unitId: 0, bonus: '', penalty: '', reason: '' });
  const refresh = useCallback(() => {
    call('adjustments.list', { period }).then((r) => setList(r.adjustments), (e) => showToast(messageOf(e), 'error'));
  }, [period]);
  useEffect(refresh, [refresh]);
  useEffect(() => { call('units.list', {}).then((r) => setUnits(r.units), () => setUnits([])); }, []);
  const add = async () => {
    try {
      await call('adjustments.add', { unitId: form.unitId, period, bonus: Number(form.bonus || 0), penalty: Number(form.penalty || 0), reason: form.reason });
      setForm({ ...form, bonus: '', penalty: '', reason: '' });
      refresh();
      onChanged();
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  };
  const remove = async (id: number) => {
    try { await call('adjustments.delete', { id }); refresh(); onChanged(); } catch (e) { showToast(messageOf(e), 'error'); }
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const r = await call('adjustments.import', { fileName: file.name, base64: await fileToBase64(file) });
      showToast(`已导入加减分 ${r.imported} 条`);
      refresh();
      onChanged();
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  };
  return (
    <details className="stats-adjust" open={list.length === 0 ? undefined : true}>
      <summary>加减分（{period}，{list.length} 条）</summary>
      <div className="stats-adjust">
        <select aria-label="加减分单位" value={form.unitId} onChange={(e) => setForm({ ...form, unitId: Number(e.target.value) })}>
          <option value={0}>选择单位…</option>
          {units.map((u) => <option key={u.id} value={u.id}>{u.parentName ? `${u.parentName} / ` : ''}{u.name}</option>)}
        </select>
        <input aria-label="加分" placeholder="加分" inputMode="decimal" size={5} value={form.bonus} onChange={(e) => setForm({ ...form, bonus: e.target.value })} />
        <input aria-label="减分" placeholder="减分" inputMode="decimal" size={5} value={form.penalty} onChange={(e) => setForm({ ...form, penalty: e.target.value })} />
        <input aria-label="事由" placeholder="事由" size={24} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        <button type="button" disabled={!form.unitId} onClick={add}>添加</button>
        <label>导入表格（单位名称、期间、加分、减分、事由）<input type="file" accept=".xlsx,.xls,.csv" onChange={(e) => importFile(e.target.files?.[0])} /></label>
      </div>
      {list.length > 0 && (
        <table>
          <thead><tr><th>单位</th><th>期间</th><th>加分</th><th>减分</th><th>事由</th><th>录入</th><th /></tr></thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id}><td>{a.unit}</td><td>{a.period}</td><td>{a.bonus || ''}</td><td>{a.penalty || ''}</td><td>{a.reason}</td><td>{a.who} {a.at.slice(0, 16)}</td>
                <td><button type="button" onClick={() => remove(a.id)}>删除</button></td></tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

