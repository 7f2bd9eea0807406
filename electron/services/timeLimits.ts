// Time limits (办理时限): the office's rule table (by 诉求类型 and 紧急程度, first match wins),
// a limit written on the order itself ('5个工作日', '24小时', '3天'), and the due time they give.
import { AppError } from '../../shared/result';
import { timeLimitLabel, type TimeLimit, type TimeLimitRule, type TimeLimitSettings } from '../../shared/contract/deadlines';
import { addDays, cstFromEpochMs, epochMsFromCst } from '../../shared/time';
import { appendAudit, type Actor } from '../ledger/audit';
import { readSetting, writeSetting } from '../ledger/settings';
import type { Db } from '../ledger/open';
import type { WorkCalendar } from './calendar';

export const TIME_LIMITS_KEY = 'deadlines.timeLimits';

export const DEFAULT_TIME_LIMITS: TimeLimitSettings = {
  rules: [
    { appealType: null, urgency: '紧急', limit: { unit: 'hours', amount: 24 } },
    { appealType: '咨询', urgency: null, limit: { unit: 'workdays', amount: 3 } },
    { appealType: null, urgency: null, limit: { unit: 'workdays', amount: 5 } },
  ],
  returnWindowHours: 2,
};

export function readTimeLimits(db: Db): TimeLimitSettings {
  const stored = readSetting<TimeLimitSettings>(db, TIME_LIMITS_KEY);
  return stored ?? structuredClone(DEFAULT_TIME_LIMITS);
}

/** Stores the rules (inside the caller's transaction) with an audit entry; the caller recomputes. */
export function writeTimeLimits(db: Db, actor: Actor, settings: TimeLimitSettings): boolean {
  const last = settings.rules[settings.rules.length - 1];
  if (last.appealType !== null || last.urgency !== null) {
    throw new AppError('validation', '时限规则的最后一行应为“其他（任何诉求类型、任何紧急程度）”，否则有的工单没有时限');
  }
  const old = readTimeLimits(db);
  if (JSON.stringify(old) === JSON.stringify(settings)) return false;
  writeSetting(db, TIME_LIMITS_KEY, settings);
  appendAudit(db, actor, [{ action: 'update', entity: 'settings', entityId: null, field: TIME_LIMITS_KEY, oldValue: describeTimeLimits(old), newValue: describeTimeLimits(settings) }]);
  return true;
}

/** The rules as one line of Chinese for the audit log. */
export function describeTimeLimits(s: TimeLimitSettings): string {
  const rules = s.rules.map((r) => {
    const who = [r.appealType, r.urgency].filter(Boolean).join('·') || '其他';
    return `${who} ${timeLimitLabel(r.limit)}`;
  });
  return `${rules.join('；')}；退单时限 ${s.returnWindowHours} 小时`;
}

/** The first rule matching the order; the table's last row matches everything. */
export function ruleLimitFor(rules: readonly TimeLimitRule[], appealType: string | null, urgency: string | null): TimeLimit | null {
  for (const r of rules) {
    if ((r.appealType === null || r.appealType === appealType) && (r.urgency === null || r.urgency === urgency)) return r.limit;
  }
  return null;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function chineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  // 一 … 九十九: enough for limits written in words (十五个工作日, 二十四小时).
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return null;
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS[m[1]] : null;
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

/**
 * The limit an imported or typed 办理时限 means, or null when it is not a limit:
 * '5个工作日', '5工作日', '五个工作日', '24小时', '24h', '2个小时', '3天', '3日', '10个自然日'.
 */
export function parseTimeLimit(raw: string | null | undefined): TimeLimit | null {
  if (raw == null) return null;
  const text = raw.replace(/\s+/g, '').toLowerCase();
  const m = /^([0-9]+|[一二两三四五六七八九十]+)(?:个)?(工作日|工作天|小时|h|hr|hrs|hours?|天|日|自然日|日历日|日历天|个?自然天|d|days?)(?:内)?$/.exec(text);
  if (!m) return null;
  const amount = chineseNumber(m[1]);
  if (amount === null || amount < 1 || amount > 3650) return null;
  const unit = /工作/.test(m[2]) ? 'workdays' : /小时|^h/.test(m[2]) ? 'hours' : 'days';
  return { unit, amount };
}

/**
 * The due time of a limit counted from a receipt (or rework) time: hours run from the moment;
 * days and working days end at 23:59:59 of the Nth (working) day after, the day itself not counted.
 */
export function dueAtFor(limit: TimeLimit, receivedAt: string, calendar: WorkCalendar): string {
  switch (limit.unit) {
    case 'hours':
      return cstFromEpochMs(epochMsFromCst(receivedAt) + limit.amount * 3_600_000);
    case 'days':
      return `${addDays(receivedAt.slice(0, 10), limit.amount)} 23:59:59`;
    case 'workdays':
      return `${calendar.addWorkdays(receivedAt.slice(0, 10), limit.amount)} 23:59:59`;
  }
}
