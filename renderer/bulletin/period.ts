// The period a bulletin is usually drafted for: the month before this one, in China time
// (the PC's own time zone does not matter).

/** 'YYYY-MM' of the previous month in CST. */
export function previousMonthCst(nowMs = Date.now()): string {
  const now = new Date(nowMs + 8 * 3600e3);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // 0-based this month = 1-based previous month
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}
