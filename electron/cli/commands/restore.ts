// `hotline restore`: replace the ledger with a backup, after backing up the current state.
import { requireDb, requireOption } from '../args';
import type { Command } from '../command';
import { restoreLedger } from '../../services/backup/restore';
import { operatorName } from '../../paths';

export const restoreCommand: Command = {
  words: ['restore'],
  usage: '--db FILE --from BACKUP           用备份恢复台账（恢复前先备份当前台账）',
  options: { values: ['db', 'from'] },
  run(p, out) {
    const r = restoreLedger(requireDb(p), requireOption(p, 'from', 'BACKUP'), { actor: { who: operatorName(), source: 'cli' } });
    if (out.json) return out.printJson(r);
    const safety = r.safetyBackup
      ? r.safetyBackup.damaged
        ? `；原台账已损坏，其副本保存在 ${r.safetyBackup.file}`
        : `；恢复前的台账已备份到 ${r.safetyBackup.file}`
      : '';
    out.print(`已从 ${r.restoredFrom} 恢复台账：工单 ${r.orderCount} 件${safety}`);
  },
};
