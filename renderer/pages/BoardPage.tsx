// 逾期跟踪: as of now (or a chosen moment), what is late, what is due today or within 24 hours,
// and who to chase: counts at the top, the chosen list grouped by unit, a summary per unit with
// its 催办单 to print or copy. Each order is one click from its detail in the ledger.
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, messageOf } from '../api';
import { hrefOf } from '../route';
import { showToast } from '../components/Toast';
import { useEscapeKey } from '../components/useEscapeKey';
import { BOARD_LIST_KEYS, type Board, type BoardListKey, type BoardOrder, type Reminder } from '../../shared/api';
import { DUE_ALERT_EVERY_MS, dueAlertOf } from '../../shared/dueAlert';
import '../board.css';

/** 'YYYY-MM-DDTHH:mm(:ss)' of a datetime-local input as CST text, or undefined when empty. */
function asOfText(local: string): string | undefined {
  if (!local) return undefined;
  const t = local.replace('T', ' ');
  return t.length === 16 ? `${t}:00` : t;
}

const short = (ts: string | null) => (ts ? ts.slice(0, 16) : '—');

function lateText(o: BoardOrder): string {
  if (o.daysLate !== null && o.daysLate > 0) return o.closedAt ? `超期${o.daysLate}天办结` : `已超期${o.daysLate}天`;
  if (o.hoursLeft !== null) return o.hoursLeft < 1 ? '不足1小时' : `剩余${o.hoursLeft}小时`;
  return '';
}

// Browser notifications: only when the clerk allowed them (the desktop app notifies from its main
// process instead); each order is announced once per window.
const announced = new Set<number>();

function notifyNew(board: Board): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const alert = dueAlertOf(board, announced);
  if (!alert) return;
  for (const id of alert.freshIds) announced.add(id);
  new Notification(alert.title, { body: alert.body, tag: 'hotline-overdue' });
}

interface ExtendTarget { order: BoardOrder; newDueAt: string; reason: string }

