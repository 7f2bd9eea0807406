// The overdue reminder the clerk is shown outside the board: the desktop app's notification (main
// process) and, where the clerk allowed it, the browser's. One text for both, announced once per order.
import type { Board, BoardListKey } from './contract/deadlines';

export interface DueAlert {
  title: string;
  body: string;
  /** The orders this alert announces for the first time (add them to the announced set). */
  freshIds: number[];
}

export const DUE_ALERT_TITLE = '12345热线台账：逾期提醒';
/** How often the board is looked at again while the app stays open. */
export const DUE_ALERT_EVERY_MS = 10 * 60 * 1000;

const ALERT_LISTS: BoardListKey[] = ['overdue', 'due24h'];

/**
 * The alert for a board taken now, or null when no overdue or soon-due order is new to the clerk
 * (orders already announced in this session are not announced again; a quiet board says nothing).
 */
export function dueAlertOf(board: Board, announced: ReadonlySet<number>): DueAlert | null {
  const listed = board.lists
    .filter((l) => ALERT_LISTS.includes(l.key))
    .flatMap((l) => l.groups.flatMap((g) => g.orders.map((o) => o.id)));
  const freshIds = [...new Set(listed)].filter((id) => !announced.has(id));
  if (freshIds.length === 0) return null;
  return {
    title: DUE_ALERT_TITLE,
    body: `逾期未办结 ${board.counts.overdue} 件，24小时内到期 ${board.counts.due24h} 件（新增 ${freshIds.length} 件）`,
    freshIds,
  };
}
