// 导出: the ledger's current view (filter, sort, visible columns) as .xlsx or CSV, optionally
// with callers masked, downloaded by the browser or saved by Electron's download handling.
import { useState } from 'react';
import { call, downloadBase64, messageOf } from '../api';
import { useEscapeKey } from '../components/useEscapeKey';
import type { MethodInput } from '../../shared/api';
import { EXPORT_COLUMNS, type OrderFilter } from '../../shared/api';
import { ORDER_FIELDS } from '../../shared/fields';
import '../import/import.css';

export interface LedgerView {
  filter: OrderFilter;
  sort: { colId: string; sort: 'asc' | 'desc' }[];
  columns: string[];
}

interface Props {
  open: boolean;
  onClose: () => void;
  view: LedgerView;
}

const SORTABLE = new Set<string>(['id', ...ORDER_FIELDS.map((f) => f.key)]);

/** The grid's view in the words of the export request: unknown columns (the detail link, selection) left out. */
export function exportViewOf(view: LedgerView): { filter: OrderFilter; sort: { colId: string; sort: 'asc' | 'desc' }[]; columns: string[] } {
  const columns = view.columns.map((c) => (c === 'unitName' ? 'unitId' : c)).filter((c) => EXPORT_COLUMNS.includes(c));
  const sort = view.sort.map((s) => ({ ...s, colId: s.colId === 'unitName' ? 'unitId' : s.colId })).filter((s) => SORTABLE.has(s.colId)).slice(0, 5);
  return { filter: view.filter, sort, columns: [...new Set(columns)] };
}

export function ExportDialog({ open, onClose, view }: Props) {
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [encoding, setEncoding] = useState<'utf8' | 'gbk'>('utf8');
  const [mask, setMask] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEscapeKey(open && !busy ? onClose : null);
  if (!open) return null;
  const v = exportViewOf(view);

  async function run() {
    setBusy(true);
    setMessage(null);
    try {
      const r = await call('imports.export', { ...v, sort: v.sort as MethodInput<'imports.export'>['sort'], format, encoding, mask });
      downloadBase64(r.fileName, r.base64);
      setMessage({ text: `已导出 ${r.rows} 件工单：${r.fileName}`, error: false });
    } catch (e) {
      setMessage({ text: messageOf(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-label="导出">
      <div className="modal export-dialog import-dialog">
        <h2>导出当前视图</h2>
        <p className="muted">按台账当前的筛选、排序和显示的 {v.columns.length || ORDER_FIELDS.length} 列导出。</p>
        <fieldset>
          <legend>格式</legend>
          <label><input type="radio" name="export-format" checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} /> Excel（.xlsx）</label>
          <label><input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV</label>
        </fieldset>
        {format === 'csv' ? (
          <fieldset>
            <legend>编码</legend>
            <label><input type="radio" name="export-encoding" checked={encoding === 'utf8'} onChange={() => setEncoding('utf8')} /> UTF-8（带 BOM）</label>
            <label><input type="radio" name="export-encoding" checked={encoding === 'gbk'} onChange={() => setEncoding('gbk')} /> GBK（旧版 Excel）</label>
          </fieldset>
        ) : null}
        <label><input type="checkbox" checked={mask} onChange={(e) => setMask(e.target.checked)} /> 隐去来电人姓名和电话（如 138****5678，用于上报）</label>
        {message ? <p className={message.error ? 'error-text' : ''} role="status">{message.text}</p> : null}
        <div className="actions">
          <span className="spacer" />
          <button type="button" className="primary" disabled={busy} onClick={() => void run()}>{busy ? '正在导出…' : '导出'}</button>
          <button type="button" onClick={onClose}>关闭</button>
        </div>
      </div>
    </div>
  );
}
