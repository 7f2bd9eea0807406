import { intOption, requireDb, stringOption } from '../args';
import { call, withLedger, type Command } from '../command';
import type { OrderRow } from '../../../shared/api';

export const ordersListCommand: Command = {
  words: ['orders', 'list'],
  usage: '--db FILE [--json] [--limit N] [--text T]   列出工单（按受理时间）',
  options: { values: ['db', 'limit', 'text'] },
  run(p, out) {
    withLedger(requireDb(p), (ctx) => {
      const limit = intOption(p, 'limit', Number.MAX_SAFE_INTEGER);
      const text = stringOption(p, 'text');
      const all: OrderRow[] = [];
      let rowCount = Infinity;
      for (let start = 0; start < Math.min(limit, rowCount); start += 1000) {
        const page = call(ctx, 'orders.page', {
          startRow: start,
          endRow: Math.min(start + 1000, limit),
          sort: [{ colId: 'receivedAt', sort: 'asc' }],
          filter: text ? { text } : {},
        });
        rowCount = page.rowCount;
        all.push(...page.rows);
      }
      if (out.json) return out.printJson(all);
      for (const o of all) out.print([o.orderNo, o.receivedAt, o.unitName ?? '', o.status, (o.content ?? '').slice(0, 30)].join('\t'));
    });
  },
};
