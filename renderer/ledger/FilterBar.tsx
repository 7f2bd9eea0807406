// The ledger's filters: period, unit, status, channel and free text. Filtering runs in SQL.
import { useEffect, useState } from 'react';
import type { Dictionaries, OrderFilter, Unit } from '../../shared/api';
import { ORDER_STATUSES } from '../../shared/status';
import { QUICK_PERIODS } from './periods';

interface Props {
  filter: OrderFilter;
  onChange: (filter: OrderFilter) => void;
  units: readonly Unit[];
  dictionaries: Dictionaries | null;
}

export function FilterBar({ filter, onChange, units, dictionaries }: Props) {
  const [text, setText] = useState(filter.text ?? '');
  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  // Typing waits for a pause before asking the ledger, so a million rows are not searched per key.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === (filter.text ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filter, text: trimmed || undefined }), 300);
    return () => clearTimeout(timer);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (patch: Partial<OrderFilter>) => onChange({ ...filter, ...patch });
  const one = <T,>(values: T[] | undefined) => (values && values.length === 1 ? String(values[0]) : '');

  return (
    <div className="filter-bar" role="search">
      <label>
        期间
        <select
          aria-label="快捷期间"
          value=""
          onChange={(e) => {
            const p = QUICK_PERIODS.find((q) => q.id === e.target.value);
            if (p) { const r = p.range(); set({ from: r.from, to: r.to }); }
          }}
        >
          <option value="">快捷…</option>
          {QUICK_PERIODS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <input type="date" aria-label="受理日期从" value={filter.from?.slice(0, 10) ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
      <span>至</span>
      <input type="date" aria-label="受理日期至" value={filter.to?.slice(0, 10) ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
      <label>
        承办单位
        <select aria-label="承办单位" value={one(filter.unitIds)} onChange={(e) => set({ unitIds: e.target.value ? [Number(e.target.value)] : undefined })}>
          <option value="">全部</option>
          {units.map((u) => <option key={u.id} value={u.id}>{u.parentName ? `　${u.name}` : u.name}</option>)}
        </select>
      </label>
      <label>
        状态
        <select aria-label="状态" value={one(filter.statuses)} onChange={(e) => set({ statuses: e.target.value ? [e.target.value as (typeof ORDER_STATUSES)[number]] : undefined })}>
          <option value="">全部</option>
          {ORDER_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>
        来源渠道
        <select aria-label="来源渠道" value={one(filter.channels)} onChange={(e) => set({ channels: e.target.value ? [e.target.value] : undefined })}>
          <option value="">全部</option>
          {dictionaries?.channel.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <input
        type="search"
        className="filter-text"
        aria-label="搜索"
        placeholder="搜索工单编号、诉求内容、诉求人、电话"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {filter.ids ? (
        <span className="filter-chip" title="从统计或逾期跟踪点进来的工单">
          仅所选 {filter.ids.length} 件
          <button type="button" className="icon" aria-label="取消仅所选" onClick={() => set({ ids: undefined })}>×</button>
        </span>
      ) : null}
      <button
        type="button"
        onClick={() => { setText(''); onChange({ deleted: filter.deleted }); }}
        disabled={Object.entries(filter).every(([k, v]) => k === 'deleted' || v === undefined)}
      >
        清除筛选
      </button>
    </div>
  );
}
