// The handler table: one plain function per method of shared/api.ts. The only place that knows
// every method. Writes are wrapped in one transaction by the dispatcher, not here.
import type { MethodName, MethodOutput, ParsedInput } from '../../shared/api';
import { AppError } from '../../shared/result';
import { getOrderRow, applyCellEdits, insertOrders, nextLocalOrderNo, setOrdersDeleted, validationContext, fieldLabel } from '../ledger/orders';
import type { NewOrder } from '../ledger/orders';
import { auditOf } from '../ledger/audit';
import { getUnit, insertUnit, listUnits, patchUnit } from '../ledger/units';
import { readDictionaries } from '../ledger/dictionaries';
import { readSetting, writeSetting } from '../ledger/settings';
import { appendAudit } from '../ledger/audit';
import { checkFieldInput, checkOrderTimes, isEditableField } from '../../shared/fields';
import { nowCst } from '../../shared/time';
import { importUnitsFile } from '../services/unitsImport';
import { loadDemoLedger } from '../services/demo';
import type { HandlerContext } from './context';

type Handler<M extends MethodName> = (ctx: HandlerContext, input: ParsedInput<M>) => MethodOutput<M>;
export type HandlerTable = { [M in MethodName]: Handler<M> };

/** Settings the page may read and write: its own layout preferences, nothing else. */
function assertUiSettingKey(key: string): void {
  if (!/^ui\.[a-zA-Z0-9_.-]+$/.test(key)) throw new AppError('forbidden', `不允许访问设置项 ${key}`);
}

export const handlers: HandlerTable = {
  'app.info': ({ ledger, appVersion, actor }) => {
    const count = (sql: string) => (ledger.db.prepare(sql).get() as { n: number }).n;
    return {
      ledgerPath: ledger.path,
      version: appVersion,
      orderCount: count(`SELECT count(*) AS n FROM orders WHERE deleted = 0`),
      unitCount: count(`SELECT count(*) AS n FROM units`),
      operator: actor.who,
    };
  },

  'orders.page': ({ pager }, input) => pager.page(input.filter, input.sort, input.startRow, input.endRow),

  'orders.get': ({ ledger }, { id }) => {
    const order = getOrderRow(ledger.db, id);
    const history = auditOf(ledger.db, 'order', id).map((a) => ({
      id: a.id, at: a.at, who: a.who, source: a.source, action: a.action,
      field: a.field, fieldLabel: fieldLabel(a.field), oldValue: a.old_value, newValue: a.new_value,
    }));
    return { order, history };
  },

  'orders.applyEdits': ({ ledger, actor }, { edits, reason }) => {
    const outcome = applyCellEdits(ledger.db, actor, edits, reason === 'edit' ? 'update' : reason);
    return { applied: outcome.applied, refused: outcome.refused, rows: outcome.changedIds.map((id) => getOrderRow(ledger.db, id)) };
  },

  'orders.create': ({ ledger, actor }, { values = {} }) => {
    const db = ledger.db;
    const ctx = validationContext(db);
    const order: NewOrder = { orderNo: nextLocalOrderNo(db), receivedAt: nowCst() };
    for (const [key, raw] of Object.entries(values)) {
      if (!isEditableField(key)) continue;
      const checked = checkFieldInput(key, raw, ctx);
      if (!checked.ok) throw new AppError('validation', checked.message);
      (order as Record<string, unknown>)[key] = checked.value;
    }
    const timeProblem = checkOrderTimes(order);
    if (timeProblem) throw new AppError('validation', timeProblem);
    if (db.prepare(`SELECT 1 FROM orders WHERE order_no = ?`).get(order.orderNo)) {
      throw new AppError('conflict', `工单编号 ${order.orderNo} 已存在`);
    }
    const [id] = insertOrders(db, actor, [order]);
    return { order: getOrderRow(db, id) };
  },

  'orders.setDeleted': ({ ledger, actor }, { ids, deleted }) => ({ changed: setOrdersDeleted(ledger.db, actor, ids, deleted) }),

  'units.list': ({ ledger }) => ({ units: listUnits(ledger.db) }),
  'units.create': ({ ledger, actor }, input) => ({ unit: getUnit(ledger.db, insertUnit(ledger.db, actor, input)) }),
  'units.update': ({ ledger, actor }, { id, changes }) => {
    patchUnit(ledger.db, actor, id, changes);
    return { unit: getUnit(ledger.db, id) };
  },
  'units.import': ({ ledger, actor }, { fileName, base64 }) => importUnitsFile(ledger.db, actor, fileName, Buffer.from(base64, 'base64')),

  'dictionaries.get': ({ ledger }) => readDictionaries(ledger.db),

  'settings.get': ({ ledger }, { key }) => {
    assertUiSettingKey(key);
    return { value: readSetting(ledger.db, key) };
  },
  'settings.set': ({ ledger, actor }, { key, value }) => {
    assertUiSettingKey(key);
    const old = writeSetting(ledger.db, key, value);
    appendAudit(ledger.db, actor, [{ action: 'update', entity: 'settings', entityId: null, field: key, oldValue: old, newValue: value }]);
    return { ok: true as const };
  },

  'demo.load': ({ ledger, actor }, { orders }) => loadDemoLedger(ledger.db, actor, { orders }),
};
