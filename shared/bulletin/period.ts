// How a statistics period (2023-02, 2024-Q1, 2025-H1, 2025, 2025-03-01..2025-03-15) reads in a
// bulletin: 2024年第一季度 in the title, 一季度 in running text, and the months it covers.

import { monthsOf, parsePeriod, type Period } from '../period';

export interface PeriodWords {
  /** 2024年第一季度, 2023年10月份, 2025年上半年 */
  full: string;
  /** 一季度, 10月份, 上半年 — what the running text says after the first mention */
  short: string;
  /** The months covered, as 'YYYY-MM' (empty for a range inside one month). */
  months: string[];
  /** First and last day, 'YYYY-MM-DD'. */
  from: string;
  to: string;
}

/**
 * The words for a period string, or null when it is not one. The period is read by the one
 * parser of periods (shared/period.ts), so the bulletin accepts exactly what 统计考评 accepts.
 */
export function periodWords(period: string): PeriodWords | null {
  let p: Period;
  try {
    p = parsePeriod(period);
  } catch {
    return null;
  }
  const year = `${p.firstDay.slice(0, 4)}年`;
  const months = monthsOf(p);
  const span = { months, from: p.firstDay, to: p.lastDay };
  switch (p.kind) {
    case 'month': {
      const mo = Number(p.text.slice(5, 7));
      return { full: `${year}${mo}月份`, short: `${mo}月份`, ...span };
    }
    case 'quarter':
      return { full: p.label, short: p.label.slice(year.length + 1), ...span }; // 2024年第一季度 → 一季度
    case 'half':
      return { full: p.label, short: p.label.slice(year.length), ...span };
    case 'year':
      return { full: p.label, short: '全年', ...span };
    case 'range':
      // A range inside one month has no month-by-month breakdown.
      return { full: p.label, short: p.label.slice(year.length), ...span, months: months.length > 1 ? months : [] };
  }
}

/** 2023年2月 / 2月份 of a 'YYYY-MM'. */
export function monthWords(month: string): { full: string; short: string } {
  const [y, m] = month.split('-').map(Number);
  return { full: `${y}年${m}月`, short: `${m}月份` };
}

/** 10月7日 of a CST timestamp or day. */
export function monthDay(ts: string): string {
  const [, m, d] = ts.slice(0, 10).split('-').map(Number);
  return `${m}月${d}日`;
}
