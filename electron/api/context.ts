// What a handler gets besides its input: the open ledger and who is asking.
import type { Ledger } from '../ledger/open';
import type { Actor } from '../ledger/audit';
import { OrderPager } from '../ledger/orderPages';
import { IdleCheckpoints } from '../ledger/checkpoints';

export interface HandlerContext {
  ledger: Ledger;
  actor: Actor;
  pager: OrderPager;
  /** Checkpoints the WAL a moment after each write (see checkpoints.ts). */
  checkpoints: IdleCheckpoints;
  appVersion: string;
}

export function createContext(ledger: Ledger, actor: Actor, appVersion: string): HandlerContext {
  return { ledger, actor, pager: new OrderPager(ledger.db), checkpoints: new IdleCheckpoints(ledger.db), appVersion };
}
