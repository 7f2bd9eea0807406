// Bonus and penalty points (加分, 减分) the office enters per unit and period with a reason
// (白水's 加减分 scheme). Kept in unit_adjustments; a deleted entry is only marked deleted.
import { AppError } from '../../../shared/result';
import { nowCst } from '../../../shared/time';
import type { Adjustment } from '../../../shared/contract/stats';
import { appendAudit, type Actor } from '../../ledger/audit';
import { unitIdByName } from '../../ledger/units';
import type { Db } from '../../ledger/open';
import { findHeaderRow, readSheetRows } from '../spreadsheet';
import { parsePeriod, type Period } from '../../../shared/period';

export interface AdjustmentInput {
  unitId: number;
  period: string;
  bonus: number;
  penalty: number;
  reason: string;
}

const SELECT = `SELECT a.id, a.unit_id AS unitId, u.name AS unit, a.period, a.bonus, a.penalty, a.reason, a.at, a.who
  FROM unit_adjustments a JOIN units u ON u.id = a.unit_id WHERE a.deleted = 0`;

/** Adjustments whose period lies inside the given one (a month's points count toward its quarter). */
export function listAdjustments(db: Db, period?: Period): Adjustment[] {
  if (!period) return db.prepare(`${SELECT} ORDER BY a.first_day DESC, u.sort_order, a.id`).all() as Adjustment[];
  return db
    .prepare(`${SELECT} AND a.first_day >= ? AND a.last_day <= ? ORDER BY u.sort_order, a.id`)
    .all(period.firstDay, period.lastDay) as Adjustment[];
}

/** Σ加分 and Σ减分 per unit for a period. */
export function adjustmentSums(db: Db, period: Period): Map<number, { bonus: number; penalty: number }> {
  const rows = db
    .prepare(
      `SELECT unit_id AS unitId, total(bonus) AS bonus, total(penalty) AS penalty FROM unit_adjustments
       WHERE deleted = 0 AND first_day >= ? AND last_day <= ? GROUP BY unit_id`,
    )
    .all(period.firstDay, period.lastDay) as { unitId: number; bonus: number; penalty: number }[];
  return new Map(rows.map((r) => [r.unitId, { bonus: r.bonus, penalty: r.penalty }]));
}

function checkPoints(label: string, v: number): string | null {
  if (!Number.isFinite(v) || v < 0) return `${label}应为不小于 0 的数`;
  if (v > 1000) return `${label}过大（超过 1000）`;
  return null;
}

