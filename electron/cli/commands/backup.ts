// `hotline backup`: a verified copy of the ledger (into FILE, or the backup folder), and the list.
import { requireDb, stringOption } from '../args';
import type { Command } from '../command';
import { backupLedger, backupFolderOf, listBackups } from '../../services/backup/backups';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const backupCommand: Command = {
  words: ['backup'],
  usage: '--db FILE [--out FILE]            备份台账（联机备份并做完整性检查）；不给 --out 时存入备份文件夹',
  options: { values: ['db', 'out'] },
  run(p, out) {
    const db = requireDb(p);
    const b = backupLedger(db, { kind: 'manual', out: stringOption(p, 'out') });
    if (out.json) out.printJson(b);
    else out.print(`已备份到 ${b.file}：工单 ${b.orderCount ?? '?'} 件，${megabytes(b.bytes)}，完整性检查通过，用时 ${(b.ms / 1000).toFixed(1)} 秒`);
  },
};

export const backupListCommand: Command = {
  words: ['backup', 'list'],
  usage: '--db FILE                    列出台账的备份（时间、类型、大小、工单数）',
  options: { values: ['db'] },
  run(p, out) {
    const db = requireDb(p);
    const backups = listBackups(db);
    if (out.json) return out.printJson({ folder: backupFolderOf(db), backups });
    out.print(`备份文件夹：${backupFolderOf(db)}`);
    if (backups.length === 0) return out.print('还没有备份');
    for (const b of backups) {
      out.print(`${b.at}  ${b.kindLabel.padEnd(6, '　')}  ${megabytes(b.bytes).padStart(10)}  工单 ${String(b.orderCount ?? '?').padStart(8)} 件  ${b.file}`);
    }
  },
};
