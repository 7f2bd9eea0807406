// The desktop app's overdue notifications: at start and every ten minutes the main process takes
// the board through the same API as the page and, when an order became overdue or due within 24
// hours, shows one system notification; clicking it brings the window to the 逾期跟踪 page.
// Types only from 'electron' (see window.ts): the Notification class is passed in by main.ts.
import type { Notification as ElectronNotification, NotificationConstructorOptions } from 'electron';
import type { HandlerContext } from './api/context';
import { dispatch } from './api/dispatch';
import { DUE_ALERT_EVERY_MS, dueAlertOf } from '../shared/dueAlert';
import type { Board } from '../shared/contract/deadlines';

export interface NotificationApi {
  new (options: NotificationConstructorOptions): ElectronNotification;
  isSupported(): boolean;
}

/** Starts the checks; returns the function that stops them. A failed check is skipped quietly (the board shows the error). */
export function startDueNotifications(ctx: HandlerContext, NotificationClass: NotificationApi, onClick: () => void): () => void {
  if (!NotificationClass.isSupported()) return () => {};
  const announced = new Set<number>();
  const check = () => {
    const result = dispatch(ctx, 'deadlines.board', {});
    if (!result.ok) return;
    const alert = dueAlertOf(result.value as Board, announced);
    if (!alert) return;
    for (const id of alert.freshIds) announced.add(id);
    const n = new NotificationClass({ title: alert.title, body: alert.body });
    n.on('click', onClick);
    n.show();
  };
  const first = setTimeout(check, 5_000); // after the window has shown, not before it
  const timer = setInterval(check, DUE_ALERT_EVERY_MS);
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
