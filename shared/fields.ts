// The fields of a work order: one definition each, shared by the ledger (SQL column), the grid
// (header, editor) and validation. Labels are the words of ../shared/domain.md.
import { parseCstInput } from './time';

export type FieldType = 'text' | 'longtext' | 'datetime' | 'phone' | 'dict' | 'unit' | 'derived';

/** Dictionaries of allowed values, kept in the ledger and editable by the office. */
export type DictKind = 'channel' | 'appealType' | 'category' | 'urgency' | 'handling' | 'satisfaction' | 'resolved';

export interface FieldDef {
  key: OrderFieldKey;
  label: string;
  column: string;
  type: FieldType;
  dict?: DictKind;
  required?: boolean;
  /** Grid column width in pixels, a sensible default the clerk can change. */
  width: number;
}

export const ORDER_FIELDS = [
  { key: 'orderNo', label: '工单编号', column: 'order_no', type: 'text', required: true, width: 190 },
  { key: 'receivedAt', label: '受理时间', column: 'received_at', type: 'datetime', required: true, width: 172 },
  { key: 'channel', label: '来源渠道', column: 'channel', type: 'dict', dict: 'channel', width: 130 },
  { key: 'appealType', label: '诉求类型', column: 'appeal_type', type: 'dict', dict: 'appealType', width: 90 },
  { key: 'category', label: '问题分类', column: 'category', type: 'dict', dict: 'category', width: 172 },
  { key: 'title', label: '标题', column: 'title', type: 'text', width: 160 },
  { key: 'content', label: '诉求内容', column: 'content', type: 'longtext', width: 300 },
  { key: 'caller', label: '诉求人', column: 'caller', type: 'text', width: 90 },
  { key: 'phone', label: '联系电话', column: 'phone', type: 'phone', width: 130 },
  { key: 'address', label: '地址', column: 'address', type: 'text', width: 160 },
  { key: 'urgency', label: '紧急程度', column: 'urgency', type: 'dict', dict: 'urgency', width: 90 },
  { key: 'handling', label: '处理方式', column: 'handling', type: 'dict', dict: 'handling', width: 100 },
  { key: 'unitId', label: '承办单位', column: 'unit_id', type: 'unit', width: 160 },
  { key: 'coUnits', label: '协办单位', column: 'co_units', type: 'text', width: 140 },
  { key: 'dueAt', label: '截止时间', column: 'due_at', type: 'datetime', width: 172 },
  { key: 'signedAt', label: '签收时间', column: 'signed_at', type: 'datetime', width: 172 },
  { key: 'repliedAt', label: '回复时间', column: 'replied_at', type: 'datetime', width: 172 },
  { key: 'replyContent', label: '回复内容', column: 'reply_content', type: 'longtext', width: 220 },
  { key: 'closedAt', label: '办结时间', column: 'closed_at', type: 'datetime', width: 172 },
  { key: 'status', label: '状态', column: 'status', type: 'derived', width: 90 },
  { key: 'visitResult', label: '回访结果', column: 'visit_result', type: 'dict', dict: 'satisfaction', width: 100 },
  { key: 'visitResolved', label: '是否解决', column: 'visit_resolved', type: 'dict', dict: 'resolved', width: 90 },
  { key: 'visitProcess', label: '服务过程评价', column: 'visit_process', type: 'dict', dict: 'satisfaction', width: 110 },
  { key: 'note', label: '备注', column: 'note', type: 'text', width: 160 },
] as const satisfies readonly (Omit<FieldDef, 'key'> & { key: string })[];

export type OrderFieldKey = (typeof ORDER_FIELDS)[number]['key'];
export type EditableFieldKey = Exclude<OrderFieldKey, 'status'>;

export const FIELD_BY_KEY: Readonly<Record<OrderFieldKey, FieldDef>> = Object.fromEntries(
  ORDER_FIELDS.map((f) => [f.key, f as FieldDef]),
) as Record<OrderFieldKey, FieldDef>;

