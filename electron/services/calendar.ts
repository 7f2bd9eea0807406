// The working-day calendar: the State Council's holiday notices (chinese-days data, 2004–2026)
// corrected by the office's own entries (calendar_overrides), precomputed as a table of days so
// that "the Nth working day after D" is two array lookups. Dates are 'YYYY-MM-DD' text handled
// through UTC day numbers: nothing here reads the machine's time zone.
//
// chinese-days itself answers Monday–Friday for a year it has no notice for, without saying so;
// we read its data file instead of its functions, so we know exactly which years are covered.
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { AppError } from '../../shared/result';
import type { CalendarCoverage, CalendarOverride } from '../../shared/contract/deadlines';
import { appendAudit, type Actor } from '../ledger/audit';
import { readSetting, writeSetting } from '../ledger/settings';
import { nowCst } from '../../shared/time';
import type { Db } from '../ledger/open';

const MS_PER_DAY = 86_400_000;
/** The table spans these years; receipt times are validated to 1900–2200. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2210;
const BASE_DAY_NUMBER = Date.UTC(FIRST_YEAR, 0, 1) / MS_PER_DAY;

type BuiltinData = { holidays: Record<string, string>; workdays: Record<string, string> };
const BUILTIN = chineseDays as BuiltinData;

function builtinYears(): { from: number; to: number } {
  let from = Infinity, to = -Infinity;
  for (const d of [...Object.keys(BUILTIN.holidays), ...Object.keys(BUILTIN.workdays)]) {
    const y = Number(d.slice(0, 4));
    if (y < from) from = y;
    if (y > to) to = y;
  }
  return { from, to };
}
export const BUILTIN_YEARS = builtinYears();

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' text. */
export function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / MS_PER_DAY;
}

