// The desktop app's overdue notifications, driven by the real board of a real ledger: one
// notification at start naming the counts, nothing again for the same orders, a new one when
// another order falls due, and a click that brings the clerk to the board.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationConstructorOptions } from 'electron';
import { insertOrders, type NewOrder } from '../../electron/ledger/orders';
import { insertUnit } from '../../electron/ledger/units';
import { startDueNotifications, type NotificationApi } from '../../electron/dueNotifications';
import { dueAlertOf, DUE_ALERT_EVERY_MS } from '../../shared/dueAlert';
import { addDays, dayOf, nowCst } from '../../shared/time';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';

let t: TempLedger;
const daysAgo = (n: number) => `${addDays(dayOf(nowCst()), -n)} 09:00:00`;
let unit: number;

function seed(orderNo: string, receivedAt: string, extra: Partial<NewOrder> = {}): void {
  const order: NewOrder = { orderNo, receivedAt, unitId: unit, handling: '转办', appealType: '投诉', urgency: '一般', title: orderNo, ...extra };
  t.ledger.db.transaction(() => insertOrders(t.ledger.db, TEST_ACTOR, [order]))();
}

/** Records what the app asked the system to show. */
function recordingNotifications(supported = true) {
  const shown: { options: NotificationConstructorOptions; click: () => void }[] = [];
  class Recording {
    private onClick = () => {};
    constructor(private readonly options: NotificationConstructorOptions) {}
    static isSupported() { return supported; }
    on(event: string, listener: () => void) { if (event === 'click') this.onClick = listener; return this; }
    show() { shown.push({ options: this.options, click: () => this.onClick() }); }
  }
  return { shown, NotificationClass: Recording as unknown as NotificationApi };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  t = makeTempLedger();
  unit = t.ledger.db.transaction(() => insertUnit(t.ledger.db, TEST_ACTOR, { name: '城关镇' }))();
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

describe('overdue notifications of the desktop app', () => {
  it('announces overdue orders once, then only the ones that are new, and a click opens the board', () => {
    seed('N1', daysAgo(40)); // due long ago, still open
    seed('N2', daysAgo(30));
    seed('N3', daysAgo(30), { closedAt: daysAgo(29) }); // closed: no alert
    const { shown, NotificationClass } = recordingNotifications();
    let clicks = 0;
    const stop = startDueNotifications(t.ctx, NotificationClass, () => { clicks += 1; });

    expect(shown).toHaveLength(0); // not before the window had time to show
    vi.advanceTimersByTime(5_000);
    expect(shown).toHaveLength(1);
    expect(shown[0].options.title).toBe('12345热线台账：逾期提醒');
    expect(shown[0].options.body).toBe('逾期未办结 2 件，24小时内到期 0 件（新增 2 件）');

    vi.advanceTimersByTime(DUE_ALERT_EVERY_MS);
    expect(shown).toHaveLength(1); // the same two orders are not announced again

    seed('N4', daysAgo(20));
    vi.advanceTimersByTime(DUE_ALERT_EVERY_MS);
    expect(shown).toHaveLength(2);
    expect(shown[1].options.body).toBe('逾期未办结 3 件，24小时内到期 0 件（新增 1 件）');

    shown[1].click();
    expect(clicks).toBe(1);
    stop();
    seed('N5', daysAgo(20));
    vi.advanceTimersByTime(DUE_ALERT_EVERY_MS * 2);
    expect(shown).toHaveLength(2); // stopped at quit
  });

  it('says nothing on a quiet board or where the system has no notifications', () => {
    seed('Q1', nowCst(), { closedAt: nowCst() });
    const quiet = recordingNotifications();
    startDueNotifications(t.ctx, quiet.NotificationClass, () => {})();
    const stopQuiet = startDueNotifications(t.ctx, quiet.NotificationClass, () => {});
    vi.advanceTimersByTime(DUE_ALERT_EVERY_MS);
    stopQuiet();
    expect(quiet.shown).toHaveLength(0);
    expect(dueAlertOf(t.call('deadlines.board', {}), new Set())).toBeNull();

    seed('Q2', daysAgo(40));
    const unsupported = recordingNotifications(false);
    const stop = startDueNotifications(t.ctx, unsupported.NotificationClass, () => {});
    vi.advanceTimersByTime(DUE_ALERT_EVERY_MS);
    stop();
    expect(unsupported.shown).toHaveLength(0);
  });
});
