// 设置 → 时限规则: the time limit of an order by 诉求类型 and 紧急程度 (first matching row wins; the
// last row covers everything else), and the window in which a unit may return an order. Saving
// recomputes the due times that come from the rules (never an explicit 截止时间).
import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api';
import { showToast } from '../../components/Toast';
import type { Dictionaries, TimeLimitRule, TimeLimitSettings } from '../../../shared/api';
import '../../board.css';

const UNITS = [['workdays', '个工作日'], ['days', '天（自然日）'], ['hours', '小时']] as const;
const ANY = '';

export default function TimeLimitsSection() {
  const [settings, setSettings] = useState<TimeLimitSettings | null>(null);
  const [defaults, setDefaults] = useState<TimeLimitSettings | null>(null);
  const [dicts, setDicts] = useState<Dictionaries | null>(null);
  // Saving recomputes every derived due time (seconds on a large ledger): one save at a time.
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    call('timeLimits.get', {}).then(({ defaults: d, ...s }) => { setSettings(s); setDefaults(d); }, (e) => showToast(messageOf(e), 'error'));
    call('dictionaries.get', {}).then(setDicts, () => setDicts(null));
  }, []);
  if (!settings) return <p>正在读取…</p>;

  const rules = settings.rules;
  const setRules = (next: TimeLimitRule[]) => setSettings({ ...settings, rules: next });
  const change = (i: number, patch: Partial<TimeLimitRule>) => setRules(rules.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const next = rules.slice();
    [next[i], next[i + by]] = [next[i + by], next[i]];
    setRules(next);
  };
  const last = rules.length - 1;

  const save = async () => {
    setSaving(true);
    try {
      const r = await call('timeLimits.set', settings);
      showToast(r.recomputed.scanned ? `已保存，重新计算了 ${r.recomputed.scanned} 件工单的截止时间（${r.recomputed.changed} 件有变化）` : '规则未改变');
    } catch (e) {
      showToast(messageOf(e), 'error');
    } finally {
      setSaving(false);
    }
  };

  const choice = (label: string, value: string | null, options: readonly string[], onChange: (v: string | null) => void) => (
    <select aria-label={label} value={value ?? ANY} onChange={(e) => onChange(e.target.value === ANY ? null : e.target.value)}>
      <option value={ANY}>任意</option>
      {[...new Set([...(value ? [value] : []), ...options])].map((v) => <option key={v} value={v}>{v}</option>)}
    </select>
  );

  return (
    <div className="settings-time-limits">
      <p className="muted">自上而下，第一条符合的规则决定时限；最后一行适用于其余所有工单。工作日按法定节假日和调休计算，受理当天不计；小时从受理时刻起算。工单上导入的“办理时限”或明确的“截止时间”优先。</p>
      <table className="settings-table">
        <thead><tr><th>诉求类型</th><th>紧急程度</th><th>时限</th><th /></tr></thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={i}>
              <td>{i === last ? '其他' : choice('诉求类型', r.appealType, dicts?.appealType ?? [], (v) => change(i, { appealType: v }))}</td>
              <td>{i === last ? '其他' : choice('紧急程度', r.urgency, dicts?.urgency ?? [], (v) => change(i, { urgency: v }))}</td>
              <td className="nowrap">
                <input type="number" aria-label="时限数值" min={1} max={3650} value={r.limit.amount} style={{ width: 70 }}
                  onChange={(e) => change(i, { limit: { ...r.limit, amount: Math.max(1, Math.floor(Number(e.target.value) || 1)) } })} />
                <select aria-label="时限单位" value={r.limit.unit} onChange={(e) => change(i, { limit: { ...r.limit, unit: e.target.value as TimeLimitRule['limit']['unit'] } })}>
                  {UNITS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                </select>
              </td>
              <td className="nowrap">
                {i < last ? <>
                  <button className="link" disabled={i === 0} onClick={() => move(i, -1)} aria-label="上移">↑</button>
                  <button className="link" disabled={i >= last - 1} onClick={() => move(i, 1)} aria-label="下移">↓</button>
                  <button className="link" onClick={() => setRules(rules.filter((_, k) => k !== i))}>删除</button>
                </> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="toolbar">
        <button onClick={() => setRules([...rules.slice(0, last), { appealType: null, urgency: '紧急', limit: { unit: 'hours', amount: 24 } }, rules[last]])}>添加规则</button>
        <label>退单时限：派单后 <input type="number" aria-label="退单时限" min={0} max={720} step={0.5} value={settings.returnWindowHours} style={{ width: 70 }}
          onChange={(e) => setSettings({ ...settings, returnWindowHours: Math.max(0, Number(e.target.value) || 0) })} /> 小时内，超过即为逾期退单</label>
        <span className="spacer" />
        {defaults ? <button onClick={() => setSettings(structuredClone(defaults))}>恢复默认</button> : null}
        <button className="primary" disabled={saving} onClick={() => void save()}>{saving ? '正在重新计算…' : '保存并重新计算'}</button>
      </div>
    </div>
  );
}
