// Finding the header row (a title row may sit above it; headers may span two merged rows) and
// deciding which field each column fills: the clerk's hand mapping, the alias dictionary, then
// saved mappings.
import type { ColumnMapping, ImportColumn } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/result';
import { cellText } from './cellValues';
import type { RawSheet } from './readWorkbook';
import { TARGET_LABEL, isTargetKey, normalizeHeader, targetOfHeader, type TargetKey } from './targets';

const HEADER_SCAN_ROWS = 30;

export interface ColumnPlan extends ImportColumn {
  target: TargetKey | null;
}

export interface HeaderPlan {
  headerRow: number; // 0-based
  columns: ColumnPlan[];
}

/** Header-area text with every merged range filled with its top-left value. */
function headerAreaText(sheet: RawSheet): string[][] {
  const area = sheet.rows.slice(0, HEADER_SCAN_ROWS).map((r) => r.map(cellText));
  for (const m of sheet.merges) {
    if (m.s.r >= HEADER_SCAN_ROWS) continue;
    const value = area[m.s.r]?.[m.s.c] ?? '';
    for (let r = m.s.r; r <= Math.min(m.e.r, HEADER_SCAN_ROWS - 1); r++) {
      area[r] ??= [];
      for (let c = m.s.c; c <= m.e.c; c++) area[r][c] = value;
    }
  }
  return area;
}

export function findHeader(sheet: RawSheet, manual: ColumnMapping, saved: ColumnMapping, fileName: string): HeaderPlan {
  const area = headerAreaText(sheet);
  const known = (text: string) => {
    const n = normalizeHeader(text);
    return n !== '' && (manual[text] !== undefined || manual[n] !== undefined || targetOfHeader(n) !== undefined || saved[n] !== undefined);
  };
  const score = (r: number) => new Set((area[r] ?? []).filter(known).map(normalizeHeader)).size;
  let best = -1;
  let bestScore = 0;
  for (let r = 0; r < area.length; r++) {
    const s = score(r);
    if (s > bestScore) { best = r; bestScore = s; }
  }
  if (best < 0 || bestScore < 2) {
    throw new AppError('bad_file', `文件 ${fileName} 的前 ${HEADER_SCAN_ROWS} 行中找不到表头（应有“工单编号”“受理时间”等列）`);
  }
  // A header over two merged rows: the lower row repeats the merged cells and adds the sub-labels.
  while (best + 1 < area.length && score(best + 1) >= bestScore) best++;
  const header = area[best];
  const parent = best > 0 ? area[best - 1] : [];
  const width = Math.max(header.length, ...sheet.rows.slice(best + 1, best + 50).map((r) => r.length));
  // Targets the clerk assigned by hand are theirs: the dictionary may not give them to another column.
  const used = new Set<TargetKey>();
  const manualTargets = new Set(Object.values(manual).filter((t): t is TargetKey => t !== 'ignore' && isTargetKey(t)));
  const columns: ColumnPlan[] = [];
  for (let c = 0; c < width; c++) {
    const text = (header[c] ?? '').trim();
    const upper = (parent[c] ?? '').trim();
    const label = text || upper;
    if (!label) continue;
    const n = normalizeHeader(label);
    const combined = upper && upper !== text ? normalizeHeader(upper + text) : '';
    let target: TargetKey | null = null;
    let source: ColumnPlan['source'] = null;
    const pick = (t: string | undefined, s: NonNullable<ColumnPlan['source']>) => {
      if (target !== null || source === 'manual' || !t) return;
      if (t === 'ignore') { source = s; return; }
      if (isTargetKey(t) && !used.has(t) && (s === 'manual' || !manualTargets.has(t))) { target = t; source = s; }
    };
    pick(manual[label] ?? manual[n], 'manual');
    pick(targetOfHeader(n), 'alias');
    if (combined) pick(targetOfHeader(combined), 'alias');
    pick(saved[n], 'saved');
    if (target) used.add(target);
    const samples: string[] = [];
    for (let r = best + 1; r < sheet.rows.length && samples.length < 3; r++) {
      const v = cellText(sheet.rows[r][c] ?? null);
      if (v) samples.push(v.slice(0, 40));
    }
    columns.push({
      index: c, header: label, target, targetLabel: target ? TARGET_LABEL[target] : null, source, note: null, samples,
    });
  }
  if (!columns.some((c) => c.target === 'orderNo')) {
    throw new AppError('bad_file', `文件 ${fileName} 中找不到“工单编号”列（表头在第 ${best + 1} 行）；请在导入时把对应的列指定为“工单编号”`, {
      columns: columns.map((c) => c.header),
    });
  }
  return { headerRow: best, columns };
}
