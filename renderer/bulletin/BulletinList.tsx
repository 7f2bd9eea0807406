// The bulletins kept in the ledger, newest first: drafts and issued ones with their 文号.
import type { BulletinSummary } from '../../shared/contract/bulletins';

interface Props {
  bulletins: BulletinSummary[];
  currentId: number | null;
  busy: boolean;
  onOpen: (id: number) => void;
}

export function BulletinList({ bulletins, currentId, busy, onOpen }: Props) {
  if (bulletins.length === 0) return <div className="muted bulletin-list-empty">还没有保存的通报：起草后点“保存草稿”，印发后在此重新打印。</div>;
  return (
    <div className="bulletin-list">
      <table aria-label="通报列表">
        <thead>
          <tr><th>状态</th><th>文号 / 期数</th><th>标题</th><th>期间</th><th>日期</th><th /></tr>
        </thead>
        <tbody>
          {bulletins.map((b) => (
            <tr key={b.id} className={b.id === currentId ? 'current' : undefined}>
              <td><span className={`bulletin-status bulletin-status-${b.status}`}>{b.status === 'issued' ? '已印发' : '草稿'}</span></td>
              <td className="nowrap">{b.numberText || '—'}</td>
              <td className="bulletin-list-title" title={b.title}>{b.title}</td>
              <td className="nowrap">{b.period}</td>
              <td className="nowrap">{b.status === 'issued' ? `${b.issuedAt?.slice(0, 10)} 印发` : `${b.updatedAt.slice(0, 16)} 修改`}</td>
              <td><button type="button" className="link" disabled={busy || b.id === currentId} onClick={() => onOpen(b.id)} aria-label={`打开 ${b.title}`}>打开</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
