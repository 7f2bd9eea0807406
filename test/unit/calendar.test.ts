// The working-day calendar: the State Council's notices (with 调休), years without a notice, the
// office's own corrections, and the due times the time limits give on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkCalendar, BUILTIN_YEARS, parseHolidayList } from '../../electron/services/calendar';
import { dueAtFor, parseTimeLimit, ruleLimitFor, DEFAULT_TIME_LIMITS } from '../../electron/services/timeLimits';
import { insertOrders, type NewOrder } from '../../electron/ledger/orders';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';

const plain = new WorkCalendar([], []);
const workdays = (day: string, n: number, cal = plain) => dueAtFor({ unit: 'workdays', amount: n }, `${day} 10:00:00`, cal);

describe('WorkCalendar on the State Council notices', () => {
  it('counts 5 working days from 2024-02-07 across Spring Festival to 2024-02-20 23:59:59', () => {
    expect(workdays('2024-02-07', 5)).toBe('2024-02-20 23:59:59');
    // A plain Monday-to-Friday count would give 2024-02-14, in the middle of the holiday.
    expect(plain.isWorkday('2024-02-14')).toBe(false);
    expect(plain.isWorkday('2024-02-18')).toBe(true); // Sunday, 调休上班
    expect(plain.isWorkday('2024-02-04')).toBe(true); // Sunday, 调休上班
  });

  it('knows National Day 2023 with its adjusted working weekend (10月7日、8日上班)', () => {
    expect(plain.isWorkday('2023-09-29')).toBe(false); // 中秋
    expect(plain.isWorkday('2023-10-06')).toBe(false);
    expect(plain.isWorkday('2023-10-07')).toBe(true); // Saturday
    expect(plain.isWorkday('2023-10-08')).toBe(true); // Sunday
    expect(workdays('2023-09-28', 1)).toBe('2023-10-07 23:59:59');
    expect(workdays('2023-09-28', 3)).toBe('2023-10-09 23:59:59');
    expect(workdays('2023-09-27', 5)).toBe('2023-10-10 23:59:59');
  });

  it('does not count the day of receipt, even when received early on a working day', () => {
    expect(dueAtFor({ unit: 'workdays', amount: 1 }, '2024-03-04 00:00:01', plain)).toBe('2024-03-05 23:59:59');
    // Received on a Saturday: Monday is the first working day after it.
    expect(dueAtFor({ unit: 'workdays', amount: 1 }, '2024-03-02 15:00:00', plain)).toBe('2024-03-04 23:59:59');
  });

  it('says which years its data covers, and that 2027 is not one of them', () => {
    expect(BUILTIN_YEARS).toEqual({ from: 2004, to: 2026 });
    expect(plain.isYearCovered(2026)).toBe(true);
    expect(plain.isYearCovered(2027)).toBe(false);
    expect(plain.uncoveredYears('2026-12-28', '2027-01-05')).toEqual([2027]);
    // Outside its data the calendar can only fall back on Monday–Friday: New Year's Day 2027 counts as a working day.
    expect(plain.isWorkday('2027-01-01')).toBe(true);
  });

  it('applies the office corrections on top of the notices', () => {
    const cal = new WorkCalendar([{ day: '2027-01-01', kind: 'holiday' }, { day: '2024-02-18', kind: 'holiday' }, { day: '2024-03-09', kind: 'workday' }], [2027]);
    expect(cal.isWorkday('2027-01-01')).toBe(false);
    expect(cal.isYearCovered(2027)).toBe(true);
    expect(workdays('2026-12-31', 1, cal)).toBe('2027-01-04 23:59:59');
    expect(workdays('2024-02-07', 5, cal)).toBe('2024-02-21 23:59:59');
    expect(cal.isWorkday('2024-03-09')).toBe(true);
  });
});

describe('time limits', () => {
  it('runs an hour limit from the receipt time, holidays or not', () => {
    expect(dueAtFor({ unit: 'hours', amount: 24 }, '2024-02-09 20:15:00', plain)).toBe('2024-02-10 20:15:00');
    expect(dueAtFor({ unit: 'hours', amount: 2 }, '2024-12-31 23:30:00', plain)).toBe('2025-01-01 01:30:00');
  });

  it('ends a calendar-day limit at 23:59:59 of the Nth day after receipt', () => {
    expect(dueAtFor({ unit: 'days', amount: 3 }, '2024-02-07 10:00:00', plain)).toBe('2024-02-10 23:59:59');
    expect(dueAtFor({ unit: 'days', amount: 1 }, '2024-02-28 10:00:00', plain)).toBe('2024-02-29 23:59:59');
  });

  it.each([
    ['5个工作日', { unit: 'workdays', amount: 5 }],
    ['5工作日', { unit: 'workdays', amount: 5 }],
    ['十五个工作日', { unit: 'workdays', amount: 15 }],
    ['24小时', { unit: 'hours', amount: 24 }],
    ['二十四小时', { unit: 'hours', amount: 24 }],
    ['2个小时', { unit: 'hours', amount: 2 }],
    ['48h', { unit: 'hours', amount: 48 }],
    ['3天', { unit: 'days', amount: 3 }],
    ['3 日', { unit: 'days', amount: 3 }],
    ['10个自然日', { unit: 'days', amount: 10 }],
  ])('reads the limit %s', (text, limit) => {
    expect(parseTimeLimit(text)).toEqual(limit);
  });

  it.each(['', '尽快', '0天', '5个月', '2024-02-20'])('does not take %j for a limit', (text) => {
    expect(parseTimeLimit(text)).toBeNull();
  });

  it('matches the default rules first row first: 紧急 24 hours, 咨询 3 working days, others 5', () => {
    const rules = DEFAULT_TIME_LIMITS.rules;
    expect(ruleLimitFor(rules, '咨询', '紧急')).toEqual({ unit: 'hours', amount: 24 });
    expect(ruleLimitFor(rules, '咨询', '一般')).toEqual({ unit: 'workdays', amount: 3 });
    expect(ruleLimitFor(rules, '投诉', null)).toEqual({ unit: 'workdays', amount: 5 });
  });
});

