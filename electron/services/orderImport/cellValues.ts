// Turning raw cells into the text a field expects. Dates become CST text by arithmetic on the
// serial number alone (the machine's time zone never enters), numbers keep all their digits.
import { parseCstInput } from '../../../shared/time';
import { parseTimeLimit } from '../timeLimits';
import { isDateCell, type RawCell } from './readWorkbook';

const LIMIT_UNIT_WORD = { workdays: '个工作日', hours: '小时', days: '天' } as const;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The CST text of an Excel serial date (1900 date system), rounded to the second. */
export function cstFromExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  // Arithmetic on whole seconds: the day's text comes from a cache (100,000 rows × 5 date
  // columns fall on a few hundred days), the time of day from the remainder.
  const seconds = Math.round((serial - 25569) * 86_400);
  const day = Math.floor(seconds / 86_400);
  const inDay = seconds - day * 86_400;
  const hh = Math.floor(inDay / 3600);
  const mm = Math.floor((inDay % 3600) / 60);
  return `${dayText(day)} ${pad2(hh)}:${pad2(mm)}:${pad2(inDay % 60)}`;
}

const dayTexts = new Map<number, string>();

/** 'YYYY-MM-DD' of a day counted from 1970-01-01. */
function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    const d = new Date(day * 86_400_000);
    text = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    if (dayTexts.size > 100_000) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

/** All the digits of a number, never 1.8E+17. */
function numberText(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(n);
}

/** The text a cell shows for a text field. */
export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return cstFromExcelSerial(cell.serial) ?? '';
}

/** A leading apostrophe is how our own CSV export defuses formulas; imported back it goes away. */
export function withoutFormulaGuard(text: string): string {
  return text.length > 1 && text[0] === "'" && /^[=+\-@\t\r]/.test(text.slice(1)) ? text.slice(1) : text;
}

export type Parsed = { ok: true; value: string | number | null } | { ok: false; message: string };

/** A date-time cell as CST text: a date cell, a bare serial number, or text in any common spelling. */
export function parseDateTimeCell(cell: RawCell, label: string): Parsed {
  if (cell === null || cell === '') return { ok: true, value: null };
  if (isDateCell(cell) || typeof cell === 'number') {
    const serial = isDateCell(cell) ? cell.serial : cell;
    const ts = cstFromExcelSerial(serial);
    return ts && serial > 20000 ? { ok: true, value: ts } : { ok: false, message: `${label}“${cellText(cell)}”不是有效的日期时间` };
  }
  const text = cellText(cell)
    .replace(/\.\d+$/, '') // 2023-02-07 09:05:00.0 from database exports
    .replace(/^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2}):?(\d{2}))?$/, (_m, y, mo, d, h, mi, s) => `${y}-${mo}-${d} ${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}`);
  if (text === '') return { ok: true, value: null };
  const ts = parseCstInput(text);
  return ts ? { ok: true, value: ts } : { ok: false, message: `${label}“${text}”不是有效的日期时间，应如 2024-02-07 09:05` };
}

/** A count (重办次数, 告警次数 …): a whole number, or 是/否 meaning 1/0. */
export function parseCountCell(cell: RawCell, label: string): Parsed {
  const text = cellText(cell);
  if (text === '' || text === '无' || text === '-') return { ok: true, value: null };
  if (/^\d{1,4}(\.0+)?$/.test(text)) return { ok: true, value: Math.trunc(Number(text)) };
  if (/^(是|有|已告警|已退单|逾期)$/.test(text)) return { ok: true, value: 1 };
  if (/^(否|没有|未告警)$/.test(text)) return { ok: true, value: 0 };
  return { ok: false, message: `${label}“${text}”应为次数（整数）或 是/否` };
}

export type Duration = { kind: 'duration'; text: string } | { kind: 'time'; value: string };

/**
 * 办理时限: a duration in the words the platform uses (5个工作日, 3天, 24小时), or a moment
 * (then it is really the due time).
 */
export function parseTimeLimitCell(cell: RawCell, label: string): { ok: true; value: Duration | null } | { ok: false; message: string } {
  const text = cellText(cell).replace(/\s+/g, '');
  if (text === '') return { ok: true, value: null };
  // The deadlines' own reading of a limit, so an imported limit means what a typed one means.
  const limit = parseTimeLimit(text);
  if (limit) return { ok: true, value: { kind: 'duration', text: `${limit.amount}${LIMIT_UNIT_WORD[limit.unit]}` } };
  const t = parseDateTimeCell(cell, label);
  if (t.ok && typeof t.value === 'string') return { ok: true, value: { kind: 'time', value: t.value } };
  return { ok: false, message: `${label}“${text}”应为时长（如 5个工作日、3天、24小时）或截止时间` };
}

/** Who made the return visit: 县级回访 → county, 市级抽访 → city (the deadlines' visit_source). */
export function parseVisitSourceCell(cell: RawCell, label: string): Parsed {
  const text = cellText(cell);
  if (text === '' || text === '未回访' || text === '无') return { ok: true, value: null };
  if (/市/.test(text)) return { ok: true, value: 'city' };
  if (/[县区镇]|本级/.test(text)) return { ok: true, value: 'county' };
  return { ok: false, message: `${label}“${text}”应为 县级回访 或 市级抽访` };
}
