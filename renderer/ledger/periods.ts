// Quick periods for the filter bar, as CST days (the clerk's calendar, whatever the PC's time zone).
import { nowCst } from '../../shared/time';
import { monthPeriodOf, parsePeriod, previousPeriod, type Period } from '../../shared/period';

export interface DayRange { from?: string; to?: string }

const daysOf = (p: Period): DayRange => ({ from: p.firstDay, to: p.lastDay });

export const QUICK_PERIODS: readonly { id: string; label: string; range: () => DayRange }[] = [
  { id: 'all', label: '全部', range: () => ({}) },
  { id: 'thisMonth', label: '本月', range: () => daysOf(monthPeriodOf(nowCst())) },
  { id: 'lastMonth', label: '上月', range: () => daysOf(previousPeriod(monthPeriodOf(nowCst()))) },
  {
    id: 'last3', label: '近三个月',
    range: () => {
      const thisMonth = monthPeriodOf(nowCst());
      return { from: previousPeriod(previousPeriod(thisMonth)).firstDay, to: thisMonth.lastDay };
    },
  },
  { id: 'thisYear', label: '本年', range: () => daysOf(parsePeriod(nowCst().slice(0, 4))) },
];
