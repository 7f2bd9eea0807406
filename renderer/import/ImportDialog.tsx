// Placeholder until the import issue lands (renderer/import/** belongs to it): same props.
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void; onImported: () => void }) {
  if (!open) return null;
  return (
    <div className="modal-backdrop" role="dialog" aria-label="导入工单">
      <div className="modal">
        <h2>导入工单</h2>
        <p>导入市平台导出的表格即将提供。</p>
        <button type="button" onClick={onClose}>关闭</button>
      </div>
    </div>
  );
}
