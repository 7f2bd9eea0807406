// `hotline units import` and 承办单位 → 导入: a unit list with columns 单位名称, 单位类型, 上级单位, 别名, 排序.
import { AppError } from '../../shared/result';
import { unitKindFromLabel, type UnitKind } from '../../shared/units';
import type { UnitImportSummary } from '../../shared/api';
import type { Actor } from '../ledger/audit';
import { getUnit, insertUnit, patchUnit, unitIdByName } from '../ledger/units';
import type { Db } from '../ledger/open';
import { findHeaderRow, readSheetRows } from './spreadsheet';

const COLUMNS = { name: '单位名称', kind: '单位类型', parent: '上级单位', aliases: '别名', sortOrder: '排序' } as const;

/** The names offices give these columns, the canonical one first (checked in this order). */
const HEADER_WORDS: Record<string, readonly string[]> = {
  [COLUMNS.name]: [COLUMNS.name, '承办单位', '承办单位名称', '单位全称', '单位'],
  [COLUMNS.kind]: [COLUMNS.kind, '类型', '单位类别', '类别'],
  [COLUMNS.parent]: [COLUMNS.parent, '上级单位名称', '主管单位', '所属单位'],
  [COLUMNS.aliases]: [COLUMNS.aliases, '别称', '其他名称', '简称'],
  [COLUMNS.sortOrder]: [COLUMNS.sortOrder, '排序号', '顺序'],
};

interface UnitLine {
  row: number;
  name: string;
  kind?: UnitKind;
  parent?: string;
  aliases?: string[];
  sortOrder?: number;
}

/** Runs inside the caller's transaction: valid rows are written, invalid ones reported by row number. */
export function importUnitsFile(db: Db, actor: Actor, fileName: string, bytes: Uint8Array): UnitImportSummary {
  const rows = readSheetRows(fileName, bytes);
  const headerAt = HEADER_WORDS[COLUMNS.name].map((w) => findHeaderRow(rows, [w])).find((i) => i >= 0) ?? -1;
  if (headerAt < 0) throw new AppError('bad_file', `文件 ${fileName} 中找不到“单位名称”列`);
  const header = rows[headerAt].map((c) => c.replace(/\s/g, ''));
  /** Where a column is, under its own name or the first of its other names the file uses. */
  const col = (label: string) => HEADER_WORDS[label].map((w) => header.indexOf(w)).find((i) => i >= 0) ?? -1;
  const summary: UnitImportSummary = { created: [], updated: [], unchanged: 0, rejected: [] };
  const lines: UnitLine[] = [];
  const seen = new Set<string>();
  const writeLine = (line: UnitLine) => {
    try {
      // A savepoint per row: a refused row leaves nothing behind, the others still land.
      db.transaction(() => writeUnitLine(db, actor, line, summary))();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      summary.rejected.push({ row: line.row, column: columnOfRefusal(e), message: e.message });
    }
  };
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i];
    const cell = (label: string) => (col(label) >= 0 ? (r[col(label)] ?? '').trim() : '');
    const row = i + 1;
    const name = cell(COLUMNS.name);
    if (!name) {
      if (r.some((c) => c !== '')) summary.rejected.push({ row, column: COLUMNS.name, message: '单位名称为空' });
      continue;
    }
    if (name.length > 100) { summary.rejected.push({ row, column: COLUMNS.name, message: '单位名称超过 100 字' }); continue; }
    if (seen.has(name)) { summary.rejected.push({ row, column: COLUMNS.name, message: `单位“${name}”在文件中重复出现` }); continue; }
    const line: UnitLine = { row, name };
    const kindText = cell(COLUMNS.kind);
    if (kindText) {
      const kind = unitKindFromLabel(kindText);
      if (!kind) { summary.rejected.push({ row, column: COLUMNS.kind, message: `单位类型“${kindText}”应为“镇街”或“部门”` }); continue; }
      line.kind = kind;
    }
    const sortText = cell(COLUMNS.sortOrder);
    if (sortText) {
      if (!/^-?\d+$/.test(sortText)) { summary.rejected.push({ row, column: COLUMNS.sortOrder, message: `排序“${sortText}”应为整数` }); continue; }
      line.sortOrder = Number(sortText);
    }
    const aliasText = cell(COLUMNS.aliases);
    if (aliasText) line.aliases = aliasText.split(/[、,，;；/|\n]+/).map((a) => a.trim()).filter(Boolean);
    const parent = cell(COLUMNS.parent);
    if (parent) line.parent = parent;
    seen.add(name);
    lines.push(line);
  }
  // Parents first, so a sub-unit may name a parent that appears further down the file, at any
  // depth: each round writes the lines whose parent exists by now, until a round writes none.
  let waiting = lines;
  for (let progress = true; progress && waiting.length > 0; ) {
    progress = false;
    const next: UnitLine[] = [];
    for (const line of waiting) {
      if (line.parent && unitIdByName(db, line.parent) === undefined) { next.push(line); continue; }
      progress = true;
      writeLine(line);
    }
    waiting = next;
  }
  for (const line of waiting) writeLine(line); // parents that never came: refused row by row
  summary.rejected.sort((a, b) => a.row - b.row);
  return summary;
}

/** The column to point the clerk at when writing a row was refused. */
function columnOfRefusal(e: AppError): string {
  // Writing a row whose name is new (insert) or already known (patch) never changes a name, so a
  // name clash can only come from an alias; parent problems are raised as 上级单位….
  if (e.code === 'conflict') return COLUMNS.aliases;
  if (e.message.startsWith(COLUMNS.parent)) return COLUMNS.parent;
  return COLUMNS.name;
}

function writeUnitLine(db: Db, actor: Actor, line: UnitLine, summary: UnitImportSummary): void {
  let parentId: number | null | undefined;
  if (line.parent) {
    parentId = unitIdByName(db, line.parent);
    if (parentId === undefined) throw new AppError('validation', `上级单位“${line.parent}”不存在`);
  }
  const existing = unitIdByName(db, line.name);
  if (existing === undefined) {
    insertUnit(db, actor, { name: line.name, kind: line.kind, parentId, aliases: line.aliases, sortOrder: line.sortOrder });
    summary.created.push(line.name);
    return;
  }
  const before = getUnit(db, existing);
  const changes = {
    ...(line.kind && line.kind !== before.kind ? { kind: line.kind } : {}),
    ...(parentId !== undefined && parentId !== before.parentId ? { parentId } : {}),
    ...(line.sortOrder !== undefined && line.sortOrder !== before.sortOrder ? { sortOrder: line.sortOrder } : {}),
    ...(line.aliases && line.aliases.some((a) => !before.aliases.includes(a) && a !== before.name)
      ? { aliases: [...new Set([...before.aliases, ...line.aliases])] }
      : {}),
  };
  if (Object.keys(changes).length === 0) { summary.unchanged++; return; }
  patchUnit(db, actor, existing, changes);
  summary.updated.push(before.name);
}
