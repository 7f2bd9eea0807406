// 设置 → 考评方案: the six built-in schemes (read only) and the office's own. Copy one, then
// change its name, weights and settings in a small form, or anything (columns too) as JSON.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { call, messageOf } from '../../api';
import { showToast } from '../../components/Toast';
import type { Scheme, SchemeColumn } from '../../../shared/contract/stats';
import '../../stats.css';

/** The numbers a clerk usually changes: each column's weight (scale, deduction, base/cap). */
function weightsOf(c: SchemeColumn): { label: string; get: () => number | null; set: (v: number) => SchemeColumn }[] {
  const v = c.value;
  if ('ratio' in v) return [{ label: '分值', get: () => v.scale, set: (n) => ({ ...c, value: { ...v, scale: n } }) }];
  if ('deduct' in v) {
    return [
      { label: '满分', get: () => v.deduct.full, set: (n) => ({ ...c, value: { deduct: { ...v.deduct, full: n } } }) },
      { label: '每件扣', get: () => v.deduct.per ?? v.deduct.full, set: (n) => ({ ...c, value: { deduct: { ...v.deduct, per: n } } }) },
    ];
  }
  if ('bonusPenalty' in v) {
    return [
      { label: '基础分', get: () => v.bonusPenalty.base, set: (n) => ({ ...c, value: { bonusPenalty: { ...v.bonusPenalty, base: n } } }) },
      { label: '封顶', get: () => v.bonusPenalty.cap, set: (n) => ({ ...c, value: { bonusPenalty: { ...v.bonusPenalty, cap: n } } }) },
    ];
  }
  return [];
}

export default function SchemesSection() {
  const [schemes, setSchemes] = useState<Scheme[]>([]);
  const [selected, setSelected] = useState<string>('counts');
  const [draft, setDraft] = useState<Scheme | null>(null);
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    call('stats.schemes', {}).then((r) => setSchemes(r.schemes), (e) => showToast(messageOf(e), 'error'));
  }, []);
  useEffect(refresh, [refresh]);
  const current = useMemo(() => schemes.find((s) => s.id === selected) ?? null, [schemes, selected]);

  const edit = (s: Scheme) => { setDraft(s); setJson(JSON.stringify(s, null, 2)); setJsonError(null); };
  const copy = (s: Scheme) => {
    let n = 2;
    while (schemes.some((x) => x.id === `${s.id}-${n}`)) n++;
    edit({ ...s, id: `${s.id}-${n}`, name: `${s.name}（副本）`, builtIn: false });
  };
  const save = async (scheme: unknown) => {
    try {
      const saved = await call('stats.saveScheme', { scheme });
      showToast(`已保存方案“${saved.scheme.name}”`);
      setDraft(null);
      setSelected(saved.scheme.id);
      refresh();
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  };
  const saveJson = () => {
    try {
      const parsed = JSON.parse(json) as unknown;
      setJsonError(null);
      void save(parsed);
    } catch (e) {
      setJsonError(`JSON 格式不正确：${(e as Error).message}`);
    }
  };
  const remove = async (s: Scheme) => {
    if (!window.confirm(`删除方案“${s.name}”？`)) return;
    try { await call('stats.deleteScheme', { id: s.id }); setSelected('counts'); refresh(); } catch (e) { showToast(messageOf(e), 'error'); }
  };
  const updateDraft = (next: Scheme) => { setDraft(next); setJson(JSON.stringify(next, null, 2)); };

  return (
    <div className="settings-body">
      <p className="muted">考评方案决定统计考评页的列、得分和排名。内置方案照各县通报制作，不能修改；复制后可改名称、分值和设置，也可直接编辑 JSON（列、公式、格式）。</p>
      <div className="toolbar">
        <select aria-label="方案" value={selected} onChange={(e) => { setSelected(e.target.value); setDraft(null); }}>
          {schemes.map((s) => <option key={s.id} value={s.id}>{s.name}{s.builtIn ? '（内置）' : ''}</option>)}
        </select>
        {current && <button type="button" onClick={() => copy(current)}>复制为新方案</button>}
        {current && !current.builtIn && <button type="button" onClick={() => edit(current)}>编辑</button>}
        {current && !current.builtIn && <button type="button" onClick={() => remove(current)}>删除</button>}
      </div>
      {current && !draft && (
        <div>
          <p>{current.description}</p>
          <p className="muted">列：{current.columns.map((c) => (c.group ? `${c.group}·${c.label}` : c.label)).join('、')}</p>
        </div>
      )}
      {draft && (
        <div className="scheme-editor">
          <div className="toolbar">
            <label>编号<input value={draft.id} onChange={(e) => updateDraft({ ...draft, id: e.target.value })} /></label>
            <label>名称<input value={draft.name} onChange={(e) => updateDraft({ ...draft, name: e.target.value })} /></label>
            <label>基本满意计为
              <select value={draft.settings.basicSatisfiedWeight} onChange={(e) => updateDraft({ ...draft, settings: { ...draft.settings, basicSatisfiedWeight: Number(e.target.value) as 0 | 0.5 | 1 } })}>
                <option value={1}>满意（1件）</option><option value={0.5}>半件</option><option value={0}>不满意（0）</option>
              </select>
            </label>
            <label>回访来源
              <select value={draft.settings.visitSource} onChange={(e) => updateDraft({ ...draft, settings: { ...draft.settings, visitSource: e.target.value as 'any' | 'city' | 'county' } })}>
                <option value="any">全部回访</option><option value="city">仅市级抽访</option><option value="county">仅县级回访</option>
              </select>
            </label>
            <label><input type="checkbox" checked={draft.settings.groupByKind} onChange={(e) => updateDraft({ ...draft, settings: { ...draft.settings, groupByKind: e.target.checked } })} />镇街、部门分组</label>
          </div>
          <table className="stats-table">
            <thead><tr><th>列</th><th>分值设置</th></tr></thead>
            <tbody>
              {draft.columns.map((c, i) => (
                <tr key={c.key}>
                  <td className="unit">{c.group ? `${c.group} · ` : ''}{c.label}</td>
                  <td>
                    {weightsOf(c).map((w) => (
                      <label key={w.label}>{w.label}
                        <input type="number" step="0.5" size={5} value={w.get() ?? ''} aria-label={`${c.label}${w.label}`}
                          onChange={(e) => updateDraft({ ...draft, columns: draft.columns.map((x, k) => (k === i ? w.set(Number(e.target.value)) : x)) })} />
                      </label>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="muted">JSON（可改列、公式和格式）</label>
          <textarea aria-label="方案 JSON" rows={16} cols={100} className="mono" value={json} onChange={(e) => setJson(e.target.value)} />
          {jsonError && <div className="error-text">{jsonError}</div>}
          <div className="toolbar">
            <button type="button" onClick={saveJson}>保存</button>
            <button type="button" onClick={() => setDraft(null)}>取消</button>
          </div>
        </div>
      )}
    </div>
  );
}
