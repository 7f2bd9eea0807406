// 加载示例数据: a realistic demo ledger of the last three months, for a clerk to try the app on.
import { AppError } from '../../shared/result';
import { addDays, nowCst } from '../../shared/time';
import type { Actor } from '../ledger/audit';
import { loadOrders, type NewOrder } from '../ledger/orders';
import { insertUnit, unitIdByName } from '../ledger/units';
import type { Db } from '../ledger/open';
import { syntheticOrders, unitSpecs, type UnitSpec } from './synthetic';

/** Creates the units that do not exist yet (parents first); call inside a transaction. */
export function ensureUnits(db: Db, actor: Actor, specs: readonly UnitSpec[]): void {
  for (const spec of [...specs].sort((a, b) => Number(!!a.parent) - Number(!!b.parent))) {
    if (unitIdByName(db, spec.name) !== undefined) continue;
    const parentId = spec.parent ? unitIdByName(db, spec.parent) ?? null : null;
    insertUnit(db, actor, { name: spec.name, kind: spec.kind, parentId, aliases: spec.aliases });
  }
}

/** Runs inside the dispatcher's transaction. Refuses a ledger that already holds orders. */
export function loadDemoLedger(db: Db, actor: Actor, { orders }: { orders: number }): { orders: number; units: number } {
  const existing = (db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n;
  if (existing > 0) throw new AppError('conflict', `台账中已有 ${existing} 件工单，示例数据只能加载到空台账`);
  const specs = unitSpecs(40);
  ensureUnits(db, actor, specs);
  const now = nowCst();
  const batch: NewOrder[] = [];
  for (const o of syntheticOrders({ count: orders, from: `${addDays(now.slice(0, 10), -91)} 08:00:00`, to: now, asOf: now, units: specs, seed: 20261123 })) {
    const { unitName, ...order } = o;
    batch.push({ ...order, unitId: unitName ? unitIdByName(db, unitName) ?? null : null });
  }
  loadOrders(db, actor, [batch], { label: '加载示例数据', expected: batch.length });
  return { orders: batch.length, units: specs.length };
}
