// The month a page opens on: the previous month in China time, across the year boundary.
import { expect, test } from 'vitest';
import { monthPeriodOf, previousMonthPeriod } from '../../shared/period';

test('previousMonthPeriod and monthPeriodOf follow the CST calendar', () => {
  expect(previousMonthPeriod('2026-11-23 10:00:00').text).toBe('2026-10');
  expect(previousMonthPeriod('2027-01-01 00:00:05').text).toBe('2026-12');
  const feb = monthPeriodOf('2024-02-07 09:05:00');
  expect([feb.firstDay, feb.lastDay]).toEqual(['2024-02-01', '2024-02-29']);
});