function dayText(dayNo: number): string {
  return new Date(dayNo * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The Chinese name of a built-in holiday ('春节') or adjusted working day ('春节调休'), else null. */
export function builtinDayName(day: string): { kind: 'holiday' | 'workday'; name: string } | null {
  const h = BUILTIN.holidays[day];
  if (h) return { kind: 'holiday', name: h.split(',')[1] ?? h };
  const w = BUILTIN.workdays[day];
  if (w) return { kind: 'workday', name: `${w.split(',')[1] ?? w}调休上班` };
  return null;
}

export function builtinDaysOfYear(year: number): { day: string; kind: 'holiday' | 'workday'; name: string }[] {
  const prefix = `${year}-`;
  const days = [...Object.keys(BUILTIN.holidays), ...Object.keys(BUILTIN.workdays)].filter((d) => d.startsWith(prefix)).sort();
  return days.map((d) => ({ day: d, ...builtinDayName(d)! }));
}

/** A working-day calendar for one set of office overrides. Immutable once built. */
export class WorkCalendar {
  /** 1 for a working day, by index (day number − base). */
  private readonly working: Uint8Array;
  /** Number of working days with index ≤ i. */
  private readonly cumulative: Int32Array;
  /** Index of the k-th working day (k from 0). */
  private readonly workdayIndex: Int32Array;
  private readonly covered: ReadonlySet<number>;

  constructor(overrides: readonly Pick<CalendarOverride, 'day' | 'kind'>[], readonly officeYears: readonly number[]) {
    const size = dayNumber(`${LAST_YEAR}-12-31`) - BASE_DAY_NUMBER + 1;
    const working = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const weekday = (BASE_DAY_NUMBER + i + 4) % 7; // 1970-01-01 was a Thursday (4)
      working[i] = weekday === 0 || weekday === 6 ? 0 : 1;
    }
    const set = (day: string, value: 0 | 1) => {
      const i = dayNumber(day) - BASE_DAY_NUMBER;
      if (i >= 0 && i < size) working[i] = value;
    };
    for (const d of Object.keys(BUILTIN.holidays)) set(d, 0);
    for (const d of Object.keys(BUILTIN.workdays)) set(d, 1);
    for (const o of overrides) set(o.day, o.kind === 'workday' ? 1 : 0);
    const cumulative = new Int32Array(size);
    let count = 0;
    for (let i = 0; i < size; i++) {
      count += working[i];
      cumulative[i] = count;
    }
    const workdayIndex = new Int32Array(count);
    for (let i = 0, k = 0; i < size; i++) if (working[i]) workdayIndex[k++] = i;
    this.working = working;
    this.cumulative = cumulative;
    this.workdayIndex = workdayIndex;
    const covered = new Set<number>(officeYears);
    for (let y = BUILTIN_YEARS.from; y <= BUILTIN_YEARS.to; y++) covered.add(y);
    this.covered = covered;
  }

  private indexOf(day: string): number {
    const i = dayNumber(day) - BASE_DAY_NUMBER;
    if (!(i >= 0 && i < this.working.length)) throw new AppError('validation', `日期 ${day} 超出工作日历的范围（${FIRST_YEAR}—${LAST_YEAR} 年）`);
    return i;
  }

  isWorkday(day: string): boolean {
    return this.working[this.indexOf(day)] === 1;
  }

  /** The Nth working day after `day` ('YYYY-MM-DD'); `day` itself never counts. n ≥ 1. */
  addWorkdays(day: string, n: number): string {
    const k = this.cumulative[this.indexOf(day)] + n - 1;
    if (k >= this.workdayIndex.length) throw new AppError('validation', `从 ${day} 起 ${n} 个工作日超出工作日历的范围`);
    return dayText(BASE_DAY_NUMBER + this.workdayIndex[k]);
  }

  isYearCovered(year: number): boolean {
    return this.covered.has(year);
  }

  /** Years from `fromDay` to `toDay` (inclusive) that no holiday notice covers. */
  uncoveredYears(fromDay: string, toDay: string): number[] {
    const out: number[] = [];
    for (let y = Number(fromDay.slice(0, 4)); y <= Number(toDay.slice(0, 4)); y++) if (!this.covered.has(y)) out.push(y);
    return out;
  }

  coveredYears(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }
}

// ---- the ledger's calendar ---------------------------------------------------------------------

const OFFICE_YEARS_KEY = 'calendar.officeYears';

interface OverrideRow { day: string; kind: 'workday' | 'holiday'; note: string | null; created_at: string }

export function listOverrides(db: Db, year?: number): CalendarOverride[] {
  const rows = (year === undefined
    ? db.prepare(`SELECT day, kind, note, created_at FROM calendar_overrides ORDER BY day`).all()
    : db.prepare(`SELECT day, kind, note, created_at FROM calendar_overrides WHERE day >= ? AND day < ? ORDER BY day`).all(`${year}-`, `${year + 1}-`)) as OverrideRow[];
  return rows.map((r) => ({ day: r.day, kind: r.kind, note: r.note, createdAt: r.created_at }));
}

export function readOfficeYears(db: Db): number[] {
  return (readSetting<number[]>(db, OFFICE_YEARS_KEY) ?? []).slice().sort((a, b) => a - b);
}

// Built calendars by ledger, rebuilt when the overrides or office years change (a cheap fingerprint).
const cache = new WeakMap<Db, { stamp: string; calendar: WorkCalendar }>();

/** The calendar of this ledger: built-in notices plus the office's corrections. */
export function calendarOf(db: Db): WorkCalendar {
  const stamp = (
    db.prepare(`SELECT count(*) || ':' || coalesce(group_concat(day || kind, ','), '') AS s FROM calendar_overrides`).get() as { s: string }
  ).s + `|${JSON.stringify(readOfficeYears(db))}`;
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.calendar;
  const calendar = new WorkCalendar(listOverrides(db), readOfficeYears(db));
  cache.set(db, { stamp, calendar });
  return calendar;
}

function yearsText(years: readonly number[]): string {
  if (years.length === 0) return '';
  const parts: string[] = [];
  let start = years[0], prev = years[0];
  for (const y of [...years.slice(1), NaN]) {
    if (y === prev + 1) { prev = y; continue; }
    parts.push(start === prev ? `${start}` : `${start}—${prev}`);
    start = prev = y;
  }
  return parts.join('、');
}

export function coverageOf(db: Db, now = nowCst()): CalendarCoverage {
  const calendar = calendarOf(db);
  const covered = calendar.coveredYears();
  const year = Number(now.slice(0, 4));
  const missing = [year, year + 1].filter((y) => !calendar.isYearCovered(y));
  const warning = missing.length
    ? `工作日历未包含 ${missing.join('、')} 年的法定节假日安排，涉及这些年份的截止时间按周一至周五计算，可能有误；请在“设置 → 节假日”中录入或导入当年国务院通知。`
    : null;
  return {
    builtinFrom: BUILTIN_YEARS.from,
    builtinTo: BUILTIN_YEARS.to,
    officeYears: calendar.officeYears.slice(),
    coveredYears: covered,
    summary: `工作日历覆盖 ${yearsText(covered)} 年`,
    warning,
  };
}

// ---- office edits (each runs inside the caller's transaction and appends the audit log) -------

const KIND_LABEL = { workday: '上班', holiday: '放假' } as const;

export function upsertOverride(db: Db, actor: Actor, day: string, kind: 'workday' | 'holiday', note: string | null): { override: CalendarOverride; changed: 'added' | 'updated' | 'same' } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || dayText(dayNumber(day)) !== day) throw new AppError('validation', `“${day}”不是有效的日期`);
  const year = Number(day.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR - 10) throw new AppError('validation', `日期 ${day} 超出工作日历的范围`);
  const old = db.prepare(`SELECT day, kind, note, created_at FROM calendar_overrides WHERE day = ?`).get(day) as OverrideRow | undefined;
  const now = nowCst();
  if (old && old.kind === kind && (old.note ?? null) === (note ?? null)) {
    return { override: { day, kind, note: old.note, createdAt: old.created_at }, changed: 'same' };
  }
  db.prepare(`INSERT INTO calendar_overrides (day, kind, note, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, note = excluded.note`).run(day, kind, note, now);
  appendAudit(db, actor, [{
    action: old ? 'calendar.update' : 'calendar.add', entity: 'settings', entityId: null, field: `calendar:${day}`,
    oldValue: old ? `${KIND_LABEL[old.kind]}${old.note ? ` ${old.note}` : ''}` : null,
    newValue: `${KIND_LABEL[kind]}${note ? ` ${note}` : ''}`,
  }], now);
  return { override: { day, kind, note, createdAt: old?.created_at ?? now }, changed: old ? 'updated' : 'added' };
}

