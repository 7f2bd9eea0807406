import { requireDb } from '../args';
import { call, withLedger, type Command } from '../command';

export const initCommand: Command = {
  words: ['init'],
  usage: '--db FILE                          创建（或升级）台账文件',
  options: { values: ['db'] },
  run(p, out) {
    withLedger(requireDb(p), (ctx) => {
      const info = call(ctx, 'app.info', {});
      if (out.json) out.printJson(info);
      else out.print(`台账已就绪：${info.ledgerPath}（工单 ${info.orderCount} 件，单位 ${info.unitCount} 个）`);
    });
  },
};