describe('holiday lists', () => {
  it('reads the lines a clerk pastes from the notice, skipping a header', () => {
    const days = parseHolidayList('日期\t类型\t说明\n2027-01-01\t休\t元旦\n2027/2/7, 班, 春节调休\n\n# 注释\n2027年2月8日 放假');
    expect(days).toEqual([
      { day: '2027-01-01', kind: 'holiday', note: '元旦' },
      { day: '2027-02-07', kind: 'workday', note: '春节调休' },
      { day: '2027-02-08', kind: 'holiday', note: null },
    ]);
  });

  it('names the line of a bad day or kind', () => {
    expect(() => parseHolidayList('2027-01-01 休\n2027-02-30 休')).toThrow(/第 2 行/);
    expect(() => parseHolidayList('2027-01-01 休\n2027-02-03 请假')).toThrow(/第 2 行.*休.*班/);
  });
});

describe('the calendar in the ledger', () => {
  let t: TempLedger;
  beforeEach(() => { t = makeTempLedger(); });
  afterEach(() => t.close());

  const seed = (o: Partial<NewOrder>) =>
    t.ledger.db.transaction(() => insertOrders(t.ledger.db, TEST_ACTOR, [{ orderNo: `C${Math.random().toString().slice(2, 12)}`, receivedAt: '2024-02-28 09:00:00', handling: '转办', ...o }]))()[0];
  const dueOf = (id: number) => t.ledger.db.prepare(`SELECT rule_due_at, effective_due_at, due_warning FROM orders WHERE id = ?`).get(id) as { rule_due_at: string; effective_due_at: string; due_warning: string | null };

  it('moves due times when the office adds a holiday, and says so in the audit log', () => {
    const id = seed({ receivedAt: '2024-02-28 09:00:00', appealType: '咨询' }); // 3 working days: 2/29, 3/1, 3/4
    expect(dueOf(id).effective_due_at).toBe('2024-03-04 23:59:59');
    const r = t.call('holidays.add', { day: '2024-03-01', kind: 'holiday', note: '县庆' });
    expect(r.recomputed.changed).toBe(1);
    expect(dueOf(id).effective_due_at).toBe('2024-03-05 23:59:59');
    const audit = t.ledger.db.prepare(`SELECT action, field, new_value FROM audit_log WHERE entity = 'settings' ORDER BY id`).all() as { action: string; field: string; new_value: string }[];
    expect(audit.map((a) => a.action)).toEqual(['calendar.add', 'deadlines.recompute']);
    expect(audit[1].new_value).toMatch(/节假日修改（2024-03-01）.*1 件有变化/);
    t.call('holidays.remove', { day: '2024-03-01' });
    expect(dueOf(id).effective_due_at).toBe('2024-03-04 23:59:59');
  });

  it('warns on a due time counted through a year without a notice, until the office enters that year', () => {
    const id = seed({ receivedAt: '2026-12-30 10:00:00' });
    expect(dueOf(id)).toMatchObject({ rule_due_at: '2027-01-06 23:59:59', due_warning: expect.stringContaining('2027') });
    const coverage = t.call('deadlines.coverage', {});
    expect(coverage.coveredYears).not.toContain(2027);
    const imported = t.call('holidays.import', { text: '2027-01-01 休 元旦\n2027-01-02 休\n2027-01-03 休', markYearsCovered: true });
    expect(imported).toMatchObject({ added: 3, updated: 0, years: [2027] });
    expect(dueOf(id)).toMatchObject({ rule_due_at: '2027-01-07 23:59:59', due_warning: null });
    expect(t.call('deadlines.coverage', {}).coveredYears).toContain(2027);
  });

  it('refuses a list with a bad line and keeps the calendar as it was', () => {
    const id = seed({ receivedAt: '2024-02-28 09:00:00' });
    const before = dueOf(id);
    // The dispatcher runs the import in one transaction: the good first line is rolled back too.
    expect(() => t.call('holidays.import', { text: '2024-02-29 休\n2024-13-01 休', markYearsCovered: false })).toThrow(/第 2 行/);
    expect((t.ledger.db.prepare(`SELECT count(*) AS n FROM calendar_overrides`).get() as { n: number }).n).toBe(0);
    expect(dueOf(id)).toEqual(before);
  });
});