export const EDITABLE_FIELD_KEYS = ORDER_FIELDS.filter((f) => f.type !== 'derived').map((f) => f.key) as EditableFieldKey[];

export function isEditableField(key: string): key is EditableFieldKey {
  return (EDITABLE_FIELD_KEYS as string[]).includes(key);
}

/** What a cell holds after validation: text, a unit id, or nothing. */
export type FieldValue = string | number | null;

export type Checked = { ok: true; value: FieldValue } | { ok: false; message: string };

export interface ValidationContext {
  /** Allowed values of each dictionary. */
  dictionaries: Record<DictKind, readonly string[]>;
  /** Unit id of a unit name or alias, or undefined. */
  unitIdByName: (name: string) => number | undefined;
  unitExists: (id: number) => boolean;
}

const MAX_TEXT = 20000;

/**
 * The stored value of what the clerk typed or pasted into a field, or a Chinese message that
 * says why it is refused. Empty input clears the field unless the field is required.
 */
export function checkFieldInput(key: EditableFieldKey, raw: unknown, ctx: ValidationContext): Checked {
  const def = FIELD_BY_KEY[key];
  if (def.type === 'unit' && typeof raw === 'number') {
    return ctx.unitExists(raw) ? { ok: true, value: raw } : { ok: false, message: `承办单位不存在（编号 ${raw}）` };
  }
  const text = raw == null ? '' : String(raw).trim();
  if (text === '') {
    return def.required ? { ok: false, message: `${def.label}不能为空` } : { ok: true, value: null };
  }
  if (text.length > MAX_TEXT) return { ok: false, message: `${def.label}过长（超过 ${MAX_TEXT} 字）` };
  switch (def.type) {
    case 'datetime': {
      const ts = parseCstInput(text);
      return ts ? { ok: true, value: ts } : { ok: false, message: `${def.label}“${text}”不是有效的日期时间，应如 2024-02-07 09:05` };
    }
    case 'phone':
      return /^[0-9+\-() ]{3,30}$/.test(text) && /\d{3}/.test(text)
        ? { ok: true, value: text }
        : { ok: false, message: `联系电话“${text}”只能包含数字、空格和 - + ( )` };
    case 'dict': {
      const allowed = ctx.dictionaries[def.dict!];
      return allowed.includes(text)
        ? { ok: true, value: text }
        : { ok: false, message: `${def.label}“${text}”不在可选值中（${allowed.slice(0, 8).join('、')}${allowed.length > 8 ? '…' : ''}）` };
    }
    case 'unit': {
      const id = ctx.unitIdByName(text);
      return id !== undefined ? { ok: true, value: id } : { ok: false, message: `承办单位“${text}”不在单位名录中，请先在“承办单位”页添加` };
    }
    case 'text':
      if (key === 'orderNo' && !/^[0-9A-Za-z\-_]{4,40}$/.test(text)) {
        return { ok: false, message: `工单编号“${text}”只能由字母、数字和 - _ 组成（4 到 40 位）` };
      }
      return { ok: true, value: text };
    default:
      return { ok: true, value: text };
  }
}

/** Times an order's own fields must keep in order: nothing happens before it was received. */
export const TIMES_AFTER_RECEIPT: readonly EditableFieldKey[] = ['signedAt', 'repliedAt', 'closedAt', 'dueAt'];

/** A Chinese message when the order's times contradict each other, else null. */
export function checkOrderTimes(order: Partial<Record<OrderFieldKey, FieldValue>>): string | null {
  const received = order.receivedAt;
  if (typeof received !== 'string') return null;
  for (const key of TIMES_AFTER_RECEIPT) {
    const t = order[key];
    if (typeof t === 'string' && t < received) return `${FIELD_BY_KEY[key].label}（${t}）早于受理时间（${received}）`;
  }
  if (typeof order.closedAt === 'string' && typeof order.repliedAt === 'string' && order.closedAt < order.repliedAt) {
    return `办结时间（${order.closedAt}）早于回复时间（${order.repliedAt}）`;
  }
  return null;
}
