// Statistical periods: a month (2023-02), quarter (2024-Q1), half-year (2025-H1), year (2025) or
// a range of days (2025-03-01..2025-03-15). An order belongs to the period of its receipt time.
import { AppError } from './result';
import { addDays, nowCst } from './time';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'range';

export interface Period {
  kind: PeriodKind;
  /** The canonical text: 2023-02, 2024-Q1, 2025-H1, 2025, 2025-03-01..2025-03-15. */
  text: string;
  /** First day and last day, inclusive, 'YYYY-MM-DD'. */
  firstDay: string;
  lastDay: string;
  /** CST timestamps for SQL: from inclusive, to exclusive. */
  from: string;
  to: string;
  /** Chinese name: 2023年2月, 2024年第一季度, 2025年上半年, 2025年, 2025年3月1日至3月15日. */
  label: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const QUARTER_NAMES = ['一', '二', '三', '四'];

function monthStart(y: number, m: number): string {
  // m may run past 12: months roll into the next year.
  const yy = y + Math.floor((m - 1) / 12);
  const mm = ((((m - 1) % 12) + 12) % 12) + 1;
  return `${yy}-${pad2(mm)}-01`;
}

function isRealDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function dayLabel(day: string, withYear: boolean): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${withYear ? `${y}年` : ''}${m}月${d}日`;
}

function make(kind: PeriodKind, text: string, firstDay: string, endExclusive: string, label: string): Period {
  return { kind, text, firstDay, lastDay: addDays(endExclusive, -1), from: `${firstDay} 00:00:00`, to: `${endExclusive} 00:00:00`, label };
}

function months(kind: PeriodKind, text: string, y: number, firstMonth: number, count: number, label: string): Period {
  return make(kind, text, monthStart(y, firstMonth), monthStart(y, firstMonth + count), label);
}

/** The period a clerk typed, or an AppError saying what is accepted. */
export function parsePeriod(raw: string): Period {
  const t = raw.trim().toUpperCase().replace(/\s+/g, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(t)) && +m[2] >= 1 && +m[2] <= 12) {
    const y = +m[1], mo = +m[2];
    return months('month', `${y}-${pad2(mo)}`, y, mo, 1, `${y}年${mo}月`);
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(t))) {
    const y = +m[1], q = +m[2];
    return months('quarter', `${y}-Q${q}`, y, (q - 1) * 3 + 1, 3, `${y}年第${QUARTER_NAMES[q - 1]}季度`);
  }
  if ((m = /^(\d{4})-H([12])$/.exec(t))) {
    const y = +m[1], h = +m[2];
    return months('half', `${y}-H${h}`, y, h === 1 ? 1 : 7, 6, `${y}年${h === 1 ? '上' : '下'}半年`);
  }
  if ((m = /^(\d{4})$/.exec(t))) {
    const y = +m[1];
    return months('year', `${y}`, y, 1, 12, `${y}年`);
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})(?:\.\.|~|至)(\d{4}-\d{2}-\d{2})$/.exec(t)) && isRealDay(m[1]) && isRealDay(m[2])) {
    const [a, b] = [m[1], m[2]];
    if (b < a) throw new AppError('validation', `期间“${raw}”的结束日早于开始日`);
    const sameYear = a.slice(0, 4) === b.slice(0, 4);
    return make('range', `${a}..${b}`, a, addDays(b, 1), `${dayLabel(a, true)}至${dayLabel(b, !sameYear)}`);
  }
  throw new AppError('validation', `期间“${raw}”无法识别，应如 2023-02（月）、2024-Q1（季度）、2025-H1（半年）、2025（年）或 2025-03-01..2025-03-15`);
}

function monthIndex(day: string): [number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
}

/** 环比: the period just before, of the same kind and length. */
export function previousPeriod(p: Period): Period {
  const [y, mo] = monthIndex(p.firstDay);
  switch (p.kind) {
    case 'month': return parsePeriod(monthStart(y, mo - 1).slice(0, 7));
    case 'quarter': return mo === 1 ? parsePeriod(`${y - 1}-Q4`) : parsePeriod(`${y}-Q${(mo - 1) / 3}`);
    case 'half': return mo === 1 ? parsePeriod(`${y - 1}-H2`) : parsePeriod(`${y}-H1`);
    case 'year': return parsePeriod(`${y - 1}`);
    case 'range': {
      const days = Math.round((Date.parse(`${p.lastDay}T00:00:00Z`) - Date.parse(`${p.firstDay}T00:00:00Z`)) / 86400000) + 1;
      return parsePeriod(`${addDays(p.firstDay, -days)}..${addDays(p.firstDay, -1)}`);
    }
  }
}

/** The same day one year earlier; 29 February becomes 28 February. */
function dayYearBefore(day: string): string {
  const y = Number(day.slice(0, 4)) - 1;
  const md = day.slice(5);
  return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
}

/** 同比: the same period one year earlier. */
export function lastYearPeriod(p: Period): Period {
  if (p.kind === 'range') return parsePeriod(`${dayYearBefore(p.firstDay)}..${dayYearBefore(p.lastDay)}`);
  return parsePeriod(p.text.replace(/^\d{4}/, (y) => String(Number(y) - 1)));
}

/** The months (YYYY-MM) a period touches, in order: the axis of the monthly breakdown. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let [y, mo] = monthIndex(p.firstDay);
  const last = p.lastDay.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const key = monthStart(y, mo).slice(0, 7);
    out.push(key);
    if (key >= last) break;
    mo++;
  }
  return out;
}

/** The month of a CST moment: parsePeriod('2026-11') for '2026-11-23 10:00:00'. */
export function monthPeriodOf(cst: string): Period {
  return parsePeriod(cst.slice(0, 7));
}

/** The month before this one in China time: what a monthly bulletin or table is usually about. */
export function previousMonthPeriod(now: string = nowCst()): Period {
  return previousPeriod(monthPeriodOf(now));
}
