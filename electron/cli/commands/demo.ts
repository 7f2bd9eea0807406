import { intOption, requireDb } from '../args';
import { call, withLedger, type Command } from '../command';

export const demoCommand: Command = {
  words: ['demo'],
  usage: '--db FILE [--orders N]             加载示例数据（空台账）',
  options: { values: ['db', 'orders'] },
  run(p, out) {
    withLedger(requireDb(p), (ctx) => {
      const r = call(ctx, 'demo.load', { orders: intOption(p, 'orders', 400) });
      if (out.json) out.printJson(r);
      else out.print(`已加载示例数据：工单 ${r.orders} 件，承办单位 ${r.units} 个`);
    });
  },
};
