// One order in full beside the grid, with its history from the audit log.
import { useEffect, useState } from 'react';
import { call, messageOf } from '../api';
import type { MethodOutput } from '../../shared/api';
import { ORDER_FIELDS } from '../../shared/fields';

const ACTION_LABEL: Record<string, string> = {
  create: '新建', update: '修改', paste: '粘贴', undo: '撤销', redo: '重做', delete: '删除', restore: '恢复', import: '导入',
};

interface Props {
  id: number;
  /** Changes whenever the ledger may have changed, so the panel reloads. */
  version: number;
  onClose: () => void;
}

export function OrderPanel({ id, version, onClose }: Props) {
  const [data, setData] = useState<MethodOutput<'orders.get'> | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    call('orders.get', { id }).then(
      (d) => { if (live) { setData(d); setError(''); } },
      (e) => { if (live) setError(messageOf(e)); },
    );
    return () => { live = false; };
  }, [id, version]);

  const order = data?.order;
  return (
    <aside className="order-panel" aria-label="工单详情">
      <header>
        <h2>{order ? `工单 ${order.orderNo}` : '工单详情'}</h2>
        <button type="button" className="icon" aria-label="关闭详情" onClick={onClose}>×</button>
      </header>
      {error ? <p className="error-text">{error}</p> : null}
      {order ? (
        <>
          {order.deleted ? <p className="warning-text">此工单已删除（在回收站中，可恢复）</p> : null}
          <dl className="order-fields">
            {ORDER_FIELDS.map((f) => {
              const value = f.key === 'unitId' ? order.unitName : (order as Record<string, unknown>)[f.key];
              return (
                <div key={f.key} className={f.type === 'longtext' ? 'wide' : undefined}>
                  <dt>{f.label}</dt>
                  <dd>{value === null || value === undefined || value === '' ? <span className="muted">—</span> : String(value)}</dd>
                </div>
              );
            })}
          </dl>
          <h3>修改记录</h3>
          {data.history.length === 0 ? <p className="muted">暂无记录</p> : (
            <table className="history">
              <thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>字段</th><th>原值</th><th>新值</th></tr></thead>
              <tbody>
                {[...data.history].reverse().map((h) => (
                  <tr key={h.id}>
                    <td className="nowrap">{h.at}</td>
                    <td>{h.who}{h.source === 'import' ? '（导入）' : h.source === 'cli' ? '（命令行）' : ''}</td>
                    <td>{ACTION_LABEL[h.action] ?? h.action}</td>
                    <td>{h.fieldLabel ?? ''}</td>
                    <td className="old">{h.oldValue ?? ''}</td>
                    <td>{h.newValue ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </aside>
  );
}
