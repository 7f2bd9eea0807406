// Handlers of the backups area: list, back up now, choose the folder, restore.
import path from 'node:path';
import type { backupsMethods } from '../../shared/contract/backups';
import { AppError } from '../../shared/result';
import { appendAudit } from '../ledger/audit';
import { backupFolderOf, backupLedger, defaultBackupFolder, listBackups, setBackupFolder } from '../services/backup/backups';
import { restoreLedger } from '../services/backup/restore';
import type { HandlersFor } from './handlerTypes';

export const backupsHandlers: HandlersFor<typeof backupsMethods> = {
  'backups.list': ({ ledger }) => ({
    folder: backupFolderOf(ledger.path),
    defaultFolder: defaultBackupFolder(ledger.path),
    backups: listBackups(ledger.path),
  }),

  'backups.create': ({ ledger }) => backupLedger(ledger.path, { kind: 'manual' }),

  'backups.setFolder': ({ ledger, actor }, { folder }) => {
    const old = backupFolderOf(ledger.path);
    const chosen = setBackupFolder(ledger.path, folder);
    appendAudit(ledger.db, actor, [{ action: 'update', entity: 'settings', entityId: null, field: 'backup.folder', oldValue: old, newValue: chosen }]);
    return { folder: chosen };
  },

  // Only a backup from the list: the page cannot point the restore at an arbitrary file.
  'backups.restore': ({ ledger, actor, pager }, { file }) => {
    const known = listBackups(ledger.path).find((b) => path.resolve(b.file) === path.resolve(file));
    if (!known) throw new AppError('not_found', `备份列表中没有这个文件：${file}`);
    if (known.kind === 'damaged') throw new AppError('validation', '这是损坏台账的副本，不能用于恢复');
    const r = restoreLedger(ledger.path, known.file, { actor, liveDb: ledger.db });
    pager.invalidate();
    return { restoredFrom: r.restoredFrom, orderCount: r.orderCount, safetyBackup: r.safetyBackup, ms: r.ms };
  },
};
