// Placeholder until the export issue lands (renderer/export/** belongs to it): same props.
import type { OrderFilter } from '../../shared/api';

export interface LedgerView {
  filter: OrderFilter;
  sort: { colId: string; sort: 'asc' | 'desc' }[];
  columns: string[];
}

export function ExportDialog({ open, onClose }: { open: boolean; onClose: () => void; view: LedgerView }) {
  if (!open) return null;
  return (
    <div className="modal-backdrop" role="dialog" aria-label="导出">
      <div className="modal">
        <h2>导出</h2>
        <p>导出为 Excel 即将提供。</p>
        <button type="button" onClick={onClose}>关闭</button>
      </div>
    </div>
  );
}
