// The month a page opens on (the previous month in China time, across the year boundary), and
// how a bulletin words a period.
import { expect, test } from 'vitest';
import { monthPeriodOf, previousMonthPeriod } from '../../shared/period';
import { periodWords } from '../../shared/bulletin/period';

test('previousMonthPeriod and monthPeriodOf follow the CST calendar', () => {
  expect(previousMonthPeriod('2026-11-23 10:00:00').text).toBe('2026-10');
  expect(previousMonthPeriod('2027-01-01 00:00:05').text).toBe('2026-12');
  const feb = monthPeriodOf('2024-02-07 09:05:00');
  expect([feb.firstDay, feb.lastDay]).toEqual(['2024-02-01', '2024-02-29']);
});

test('a bulletin words every kind of period the statistics accept, and nothing else', () => {
  expect(periodWords('2023-10')).toEqual({ full: '2023年10月份', short: '10月份', months: ['2023-10'], from: '2023-10-01', to: '2023-10-31' });
  expect(periodWords('2024-q1')).toMatchObject({ full: '2024年第一季度', short: '一季度', months: ['2024-01', '2024-02', '2024-03'], to: '2024-03-31' });
  expect(periodWords('2025-H2')).toMatchObject({ full: '2025年下半年', short: '下半年', from: '2025-07-01', to: '2025-12-31' });
  expect(periodWords('2025')).toMatchObject({ full: '2025年', short: '全年' });
  expect(periodWords('2025-03-01..2025-03-15')).toMatchObject({ full: '2025年3月1日至3月15日', short: '3月1日至3月15日', months: [] });
  expect(periodWords('2024-12-20..2025-01-10')).toMatchObject({ full: '2024年12月20日至2025年1月10日', months: ['2024-12', '2025-01'] });
  for (const bad of ['2025-13', '2025-Q5', '2025-02-30..2025-03-01', '上月']) expect(periodWords(bad)).toBeNull();
});
