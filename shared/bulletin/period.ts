// How a statistics period (2023-02, 2024-Q1, 2025-H1, 2025, 2025-03-01..2025-03-15) reads in a
// bulletin: 2024年第一季度 in the title, 一季度 in running text, and the months it covers.

const CN = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

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

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function monthsBetween(y: number, m1: number, m2: number): string[] {
  const out: string[] = [];
  for (let m = m1; m <= m2; m++) out.push(`${y}-${pad(m)}`);
  return out;
}

/** The words for a period string, or null when it is not one. */
export function periodWords(period: string): PeriodWords | null {
  const p = period.trim();
  let m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) {
    const [y, mo] = [+m[1], +m[2]];
    if (mo < 1 || mo > 12) return null;
    return { full: `${y}年${mo}月份`, short: `${mo}月份`, months: [`${y}-${pad(mo)}`], from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-${pad(lastDay(y, mo))}` };
  }
  m = /^(\d{4})-Q([1-4])$/i.exec(p);
  if (m) {
    const [y, q] = [+m[1], +m[2]];
    const m1 = (q - 1) * 3 + 1;
    return { full: `${y}年第${CN[q]}季度`, short: `${CN[q]}季度`, months: monthsBetween(y, m1, m1 + 2), from: `${y}-${pad(m1)}-01`, to: `${y}-${pad(m1 + 2)}-${pad(lastDay(y, m1 + 2))}` };
  }
  m = /^(\d{4})-H([12])$/i.exec(p);
  if (m) {
    const [y, h] = [+m[1], +m[2]];
    const m1 = h === 1 ? 1 : 7;
    const half = h === 1 ? '上半年' : '下半年';
    return { full: `${y}年${half}`, short: half, months: monthsBetween(y, m1, m1 + 5), from: `${y}-${pad(m1)}-01`, to: `${y}-${pad(m1 + 5)}-${pad(lastDay(y, m1 + 5))}` };
  }
  m = /^(\d{4})$/.exec(p);
  if (m) {
    const y = +m[1];
    return { full: `${y}年`, short: '全年', months: monthsBetween(y, 1, 12), from: `${y}-01-01`, to: `${y}-12-31` };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(p);
  if (m) {
    const [y1, m1, d1, y2, m2, d2] = m.slice(1).map(Number);
    const to = y1 === y2 ? `${m2}月${d2}日` : `${y2}年${m2}月${d2}日`;
    const months: string[] = [];
    for (let y = y1, mo = m1; y < y2 || (y === y2 && mo <= m2); mo === 12 ? (y++, (mo = 1)) : mo++) months.push(`${y}-${pad(mo)}`);
    return {
      full: `${y1}年${m1}月${d1}日至${to}`,
      short: `${m1}月${d1}日至${to}`,
      months: months.length > 1 ? months : [],
      from: `${y1}-${pad(m1)}-${pad(d1)}`,
      to: `${y2}-${pad(m2)}-${pad(d2)}`,
    };
  }
  return null;
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