/** Records one adjustment inside the caller's transaction. */
export function addAdjustment(db: Db, actor: Actor, input: AdjustmentInput, batchId: number | null = null): number {
  const period = parsePeriod(input.period);
  if (!db.prepare(`SELECT 1 FROM units WHERE id = ?`).get(input.unitId)) throw new AppError('not_found', `承办单位不存在（编号 ${input.unitId}）`);
  const problem = checkPoints('加分', input.bonus) ?? checkPoints('减分', input.penalty);
  if (problem) throw new AppError('validation', problem);
  if (input.bonus === 0 && input.penalty === 0) throw new AppError('validation', '加分和减分不能都为 0');
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation', '请填写加减分事由');
  const at = nowCst();
  const id = Number(
    db
      .prepare(
        `INSERT INTO unit_adjustments (unit_id, period, first_day, last_day, bonus, penalty, reason, at, who) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.unitId, period.text, period.firstDay, period.lastDay, input.bonus, input.penalty, reason, at, actor.who).lastInsertRowid,
  );
  appendAudit(db, actor, [{
    action: 'adjust', entity: 'unit', entityId: input.unitId, field: 'adjustment',
    newValue: { id, period: period.text, bonus: input.bonus, penalty: input.penalty, reason }, batchId,
  }], at);
  return id;
}

export function getAdjustment(db: Db, id: number): Adjustment {
  const row = db.prepare(`${SELECT} AND a.id = ?`).get(id) as Adjustment | undefined;
  if (!row) throw new AppError('not_found', `加减分记录不存在（编号 ${id}）`);
  return row;
}

export function deleteAdjustment(db: Db, actor: Actor, id: number): void {
  const old = getAdjustment(db, id);
  db.prepare(`UPDATE unit_adjustments SET deleted = 1 WHERE id = ?`).run(id);
  appendAudit(db, actor, [{ action: 'delete', entity: 'unit', entityId: old.unitId, field: 'adjustment', oldValue: old }]);
}

const COLUMNS = { unit: '单位名称', period: '期间', bonus: '加分', penalty: '减分', reason: '事由' } as const;

function parsePoints(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/**
 * `hotline adjust import` and the page's import: a sheet with 单位名称, 期间, 加分, 减分, 事由.
 * All or nothing: any bad row rejects the file, with every problem listed by row.
 */
export function importAdjustmentsFile(db: Db, actor: Actor, fileName: string, bytes: Uint8Array): { imported: number; rejected: { row: number; column: string; message: string }[] } {
  const rows = readSheetRows(fileName, bytes);
  const headerAt = findHeaderRow(rows, [COLUMNS.unit, COLUMNS.period]);
  if (headerAt < 0) throw new AppError('bad_file', `文件 ${fileName} 中找不到“单位名称”和“期间”列`);
  const header = rows[headerAt].map((c) => c.replace(/\s/g, '').replace(/值$/, ''));
  const col = (label: string) => header.indexOf(label);
  for (const label of [COLUMNS.bonus, COLUMNS.penalty, COLUMNS.reason]) {
    if (col(label) < 0) throw new AppError('bad_file', `文件 ${fileName} 中缺少“${label}”列`);
  }
  const rejected: { row: number; column: string; message: string }[] = [];
  const good: AdjustmentInput[] = [];
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i];
    if (!r.some((c) => (c ?? '').trim() !== '')) continue;
    const cell = (label: string) => (r[col(label)] ?? '').trim();
    const row = i + 1;
    const reject = (column: string, message: string) => rejected.push({ row, column, message });
    const unitName = cell(COLUMNS.unit);
    const unitId = unitName ? unitIdByName(db, unitName) : undefined;
    if (!unitName) { reject(COLUMNS.unit, '单位名称为空'); continue; }
    if (unitId === undefined) { reject(COLUMNS.unit, `单位“${unitName}”不在单位名录中`); continue; }
    let periodText: string;
    try {
      periodText = parsePeriod(cell(COLUMNS.period)).text;
    } catch (e) {
      reject(COLUMNS.period, (e as Error).message);
      continue;
    }
    const bonus = parsePoints(cell(COLUMNS.bonus));
    const penalty = parsePoints(cell(COLUMNS.penalty));
    if (bonus === null) { reject(COLUMNS.bonus, `加分“${cell(COLUMNS.bonus)}”不是数字`); continue; }
    if (penalty === null) { reject(COLUMNS.penalty, `减分“${cell(COLUMNS.penalty)}”不是数字`); continue; }
    const problem = checkPoints('加分', bonus) ?? checkPoints('减分', penalty);
    if (problem) { reject(bonus > 1000 || bonus < 0 ? COLUMNS.bonus : COLUMNS.penalty, problem); continue; }
    if (bonus === 0 && penalty === 0) { reject(COLUMNS.bonus, '加分和减分都为空'); continue; }
    const reason = cell(COLUMNS.reason);
    if (!reason) { reject(COLUMNS.reason, '事由为空'); continue; }
    good.push({ unitId, period: periodText, bonus, penalty, reason });
  }
  if (rejected.length > 0) {
    const first = rejected[0];
    throw new AppError('validation', `第 ${first.row} 行“${first.column}”：${first.message}${rejected.length > 1 ? `（共 ${rejected.length} 行有误）` : ''}；未导入任何记录`, { rejected });
  }
  if (good.length === 0) throw new AppError('bad_file', `文件 ${fileName} 中没有加减分记录`);
  for (const a of good) addAdjustment(db, actor, a);
  return { imported: good.length, rejected: [] };
}
