// China Standard Time as text. Every timestamp in the ledger is 'YYYY-MM-DD HH:mm:ss' in CST
// (UTC+8, no daylight saving), so nothing here may read the machine's time zone: all
// arithmetic goes through UTC milliseconds shifted by a fixed eight hours.

export const CST_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The six numbers of a 'YYYY-MM-DD HH:mm:ss' text, or null for any other shape. Read by character
 * codes, not a regular expression: an export or a recompute parses hundreds of thousands of them.
 */
function timestampParts(text: string): [number, number, number, number, number, number] | null {
  if (text.length !== 19 || text[4] !== '-' || text[7] !== '-' || text[10] !== ' ' || text[13] !== ':' || text[16] !== ':') return null;
  const y = digitsAt(text, 0, 4);
  const parts: [number, number, number, number, number, number] = [y, digitsAt(text, 5, 2), digitsAt(text, 8, 2), digitsAt(text, 11, 2), digitsAt(text, 14, 2), digitsAt(text, 17, 2)];
  return parts.includes(-1) ? null : parts;
}

/** The number the `n` ASCII digits at `at` write, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The CST text of an instant given in epoch milliseconds. */
export function cstFromEpochMs(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The current moment as CST text. */
export function nowCst(): string {
  return cstFromEpochMs(Date.now());
}

/** Epoch milliseconds of a CST timestamp text (assumed valid). */
export function epochMsFromCst(text: string): number {
  const p = timestampParts(text);
  if (!p) throw new Error(`不是有效的时间：${text}`);
  return Date.UTC(p[0], p[1] - 1, p[2], p[3], p[4], p[5]) - CST_OFFSET_MS;
}

export function isCstTimestamp(text: string): boolean {
  const p = timestampParts(text);
  return !!p && isRealDateTime(...p);
}

function isRealDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Full-width digits and punctuation (what a Chinese input method types: ２０２４，０９：０５) as ASCII. */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * The CST timestamp a clerk meant by a typed date, or null when it is not a date.
 * Accepts 2024-02-07 09:05:00, 2024/2/7 9:05, 2024.2.7, 2024年2月7日 9时5分, 2024年2月7日9点, a bare
 * date (which means the start of that day), an ISO 'T' separator, and full-width digits and colons.
 */
export function parseCstInput(raw: string): string | null {
  const text = halfWidth(raw).trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]?(\d{1,2})\s*(?:[:时點点](\d{1,2})\s*(?:[:分](\d{1,2})\s*秒?)?分?|[时點点]))?$/.exec(
      text,
    );
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const [h, mi, s] = [m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0];
  if (!isRealDateTime(y, mo, d, h, mi, s)) return null;
  return `${y}-${pad2(mo)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}

/** 'YYYY-MM-DD' of a CST timestamp. */
export function dayOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** The CST text of a timestamp moved by whole days (calendar arithmetic on the date part). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
