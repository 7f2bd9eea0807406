// hotline overdue: open orders past due or due within 24 hours, with unit, due time and days late.
import { requireDb, stringOption } from '../args';
import { call, withLedger, type Command } from '../command';
import type { BoardOrder } from '../../../shared/api';

export const overdueCommand: Command = {
  words: ['overdue'],
  usage: '--db FILE [--as-of "YYYY-MM-DD HH:mm:ss"] [--json]   列出逾期未办结和24小时内到期的工单',
  options: { values: ['db', 'as-of'] },
  run(p, out) {
    withLedger(requireDb(p), (ctx) => {
      const asOf = stringOption(p, 'as-of');
      const board = call(ctx, 'deadlines.board', { asOf, limit: 20000 });
      const flat = (key: 'overdue' | 'due24h') => board.lists.find((l) => l.key === key)!.groups.flatMap((g) => g.orders);
      const row = (o: BoardOrder) => ({
        orderNo: o.orderNo, unit: o.unitName, receivedAt: o.receivedAt, dueAt: o.effectiveDueAt, daysLate: o.daysLate, hoursLeft: o.hoursLeft,
        status: o.status, title: o.title, warning: o.dueWarning,
      });
      const overdue = flat('overdue').sort(byDue);
      const dueSoon = flat('due24h').sort(byDue);
      if (out.json) {
        return out.printJson({ asOf: board.asOf, coverage: board.coverage.summary, warning: board.coverage.warning, overdueCount: board.counts.overdue, dueSoonCount: board.counts.due24h, overdue: overdue.map(row), dueSoon: dueSoon.map(row) });
      }
      out.print(`截至 ${board.asOf}：逾期未办结 ${board.counts.overdue} 件，24小时内到期 ${board.counts.due24h} 件（${board.coverage.summary}）`);
      if (board.coverage.warning) out.print(`注意：${board.coverage.warning}`);
      if (board.recomputeNeeded) out.print('注意：台账升级后尚未重新计算截止时间，请在程序中执行“重新计算”。');
      for (const o of overdue) out.print(['逾期', o.orderNo, o.unitName ?? '（未派单）', o.effectiveDueAt ?? '', `超期${o.daysLate}天`, o.title ?? ''].join('\t'));
      for (const o of dueSoon) out.print(['将到期', o.orderNo, o.unitName ?? '（未派单）', o.effectiveDueAt ?? '', `剩余${o.hoursLeft}小时`, o.title ?? ''].join('\t'));
    });
  },
};

function byDue(a: BoardOrder, b: BoardOrder): number {
  return (a.effectiveDueAt ?? '').localeCompare(b.effectiveDueAt ?? '') || a.orderNo.localeCompare(b.orderNo);
}
