// A question the clerk answers before something that cannot be taken back (印发, 删除草稿,
// leaving an unsaved draft). In the page, not window.confirm: it can say why and hold fields.
import type { ReactNode } from 'react';
import { useEscapeKey } from '../components/useEscapeKey';

interface Props {
  title: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

export function ConfirmDialog({ title, confirmLabel, busy = false, onConfirm, onCancel, children }: Props) {
  useEscapeKey(busy ? null : onCancel);
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={title}>
      <div className="modal bulletin-dialog">
        <h2>{title}</h2>
        {children}
        <div className="toolbar">
          <span className="spacer" />
          <button type="button" onClick={onCancel} disabled={busy}>取消</button>
          <button type="button" className="primary" onClick={onConfirm} disabled={busy}>{confirmLabel}</button>
        </div>
      </div>
    </div>
  );
}
