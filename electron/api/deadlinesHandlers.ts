// Handlers of the deadlines area: the board, 催办单, order events, the calendar and time limits.
// Writes run inside the dispatcher's transaction; a change of the calendar or the rules recomputes
// the derived due times in that same transaction, so a ledger never holds stale ones.
import type { deadlinesMethods } from '../../shared/contract/deadlines';
import { getOrderRow } from '../ledger/orders';
import { listOrderEvents, recordOrderEvent } from '../ledger/orderEvents';
import type { Db } from '../ledger/open';
import type { Actor } from '../ledger/audit';
import { boardOf, reminderOf } from '../services/board';
import {
  builtinDaysOfYear, coverageOf, listOverrides, parseHolidayList, removeOverride, setOfficeYearCovered, upsertOverride,
} from '../services/calendar';
import { orderDeadlineOf, recomputeDeadlines, recomputeIfNeeded } from '../services/deadlines';
import { DEFAULT_TIME_LIMITS, readTimeLimits, writeTimeLimits } from '../services/timeLimits';
import type { HandlersFor } from './handlerTypes';

/** After a calendar change: all orders, one audit entry naming the reason. */
function recomputeAll(db: Db, actor: Actor, reason: string) {
  return recomputeDeadlines(db, actor, { reason });
}

export const deadlinesHandlers: HandlersFor<typeof deadlinesMethods> = {
  'deadlines.board': ({ ledger }, input) => boardOf(ledger.db, input),

  'deadlines.reminder': ({ ledger }, { unitId, asOf }) => reminderOf(ledger.db, unitId, asOf),

  'deadlines.orderEvents': ({ ledger }, { orderId }) => ({
    deadline: orderDeadlineOf(ledger.db, orderId),
    events: listOrderEvents(ledger.db, orderId),
  }),

  'deadlines.recordEvent': ({ ledger, actor }, input) => {
    recomputeIfNeeded(ledger.db, actor);
    const event = recordOrderEvent(ledger.db, actor, input);
    return { event, order: getOrderRow(ledger.db, input.orderId), deadline: orderDeadlineOf(ledger.db, input.orderId) };
  },

  'deadlines.recompute': ({ ledger, actor }) => recomputeAll(ledger.db, actor, '手动重新计算'),

  'deadlines.coverage': ({ ledger }) => coverageOf(ledger.db),

  'holidays.list': ({ ledger }, { year }) => ({
    overrides: listOverrides(ledger.db, year),
    coverage: coverageOf(ledger.db),
    builtin: year === undefined ? [] : builtinDaysOfYear(year),
  }),

  'holidays.add': ({ ledger, actor }, { day, kind, note }) => {
    const { override, changed } = upsertOverride(ledger.db, actor, day, kind, note || null);
    const recomputed = changed === 'same' ? { scanned: 0, changed: 0 } : recomputeAll(ledger.db, actor, `节假日修改（${day}）`);
    return { override, recomputed };
  },

  'holidays.remove': ({ ledger, actor }, { day }) => {
    const removed = removeOverride(ledger.db, actor, day);
    return { removed, recomputed: removed ? recomputeAll(ledger.db, actor, `节假日删除（${day}）`) : { scanned: 0, changed: 0 } };
  },

  'holidays.import': ({ ledger, actor }, { text, markYearsCovered }) => {
    const days = parseHolidayList(text);
    let added = 0, updated = 0;
    for (const d of days) {
      const { changed } = upsertOverride(ledger.db, actor, d.day, d.kind, d.note);
      if (changed === 'added') added++;
      if (changed === 'updated') updated++;
    }
    const years = [...new Set(days.map((d) => Number(d.day.slice(0, 4))))].sort((a, b) => a - b);
    if (markYearsCovered) for (const y of years) setOfficeYearCovered(ledger.db, actor, y, true);
    const recomputed = days.length ? recomputeAll(ledger.db, actor, `导入节假日 ${days.length} 天`) : { scanned: 0, changed: 0 };
    return { added, updated, years, recomputed };
  },

  'holidays.setYearCovered': ({ ledger, actor }, { year, covered }) => {
    setOfficeYearCovered(ledger.db, actor, year, covered);
    recomputeAll(ledger.db, actor, `${year} 年节假日${covered ? '已录入' : '标记为未录入'}`);
    return { coverage: coverageOf(ledger.db) };
  },

  'timeLimits.get': ({ ledger }) => ({ ...readTimeLimits(ledger.db), defaults: DEFAULT_TIME_LIMITS }),

  'timeLimits.set': ({ ledger, actor }, settings) => {
    const changed = writeTimeLimits(ledger.db, actor, settings);
    return { recomputed: changed ? recomputeAll(ledger.db, actor, '时限规则修改') : { scanned: 0, changed: 0 } };
  },
};
