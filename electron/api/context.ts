// What a handler gets besides its input: the open ledger and who is asking.
import type { Ledger } from '../ledger/open';
import type { Actor } from '../ledger/audit';
import { OrderPager } from '../ledger/orderPages';

export interface HandlerContext {
  ledger: Ledger;
  actor: Actor;
  pager: OrderPager;
  appVersion: string;
}

export function createContext(ledger: Ledger, actor: Actor, appVersion: string): HandlerContext {
  return { ledger, actor, pager: new OrderPager(ledger.db), appVersion };
}
