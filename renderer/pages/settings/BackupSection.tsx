// 设置 → 备份: where backups go, the list (time, kind, size, orders), back up now, and restore
// one after a confirmation that says what will happen (the current ledger is backed up first).
import { useCallback, useEffect, useState } from 'react';
import { call, messageOf } from '../../api';
import { showToast } from '../../components/Toast';
import { useEscapeKey } from '../../components/useEscapeKey';
import type { BackupEntry, MethodOutput } from '../../../shared/api';

type Listing = MethodOutput<'backups.list'>;

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function ordersText(n: number | null): string {
  return n === null ? '—' : `${n.toLocaleString('zh-CN')} 件`;
}

export default function BackupSection() {
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const [folderDraft, setFolderDraft] = useState('');
  const [confirming, setConfirming] = useState<BackupEntry | null>(null);
  useEscapeKey(confirming && !busy ? () => setConfirming(null) : null);

  const reload = useCallback(() => {
    call('backups.list', {}).then(
      (l) => {
        setListing(l);
        setFolderDraft(l.folder);
        setError('');
      },
      (e) => setError(messageOf(e)),
    );
  }, []);
  useEffect(reload, [reload]);

  async function run(label: string, work: () => Promise<string>) {
    setBusy(label);
    try {
      showToast(await work());
    } catch (e) {
      showToast(messageOf(e), 'error');
    } finally {
      setBusy('');
      reload();
    }
  }

  const backUpNow = () =>
    run('正在备份…', async () => {
      const b = await call('backups.create', {});
      const fallback = b.fellBackFrom ? `（${b.fellBackFrom} 无法写入，已改存默认文件夹）` : '';
      return `已备份：${b.fileName}，工单 ${ordersText(b.orderCount)}，完整性检查通过${fallback}`;
    });

  const saveFolder = (folder: string | null) =>
    run('正在检查文件夹…', async () => {
      const r = await call('backups.setFolder', { folder });
      return `备份文件夹已设为 ${r.folder}`;
    });

  const restore = (b: BackupEntry) => {
    setConfirming(null);
    return run('正在恢复…', async () => {
      const r = await call('backups.restore', { file: b.file, confirm: true });
      const safety = r.safetyBackup ? `；恢复前的台账已保存为 ${r.safetyBackup.file}` : '';
      return `已恢复到 ${b.at} 的备份，工单 ${ordersText(r.orderCount)}${safety}`;
    });
  };

  if (error) return <p className="error-text">{error}</p>;
  if (!listing) return <p>正在读取…</p>;
  return (
    <div className="backup-section">
      <p className="muted">
        每天第一次启动、每次导入前、软件升级台账前都会自动备份，并做完整性检查。保留最近 7 天每天一份、最近 4 周每周一份、最近
        12 个月每月一份；导入前、恢复前的备份保留 30 天；手动备份一直保留。
      </p>
      <div className="toolbar">
        <label htmlFor="backup-folder">备份文件夹</label>
        <input id="backup-folder" className="mono" style={{ flex: 1, minWidth: 320 }} value={folderDraft} onChange={(e) => setFolderDraft(e.target.value)} />
        <button disabled={!!busy || folderDraft.trim() === listing.folder} onClick={() => saveFolder(folderDraft)}>保存文件夹</button>
        {listing.folder !== listing.defaultFolder && (
          <button disabled={!!busy} onClick={() => saveFolder(null)}>恢复默认</button>
        )}
      </div>
      <div className="toolbar">
        <button className="primary" disabled={!!busy} onClick={backUpNow}>立即备份</button>
        <span className="muted">{busy}</span>
        <span className="spacer" />
        <span className="row-count">共 {listing.backups.length} 份备份</span>
      </div>
      {listing.backups.length === 0 ? (
        <p className="muted">还没有备份。</p>
      ) : (
        <table className="history backup-list">
          <thead>
            <tr><th>备份时间</th><th>类型</th><th>工单数</th><th>大小</th><th>文件</th><th></th></tr>
          </thead>
          <tbody>
            {listing.backups.map((b) => (
              <tr key={b.file}>
                <td className="nowrap">{b.at}</td>
                <td className="nowrap">{b.kindLabel}{b.verified === false ? <span className="error-text">（未通过检查）</span> : null}</td>
                <td className="nowrap">{ordersText(b.orderCount)}</td>
                <td className="nowrap">{sizeText(b.bytes)}</td>
                <td className="mono" title={b.file}>{b.fileName}</td>
                <td>
                  {b.kind !== 'damaged' && (
                    <button className="link" disabled={!!busy} onClick={() => setConfirming(b)}>恢复…</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="确认恢复">
          <div className="modal">
            <h2>用这份备份恢复台账？</h2>
            <p>
              台账将回到 <b>{confirming.at}</b> 的状态（{confirming.kindLabel}备份，工单 {ordersText(confirming.orderCount)}）。
              此后录入、导入和修改的内容将不在恢复后的台账中。
            </p>
            <p>恢复前会先把当前台账完整备份一份（类型“恢复前”），需要时可以再恢复回来。</p>
            <div className="toolbar">
              <span className="spacer" />
              <button onClick={() => setConfirming(null)}>取消</button>
              <button className="primary" onClick={() => restore(confirming)}>确认恢复</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
