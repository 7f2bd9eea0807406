// Which backups to keep: the last 7 daily, 4 weekly and 12 monthly ones, every pre-import,
// pre-restore and pre-migration backup for 30 days, and every backup the clerk made by hand
// (or a copy of a damaged ledger) until the clerk deletes it.
import { addDays } from '../../../shared/time';

export type BackupKind = 'daily' | 'import' | 'migration' | 'manual' | 'restore' | 'damaged';

export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  daily: '每日自动',
  import: '导入前',
  migration: '升级前',
  manual: '手动',
  restore: '恢复前',
  damaged: '损坏的台账副本',
};

export interface RotatedBackup {
  /** CST 'YYYY-MM-DD HH:mm:ss'. */
  at: string;
  kind: BackupKind;
}

export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
export const KEEP_MONTHLY = 12;
export const KEEP_EVENT_DAYS = 30;

/** The Monday of the week of a CST day 'YYYY-MM-DD' (weeks start on Monday in China). */
function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

/** The newest backup of each of the `count` newest periods. */
function newestPerPeriod<T extends RotatedBackup>(sortedNewestFirst: readonly T[], periodOf: (b: T) => string, count: number): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const b of sortedNewestFirst) {
    const p = periodOf(b);
    if (seen.has(p)) continue;
    seen.add(p);
    kept.push(b);
    if (seen.size === count) break;
  }
  return kept;
}

/** The backups rotation removes, given all of one ledger's backups and the time now (CST). */
export function backupsToRemove<T extends RotatedBackup>(backups: readonly T[], now: string): T[] {
  const sorted = [...backups].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const keep = new Set<T>();
  const eventCutoff = `${addDays(now.slice(0, 10), -KEEP_EVENT_DAYS)}${now.slice(10)}`;
  for (const b of sorted) {
    if (b.kind === 'manual' || b.kind === 'damaged') keep.add(b);
    else if (b.kind !== 'daily' && b.at >= eventCutoff) keep.add(b);
  }
  // Damaged copies are evidence, not restore points: the periods count only good backups.
  const points = sorted.filter((b) => b.kind !== 'damaged');
  for (const b of newestPerPeriod(points, (x) => x.at.slice(0, 10), KEEP_DAILY)) keep.add(b);
  for (const b of newestPerPeriod(points, (x) => mondayOf(x.at.slice(0, 10)), KEEP_WEEKLY)) keep.add(b);
  for (const b of newestPerPeriod(points, (x) => x.at.slice(0, 7), KEEP_MONTHLY)) keep.add(b);
  return sorted.filter((b) => !keep.has(b));
}
