// Quick periods for the filter bar, as CST days (the clerk's calendar, whatever the PC's time zone).
import { nowCst } from '../../shared/time';

export interface DayRange { from?: string; to?: string }

function monthStart(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month - 1, 1));
  return d.toISOString().slice(0, 10);
}
function monthEnd(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

export const QUICK_PERIODS: readonly { id: string; label: string; range: () => DayRange }[] = [
  { id: 'all', label: '全部', range: () => ({}) },
  {
    id: 'thisMonth', label: '本月',
    range: () => { const [y, m] = nowCst().slice(0, 7).split('-').map(Number); return { from: monthStart(y, m), to: monthEnd(y, m) }; },
  },
  {
    id: 'lastMonth', label: '上月',
    range: () => {
      let [y, m] = nowCst().slice(0, 7).split('-').map(Number);
      m -= 1; if (m === 0) { m = 12; y -= 1; }
      return { from: monthStart(y, m), to: monthEnd(y, m) };
    },
  },
  {
    id: 'last3', label: '近三个月',
    range: () => {
      let [y, m] = nowCst().slice(0, 7).split('-').map(Number);
      const to = monthEnd(y, m);
      m -= 2; if (m <= 0) { m += 12; y -= 1; }
      return { from: monthStart(y, m), to };
    },
  },
  {
    id: 'thisYear', label: '本年',
    range: () => { const y = Number(nowCst().slice(0, 4)); return { from: `${y}-01-01`, to: `${y}-12-31` }; },
  },
];
