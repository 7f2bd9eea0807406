// Handlers of the orders area: grid pages, one order with its history, cell edits, new and deleted rows.
import type { ordersMethods } from '../../shared/contract/orders';
import { AppError } from '../../shared/result';
import { getOrderRow, applyCellEdits, insertOrders, nextLocalOrderNo, setOrdersDeleted, validationContext, fieldLabel } from '../ledger/orders';
import type { NewOrder } from '../ledger/orders';
import { auditOf } from '../ledger/audit';
import { checkFieldInput, checkOrderTimes, isEditableField } from '../../shared/fields';
import { nowCst } from '../../shared/time';
import type { HandlersFor } from './handlerTypes';

export const ordersHandlers: HandlersFor<typeof ordersMethods> = {
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
};
