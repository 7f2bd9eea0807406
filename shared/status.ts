// The status of an order follows from what has happened to it; it is never typed in.
export const ORDER_STATUSES = ['直接办结', '转外地', '待签收', '办理中', '已回复', '已办结', '已退单', '重办中'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface StatusInputs {
  handling: string | null;
  signedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  /** The unit returned it (退单) and it has not been signed or re-dispatched since (from the order's events). */
  returned?: boolean;
  /** Sent back for rework (重办) since it was last closed (from the order's events). */
  reworking?: boolean;
}

export function statusOf(o: StatusInputs): OrderStatus {
  if (o.handling === '直接答复') return '直接办结';
  if (o.handling === '转外地') return '转外地';
  if (o.closedAt) return '已办结';
  if (o.returned) return '已退单';
  if (o.repliedAt) return '已回复';
  if (o.reworking) return '重办中';
  if (o.signedAt) return '办理中';
  return '待签收';
}
