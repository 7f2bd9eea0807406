// What happened to an order, recorded as events (签收, 退单, 延期, 催办, 督办, 告警, 回复, 办结,
// 回访, 重办) with time, who and a note. An event that changes the order's own fields (签收时间,
// 回复时间, 办结时间, 回访结果 …) changes them through applyCellEdits, so they are validated and
// audited like a clerk's edit; the derived deadline fields and the status are then recomputed.
import { AppError } from '../../shared/result';
import { epochMsFromCst, nowCst, parseCstInput } from '../../shared/time';
import { ORDER_EVENT_LABELS, type OrderEvent, type OrderEventType, type RecordEventInput } from '../../shared/contract/deadlines';
import type { CellEdit } from '../../shared/api';
import { appendAudit, type Actor } from './audit';
import { applyCellEdits } from './orders';
import type { Db } from './open';
import { parseEndOfDayInput, recomputeDeadlines } from '../services/deadlines';
import { readTimeLimits } from '../services/timeLimits';

interface OrderState {
  id: number;
  order_no: string;
  received_at: string;
  unit_id: number | null;
  unit_name: string | null;
  handling: string | null;
  signed_at: string | null;
  replied_at: string | null;
  closed_at: string | null;
  effective_due_at: string | null;
  status: string;
  deleted: number;
}

interface EventRow { id: number; order_id: number; type: OrderEventType; at: string; who: string; note: string | null; data: string | null }

function toEvent(r: EventRow): OrderEvent {
  let data: Record<string, unknown> = {};
  try {
    data = r.data ? (JSON.parse(r.data) as Record<string, unknown>) : {};
  } catch { /* a hand-edited row: show it without data */ }
  return { id: r.id, orderId: r.order_id, type: r.type, label: ORDER_EVENT_LABELS[r.type] ?? r.type, at: r.at, who: r.who, note: r.note, data };
}

export function listOrderEvents(db: Db, orderId: number): OrderEvent[] {
  return (db.prepare(`SELECT id, order_id, type, at, who, note, data FROM order_events WHERE order_id = ? ORDER BY at, id`).all(orderId) as EventRow[]).map(toEvent);
}

function timeOf(raw: string, label: string, endOfDay = false): string {
  const t = endOfDay ? parseEndOfDayInput(raw) : parseCstInput(raw);
  if (!t) throw new AppError('validation', `${label}“${raw}”不是有效的日期时间，应如 2024-02-07 09:05`);
  return t;
}

const NOT_DISPATCHED = new Set(['直接答复', '转外地']);

/** When the order was last dispatched to its current unit: the receipt, or a later change of 承办单位. */
function dispatchedAt(db: Db, order: OrderState, before: string): string {
  const changed = db.prepare(
    `SELECT max(at) AS at FROM audit_log WHERE entity = 'order' AND entity_id = ? AND field = 'unitId' AND at <= ?`,
  ).get(order.id, before) as { at: string | null };
  return changed.at && changed.at > order.received_at ? changed.at : order.received_at;
}

/** The latest extension request without an approval or refusal after it. */
function pendingExtensionRequest(db: Db, orderId: number): EventRow | undefined {
  const last = db.prepare(
    `SELECT id, order_id, type, at, who, note, data FROM order_events WHERE order_id = ? AND type IN ('extension_request', 'extension_approved', 'extension_refused')
     ORDER BY at DESC, id DESC LIMIT 1`,
  ).get(orderId) as EventRow | undefined;
  return last?.type === 'extension_request' ? last : undefined;
}

const COUNT_COLUMN: Partial<Record<OrderEventType, string>> = {
  extension_approved: 'extension_count', rework: 'rework_count', return: 'return_count', alert: 'alert_count',
};

/**
 * Records one event on an order inside the caller's transaction, after checking it makes sense
 * for the order as it stands (a Chinese message otherwise, and nothing written).
 */
