// 图表: the clerk adds a chart drawn from the draft's own figures after a chosen section, or removes
// one. The chart is drawn on the main side (ECharts to SVG) and the pages are laid out again, so
// the preview, the PDF and the Word file all show it where it was put.
import { useState } from 'react';
import { call, messageOf } from '../api';
import { CHART_KINDS, CHART_KIND_LABEL, type BulletinDocument, type ChartKind } from '../../shared/bulletin/model';
import type { BulletinDraftQuery } from '../../shared/contract/bulletins';

interface Props {
  query: BulletinDraftQuery;
  document: BulletinDocument;
  busy: boolean;
  onChange: (next: { document: BulletinDocument; html: string; pages: number }) => void;
}

export function ChartPicker({ query, document, busy, onChange }: Props) {
  const [kind, setKind] = useState<ChartKind>('unitRanking');
  const sections = document.sections.filter((s) => s.key !== 'intro');
  const [after, setAfter] = useState(sections[0]?.key ?? '');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const afterKey = sections.some((s) => s.key === after) ? after : sections[0]?.key ?? '';

  const relayout = async (next: BulletinDocument) => onChange({ document: next, ...(await call('bulletins.pages', { document: next })) });
  const act = (fn: () => Promise<void>) => async () => {
    setWorking(true);
    setError(null);
    try { await fn(); } catch (e) { setError(messageOf(e)); } finally { setWorking(false); }
  };
  const add = act(async () => {
    const chart = await call('bulletins.chart', { ...query, kind, afterSection: afterKey });
    await relayout({ ...document, charts: [...document.charts, chart] });
  });
  const remove = (i: number) => act(async () => relayout({ ...document, charts: document.charts.filter((_, k) => k !== i) }));

  const label = (key: string) => document.sections.find((s) => s.key === key)?.label ?? key;
  return (
    <div className="toolbar" aria-label="图表">
      <label>图表
        <select aria-label="图表类型" value={kind} onChange={(e) => setKind(e.target.value as ChartKind)} disabled={busy || working}>
          {CHART_KINDS.map((k) => <option key={k} value={k}>{CHART_KIND_LABEL[k]}</option>)}
        </select>
      </label>
      <label>放在
        <select aria-label="图表位置" value={afterKey} onChange={(e) => setAfter(e.target.value)} disabled={busy || working}>
          {sections.map((s) => <option key={s.key} value={s.key}>“{s.label}”之后</option>)}
        </select>
      </label>
      <button type="button" onClick={add} disabled={busy || working || !afterKey}>{working ? '绘制中…' : '添加图表'}</button>
      {document.charts.map((c, i) => (
        <span key={`${c.kind}-${i}`} className="filter-chip">
          {c.title}（{label(c.afterSection)}后）
          <button type="button" aria-label={`删除图表 ${c.title}`} title="删除图表" onClick={remove(i)} disabled={busy || working}>×</button>
        </span>
      ))}
      {error && <span className="error-text" role="alert">{error}</span>}
    </div>
  );
}