export default function BoardPage() {
  const [asOfLocal, setAsOfLocal] = useState('');
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState('');
  const [active, setActive] = useState<BoardListKey>('overdue');
  const [reminder, setReminder] = useState<Reminder | null>(null);
  const [extend, setExtend] = useState<ExtendTarget | null>(null);
  useEscapeKey(reminder ? () => setReminder(null) : extend ? () => setExtend(null) : null);
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const asOfRef = useRef(asOfLocal);
  asOfRef.current = asOfLocal;

  const load = useCallback(async () => {
    try {
      const b = await call('deadlines.board', { asOf: asOfText(asOfRef.current) });
      setBoard(b);
      setError('');
      if (!asOfRef.current) notifyNew(b);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load, asOfLocal]);
  useEffect(() => {
    const timer = setInterval(() => { if (!asOfRef.current) void load(); }, DUE_ALERT_EVERY_MS);
    return () => clearInterval(timer);
  }, [load]);

  const askPermission = async () => {
    setPermission(await Notification.requestPermission());
    void load();
  };

  const openReminder = async (unitId: number) => {
    try {
      setReminder(await call('deadlines.reminder', { unitId, asOf: asOfText(asOfLocal) }));
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  };

  const record = async (input: Parameters<typeof call<'deadlines.recordEvent'>>[1], done: string) => {
    try {
      await call('deadlines.recordEvent', input);
      showToast(done);
      await load();
      return true;
    } catch (e) {
      showToast(messageOf(e), 'error');
      return false;
    }
  };

  const submitExtend = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!extend) return;
    const ok = await record(
      { orderId: extend.order.id, type: 'extension_approved', newDueAt: extend.newDueAt.replace('T', ' '), reason: extend.reason || undefined },
      `工单 ${extend.order.orderNo} 已延期至 ${extend.newDueAt.replace('T', ' ')}`,
    );
    if (ok) setExtend(null);
  };

  const copyReminder = async () => {
    if (!reminder) return;
    try {
      await navigator.clipboard.writeText(reminder.text);
      showToast('催办单已复制，可粘贴到微信或公文系统');
    } catch {
      showToast('无法访问剪贴板，请选中文字后按 Ctrl+C 复制', 'error');
    }
  };

  const list = board?.lists.find((l) => l.key === active);
  const canAct = active === 'overdue' || active === 'dueToday' || active === 'due24h';
  return (
    <div className="page board-page">
      <div className="toolbar no-print">
        <h1>逾期跟踪</h1>
        <label>
          统计时点
          <input type="datetime-local" step={1} aria-label="统计时点" value={asOfLocal} onChange={(e) => setAsOfLocal(e.target.value)} />
        </label>
        <button onClick={() => setAsOfLocal('')} disabled={!asOfLocal}>现在</button>
        <button onClick={() => void load()}>刷新</button>
        <span className="spacer" />
        {permission === 'default' ? <button onClick={() => void askPermission()}>开启桌面提醒</button> : null}
        {permission === 'granted' ? <span className="muted">桌面提醒已开启（每10分钟检查）</span> : null}
      </div>
      {error ? <p className="error-text" role="alert">{error}</p> : null}
      {board ? (
        <>
          <p className="board-coverage no-print">
            截至 <strong>{board.asOf}</strong>；本期自 {board.periodFrom.slice(0, 10)} 起。{board.coverage.summary}。
            {board.coverage.warning ? <span className="warning-text"> {board.coverage.warning}</span> : null}
          </p>
          {board.recomputeNeeded ? (
            <p className="warning-text no-print">
              台账升级后尚未按工作日历计算截止时间。
              <button onClick={() => void call('deadlines.recompute', {}).then(load, (e) => showToast(messageOf(e), 'error'))}>重新计算截止时间</button>
            </p>
          ) : null}
          <div className="board-counts no-print" role="tablist" aria-label="逾期跟踪分类">
            {BOARD_LIST_KEYS.map((key) => {
              const l = board.lists.find((x) => x.key === key)!;
              return (
                <button key={key} role="tab" aria-selected={key === active} className={`board-count board-count-${key}${key === active ? ' active' : ''}`} onClick={() => setActive(key)}>
                  <span className="board-count-n" data-testid={`count-${key}`}>{l.total}</span>
                  <span className="board-count-label">{l.label}</span>
                </button>
              );
            })}
          </div>
          <div className="board-body no-print">
            <section className="board-list" aria-label={list?.label}>
              <h2>{list?.label}（{list?.total} 件{list?.truncated ? `，仅列出前 ${list.groups.reduce((s, g) => s + g.orders.length, 0)} 件` : ''}）</h2>
              {list && list.groups.length === 0 ? <p className="muted">没有工单。</p> : null}
              {list?.groups.map((g) => (
                <div key={g.unitId ?? 0} className="board-group">
                  <h3>
                    {g.unitName} <span className="muted">{g.orders.length} 件</span>
                    {g.unitId !== null ? <button className="link" onClick={() => void openReminder(g.unitId!)}>催办单</button> : null}
                  </h3>
                  <table className="board-table">
                    <thead>
                      <tr><th>工单编号</th><th>标题</th><th>受理时间</th><th>截止时间</th><th>{active === 'closedLate' ? '办结时间' : '时限'}</th><th>状态</th>{canAct ? <th>操作</th> : null}</tr>
                    </thead>
                    <tbody>
                      {g.orders.map((o) => (
                        <tr key={o.id} data-order-no={o.orderNo}>
                          <td className="mono"><a href={hrefOf('/ledger', { order: String(o.id) })}>{o.orderNo}</a></td>
                          <td>{o.title ?? ''}{o.urgency === '紧急' ? <span className="board-tag">紧急</span> : null}{o.extensionCount ? <span className="board-tag">延期{o.extensionCount > 1 ? `×${o.extensionCount}` : ''}</span> : null}{o.reworkCount ? <span className="board-tag">重办</span> : null}</td>
                          <td className="nowrap">{short(o.receivedAt)}</td>
                          <td className="nowrap" title={o.dueWarning ?? undefined}>{short(o.effectiveDueAt)}{o.dueWarning ? <span className="warning-text"> ⚠</span> : null}</td>
                          <td className={`nowrap${o.daysLate ? ' board-late' : ''}`}>{active === 'closedLate' ? `${short(o.closedAt)}（${lateText(o)}）` : lateText(o)}</td>
                          <td className="nowrap">{o.status}</td>
                          {canAct ? (
                            <td className="nowrap">
                              <button className="link" onClick={() => setExtend({ order: o, newDueAt: '', reason: '' })}>延期</button>
                              <button className="link" onClick={() => void record({ orderId: o.id, type: 'urge' }, `已记录对工单 ${o.orderNo} 的催办`)}>催办</button>
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
            </section>
            <aside className="board-units" aria-label="各单位情况">
              <h2>各单位情况</h2>
              <table className="board-table">
                <thead><tr><th>承办单位</th><th>未办结</th><th>已逾期</th><th>24小时内<br />到期</th><th>最早逾期</th><th /></tr></thead>
                <tbody>
                  {board.units.map((u) => (
                    <tr key={u.unitId ?? 0}>
                      {/* The oldest order's 超期 days may go under its number, so the table fits a 1280-px window. */}
                      <td>{u.unitName}</td>
                      <td className="num">{u.open}</td>
                      <td className={`num${u.overdue ? ' board-late' : ''}`}>{u.overdue}</td>
                      <td className="num">{u.due24h}</td>
                      <td>
                        {u.oldestOverdue ? <><a className="mono nowrap" href={hrefOf('/ledger', { order: String(u.oldestOverdue.id) })}>{u.oldestOverdue.orderNo}</a> <span className="nowrap">超期{u.oldestOverdue.daysLate}天</span></> : '—'}
                      </td>
                      <td className="nowrap">{u.unitId !== null && (u.overdue || u.due24h) ? <button className="link" onClick={() => void openReminder(u.unitId!)}>催办单</button> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {board.units.length === 0 ? <p className="muted">没有未办结的工单。</p> : null}
            </aside>
          </div>
        </>
      ) : error ? null : <p className="loading">正在计算…</p>}

      {extend ? (
        <div className="modal-backdrop no-print" onClick={() => setExtend(null)}>
          <form className="modal" role="dialog" aria-label="延期" onClick={(e) => e.stopPropagation()} onSubmit={(e) => void submitExtend(e)}>
            <h2>延期：工单 {extend.order.orderNo}</h2>
            <p className="muted">当前截止时间 {extend.order.effectiveDueAt}。批准的延期取代原截止时间，并计入延期件数。</p>
            <p>
              <label>新的截止时间 <input type="datetime-local" step={1} required aria-label="新的截止时间" value={extend.newDueAt} onChange={(e) => setExtend({ ...extend, newDueAt: e.target.value })} /></label>
            </p>
            <p>
              <label>延期理由 <input type="text" aria-label="延期理由" maxLength={500} size={40} value={extend.reason} onChange={(e) => setExtend({ ...extend, reason: e.target.value })} /></label>
            </p>
            <div className="toolbar">
              <span className="spacer" />
              <button type="button" onClick={() => setExtend(null)}>取消</button>
              <button type="submit" className="primary">批准延期</button>
            </div>
          </form>
        </div>
      ) : null}

      {reminder ? (
        <div className="modal-backdrop board-reminder-backdrop" onClick={() => setReminder(null)}>
          <div className="modal board-reminder" role="dialog" aria-label="催办单" onClick={(e) => e.stopPropagation()}>
            <pre className="board-reminder-text">{reminder.text}</pre>
            <div className="toolbar no-print">
              <span className="muted">{reminder.orderCount} 件</span>
              <span className="spacer" />
              <button onClick={() => void copyReminder()}>复制</button>
              <button onClick={() => window.print()}>打印</button>
              <button onClick={() => setReminder(null)}>关闭</button>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