export function recordOrderEvent(db: Db, actor: Actor, input: RecordEventInput, now = nowCst()): OrderEvent {
  const order = db.prepare(
    `SELECT o.id, o.order_no, o.received_at, o.unit_id, u.name AS unit_name, o.handling, o.signed_at, o.replied_at, o.closed_at,
            o.effective_due_at, o.status, o.deleted
     FROM orders o LEFT JOIN units u ON u.id = o.unit_id WHERE o.id = ?`,
  ).get(input.orderId) as OrderState | undefined;
  if (!order) throw new AppError('not_found', `工单不存在（编号 ${input.orderId}）`);
  const label = ORDER_EVENT_LABELS[input.type];
  const refuse = (message: string): never => { throw new AppError('validation', `工单 ${order.order_no}：${message}`); };
  if (order.deleted === 1) refuse('已删除，请先恢复');
  const at = input.at ? timeOf(input.at, `${label}时间`) : now;
  if (at < order.received_at) refuse(`${label}时间（${at}）早于受理时间（${order.received_at}）`);
  if (at > now) refuse(`${label}时间（${at}）晚于当前时间（${now}）`);
  const closed = order.closed_at !== null;
  const dispatched = !NOT_DISPATCHED.has(order.handling ?? '');

  const data: Record<string, unknown> = {};
  const edits: CellEdit[] = [];
  const edit = (field: CellEdit['field'], value: string | null) => edits.push({ id: order.id, field, value });

  switch (input.type) {
    case 'sign':
      if (!dispatched || order.unit_id === null) refuse('尚未派给承办单位，不能签收');
      if (closed) refuse('已办结，不能签收');
      if (order.signed_at && order.status !== '已退单') refuse(`已于 ${order.signed_at} 签收`);
      edit('signedAt', at);
      break;
    case 'return': {
      if (!dispatched || order.unit_id === null) refuse('尚未派给承办单位，不能退单');
      if (closed) refuse('已办结，不能退单');
      if (order.status === '已退单') refuse('已退单，请先改派承办单位');
      const from = dispatchedAt(db, order, at);
      const windowHours = readTimeLimits(db).returnWindowHours;
      const late = epochMsFromCst(at) - epochMsFromCst(from) > windowHours * 3_600_000;
      Object.assign(data, { reason: input.reason, late, unitId: order.unit_id, unitName: order.unit_name, dispatchedAt: from, windowHours });
      break;
    }
    case 'extension_request':
    case 'extension_approved': {
      if (closed) refuse('已办结，不能延期');
      const newDueAt = timeOf(input.newDueAt, '延期后的截止时间', true);
      if (newDueAt <= at) refuse(`延期后的截止时间（${newDueAt}）应晚于${label}时间（${at}）`);
      if (order.effective_due_at && newDueAt <= order.effective_due_at) {
        refuse(`延期后的截止时间（${newDueAt}）应晚于当前截止时间（${order.effective_due_at}）`);
      }
      Object.assign(data, { newDueAt, previousDueAt: order.effective_due_at });
      if (input.reason) data.reason = input.reason;
      if (input.type === 'extension_approved') {
        const request = pendingExtensionRequest(db, order.id);
        if (request) data.requestId = request.id;
      }
      break;
    }
    case 'extension_refused': {
      const request = pendingExtensionRequest(db, order.id);
      if (!request) refuse('没有待审批的延期申请');
      data.requestId = request!.id;
      if (input.reason) data.reason = input.reason;
      break;
    }
    case 'urge':
    case 'supervise':
      if (closed) refuse(`已办结，无需${label}`);
      break;
    case 'alert':
      break;
    case 'reply':
      if (closed) refuse('已办结，不能再回复');
      if (order.replied_at) refuse(`已于 ${order.replied_at} 回复`);
      edit('repliedAt', at);
      if (input.content) edit('replyContent', input.content);
      break;
    case 'close':
      if (closed) refuse(`已于 ${order.closed_at} 办结`);
      edit('closedAt', at);
      break;
    case 'visit': {
      if (!order.replied_at && !closed) refuse('尚未回复或办结，不能回访');
      const after = order.closed_at ?? order.replied_at!;
      if (at < after) refuse(`回访时间（${at}）早于${closed ? '办结' : '回复'}时间（${after}）`);
      if (!input.result && !input.process && !input.resolved) refuse('回访至少要记录办理结果满意度、服务过程满意度或是否解决中的一项');
      if (input.result) edit('visitResult', input.result);
      if (input.process) edit('visitProcess', input.process);
      if (input.resolved) edit('visitResolved', input.resolved);
      Object.assign(data, { source: input.source, result: input.result ?? null, process: input.process ?? null, resolved: input.resolved ?? null });
      db.prepare(`UPDATE orders SET visit_source = ? WHERE id = ?`).run(input.source, order.id);
      break;
    }
    case 'rework': {
      if (!order.replied_at && !closed) refuse('尚未回复或办结，不能重办');
      Object.assign(data, { previousRepliedAt: order.replied_at, previousClosedAt: order.closed_at });
      if (input.reason) data.reason = input.reason;
      if (input.newDueAt) {
        const newDueAt = timeOf(input.newDueAt, '重办截止时间', true);
        if (newDueAt <= at) refuse(`重办截止时间（${newDueAt}）应晚于重办时间（${at}）`);
        data.newDueAt = newDueAt;
      }
      // The order reopens: its reply and close are undone (the old ones stay in the event and the audit log).
      if (order.closed_at) edit('closedAt', null);
      if (order.replied_at) edit('repliedAt', null);
      break;
    }
  }

  const note = input.note ? input.note : null;
  const id = Number(
    db.prepare(`INSERT INTO order_events (order_id, type, at, who, note, data) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(order.id, input.type, at, actor.who, note, Object.keys(data).length ? JSON.stringify(data) : null).lastInsertRowid,
  );
  // Counters also hold numbers an import wrote without events: an event adds one to them.
  const counter = COUNT_COLUMN[input.type];
  if (counter) db.prepare(`UPDATE orders SET ${counter} = ${counter} + 1 WHERE id = ?`).run(order.id);
  if (input.type === 'return' && data.late === true) db.prepare(`UPDATE orders SET late_return_count = late_return_count + 1 WHERE id = ?`).run(order.id);

  if (edits.length) {
    const outcome = applyCellEdits(db, actor, edits, `event.${input.type}`);
    if (outcome.refused.length) throw new AppError('validation', `工单 ${order.order_no}：${outcome.refused[0].message}`);
  }
  recomputeDeadlines(db, actor, { orderIds: [order.id] });
  appendAudit(db, actor, [{
    action: `event.${input.type}`, entity: 'order', entityId: order.id, field: 'event',
    newValue: describeEvent(input.type, at, note, data),
  }], now);
  return toEvent(db.prepare(`SELECT id, order_id, type, at, who, note, data FROM order_events WHERE id = ?`).get(id) as EventRow);
}

const SOURCE_LABEL: Record<string, string> = { county: '县级回访', city: '市级抽访' };

/** One line of Chinese for the order's history. */
export function describeEvent(type: OrderEventType, at: string, note: string | null, data: Record<string, unknown>): string {
  const parts = [`${ORDER_EVENT_LABELS[type]} ${at}`];
  if (type === 'return') parts.push(`理由：${data.reason}`, data.late ? `逾期退单（超过 ${data.windowHours} 小时）` : '');
  if (type === 'extension_request' || type === 'extension_approved') parts.push(`新截止时间 ${data.newDueAt}`);
  if (data.reason && type !== 'return') parts.push(`理由：${data.reason}`);
  if (type === 'visit') {
    parts.push(SOURCE_LABEL[String(data.source)] ?? '');
    if (data.result) parts.push(`办理结果${data.result}`);
    if (data.process) parts.push(`服务过程${data.process}`);
    if (data.resolved) parts.push(String(data.resolved));
  }
  if (type === 'rework' && data.newDueAt) parts.push(`重办截止 ${data.newDueAt}`);
  if (note) parts.push(`备注：${note}`);
  return parts.filter(Boolean).join('；');
}