export function removeOverride(db: Db, actor: Actor, day: string): boolean {
  const old = db.prepare(`SELECT kind, note FROM calendar_overrides WHERE day = ?`).get(day) as OverrideRow | undefined;
  if (!old) return false;
  db.prepare(`DELETE FROM calendar_overrides WHERE day = ?`).run(day);
  appendAudit(db, actor, [{ action: 'calendar.remove', entity: 'settings', entityId: null, field: `calendar:${day}`, oldValue: `${KIND_LABEL[old.kind]}${old.note ? ` ${old.note}` : ''}`, newValue: null }]);
  return true;
}

export function setOfficeYearCovered(db: Db, actor: Actor, year: number, covered: boolean): void {
  const years = new Set(readOfficeYears(db));
  if (years.has(year) === covered) return;
  if (covered) years.add(year); else years.delete(year);
  const old = writeSetting(db, OFFICE_YEARS_KEY, [...years].sort((a, b) => a - b));
  appendAudit(db, actor, [{ action: 'update', entity: 'settings', entityId: null, field: OFFICE_YEARS_KEY, oldValue: old, newValue: [...years].sort((a, b) => a - b) }]);
}

const HOLIDAY_WORDS = /^(休|假|放假|休息|节假日|假日|法定节假日|holiday|off)$/i;
const WORKDAY_WORDS = /^(班|上班|补班|调休上班|调休|工作日|workday|work)$/i;

export interface ParsedHolidayLine { day: string; kind: 'workday' | 'holiday'; note: string | null }

/**
 * The days of a pasted or uploaded list: one day per line, 'YYYY-MM-DD' (or 2027/1/1, 2027年1月1日),
 * then 休/班 (or 放假/上班 …), then an optional note. Blank lines, '#' comments and a header line
 * (no year in it) before the first day are skipped. Errors name the line number.
 */
export function parseHolidayList(text: string): ParsedHolidayLine[] {
  const out: ParsedHolidayLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(/[\t,，;；]+|\s+/).map((c) => c.trim()).filter(Boolean);
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cells[0] ?? '');
    if (!m) {
      if (out.length === 0 && !/\d{4}/.test(line)) return; // a header row
      throw new AppError('validation', `第 ${index + 1} 行：“${cells[0]}”不是日期，应如 2027-01-01`);
    }
    const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    if (dayText(dayNumber(day)) !== day) throw new AppError('validation', `第 ${index + 1} 行：${day} 不是有效的日期`);
    const word = cells[1] ?? '';
    const kind = HOLIDAY_WORDS.test(word) ? 'holiday' : WORKDAY_WORDS.test(word) ? 'workday' : null;
    if (!kind) throw new AppError('validation', `第 ${index + 1} 行：“${word || '（空）'}”应为“休”或“班”（放假或调休上班）`);
    out.push({ day, kind, note: cells.slice(2).join(' ') || null });
  });
  return out;
}
