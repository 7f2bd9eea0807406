// 设置 → 节假日: the working-day calendar. The State Council's notices are built in (2004–2026);
// the office adds next year's notice when it comes out (usually in November), or a local day off,
// one by one or as a pasted or uploaded list. Every change recomputes the derived due times.
import { useCallback, useEffect, useState } from 'react';
import { call, messageOf } from '../../api';
import { showToast } from '../../components/Toast';
import type { MethodOutput } from '../../../shared/api';
import '../../board.css';

const KIND_LABEL = { holiday: '放假', workday: '上班（调休）' } as const;

function recomputedText(r: { scanned: number; changed: number }): string {
  return r.scanned ? `，已重新计算截止时间（${r.changed} 件工单有变化）` : '';
}

export default function HolidaysSection() {
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const [data, setData] = useState<MethodOutput<'holidays.list'> | null>(null);
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<'holiday' | 'workday'>('holiday');
  const [note, setNote] = useState('');
  const [text, setText] = useState('');
  const [markCovered, setMarkCovered] = useState(true);
  // A change recomputes every derived due time (seconds on a large ledger): until it is done the
  // controls are read-only, so a second click does not save twice and what is typed meanwhile is
  // not wiped when the first change lands.
  const [saving, setSaving] = useState(false);

  const reload = useCallback(async () => {
    try {
      setData(await call('holidays.list', { year }));
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  }, [year]);
  useEffect(() => void reload(), [reload]);

  const run = async (work: () => Promise<string>) => {
    setSaving(true);
    try {
      // The list is read again before the toast says it is done, so what the toast reports is on screen.
      const message = await work();
      await reload();
      showToast(message);
    } catch (e) {
      showToast(messageOf(e), 'error');
    } finally {
      setSaving(false);
    }
  };

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await call('holidays.add', { day, kind, note: note || undefined });
      setDay(''); setNote('');
      return `已设置 ${r.override.day} 为${KIND_LABEL[r.override.kind]}${recomputedText(r.recomputed)}`;
    });
  };

  const importList = () => void run(async () => {
    const r = await call('holidays.import', { text, markYearsCovered: markCovered });
    setText('');
    return `已导入：新增 ${r.added} 天，修改 ${r.updated} 天（${r.years.join('、')} 年）${recomputedText(r.recomputed)}`;
  });

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  const coverage = data?.coverage;
  const officeCovered = coverage?.officeYears.includes(year) ?? false;
  const builtinCovered = coverage ? year >= coverage.builtinFrom && year <= coverage.builtinTo : false;
  const overrides = data?.overrides ?? [];
  return (
    <div className="settings-holidays">
      <p>{coverage?.summary}。{coverage?.warning ? <span className="warning-text">{coverage.warning}</span> : null}</p>
      <div className="toolbar">
        <label>年份 <input type="number" aria-label="年份" min={1990} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} style={{ width: 90 }} /></label>
        {builtinCovered ? <span className="muted">内置国务院通知已覆盖 {year} 年</span> : (
          <label>
            <input type="checkbox" disabled={saving} checked={officeCovered} onChange={(e) => void run(async () => {
              await call('holidays.setYearCovered', { year, covered: e.target.checked });
              return e.target.checked ? `${year} 年已标记为完整录入` : `${year} 年已取消完整录入标记`;
            })} />
            {year} 年的节假日已按国务院通知完整录入
          </label>
        )}
      </div>

      <h3>本办调整（{year} 年）</h3>
      {overrides.length === 0 ? <p className="muted">没有调整。</p> : (
        <table className="settings-table">
          <thead><tr><th>日期</th><th>类型</th><th>说明</th><th /></tr></thead>
          <tbody>
            {overrides.map((o) => (
              <tr key={o.day}>
                <td className="mono">{o.day}</td><td>{KIND_LABEL[o.kind]}</td><td>{o.note ?? ''}</td>
                <td><button className="link" disabled={saving} onClick={() => void run(async () => `已删除 ${o.day}${recomputedText((await call('holidays.remove', { day: o.day })).recomputed)}`)}>删除</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="toolbar" onSubmit={add}>
        <input type="date" aria-label="日期" required disabled={saving} value={day} onChange={(e) => setDay(e.target.value)} />
        <select aria-label="类型" disabled={saving} value={kind} onChange={(e) => setKind(e.target.value as 'holiday' | 'workday')}>
          <option value="holiday">放假</option>
          <option value="workday">上班（调休）</option>
        </select>
        <input type="text" aria-label="说明" placeholder="说明，如：春节" maxLength={200} disabled={saving} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" disabled={saving}>{saving ? '正在保存…' : '添加'}</button>
      </form>

      <h3>导入节假日安排</h3>
      <p className="muted">每行一天：日期、“休”或“班”、说明（可用空格、逗号或制表符分隔），如 <span className="mono">2027-01-01 休 元旦</span>。可从国务院通知整理后粘贴，或选择文本文件。</p>
      <textarea aria-label="节假日列表" rows={6} cols={60} disabled={saving} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="toolbar">
        <input type="file" accept=".txt,.csv,.tsv" aria-label="选择文件" disabled={saving} onChange={(e) => void readFile(e.target.files?.[0])} />
        <label><input type="checkbox" disabled={saving} checked={markCovered} onChange={(e) => setMarkCovered(e.target.checked)} /> 列表中的年份已完整录入</label>
        <button className="primary" disabled={saving || !text.trim()} onClick={importList}>{saving ? '正在保存…' : '导入'}</button>
      </div>

      {data && data.builtin.length ? (
        <>
          <h3>内置安排（{year} 年）</h3>
          <p className="muted">
            {data.builtin.filter((d) => d.kind === 'holiday').length} 天放假：{data.builtin.filter((d) => d.kind === 'holiday').map((d) => d.day.slice(5)).join('、')}；
            调休上班：{data.builtin.filter((d) => d.kind === 'workday').map((d) => d.day.slice(5)).join('、') || '无'}
          </p>
        </>
      ) : null}
    </div>
  );
}
