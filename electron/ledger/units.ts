// The directory of handling units (承办单位), with aliases and sub-units.
import { AppError } from '../../shared/result';
import { guessUnitKind, type UnitKind } from '../../shared/units';
import { nowCst } from '../../shared/time';
import type { Unit } from '../../shared/api';
import { appendAudit, type Actor } from './audit';
import type { Db } from './open';

interface UnitRow {
  id: number;
  name: string;
  kind: UnitKind;
  parent_id: number | null;
  parent_name: string | null;
  sort_order: number;
  active: number;
  aliases: string | null;
  order_count: number;
}

const UNIT_SELECT = `
  SELECT u.id, u.name, u.kind, u.parent_id, p.name AS parent_name, u.sort_order, u.active,
         (SELECT group_concat(alias, char(10)) FROM (SELECT alias FROM unit_aliases a WHERE a.unit_id = u.id ORDER BY alias)) AS aliases,
         (SELECT count(*) FROM orders o WHERE o.unit_id = u.id AND o.deleted = 0) AS order_count
  FROM units u LEFT JOIN units p ON p.id = u.parent_id`;

function toUnit(r: UnitRow): Unit {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    parentName: r.parent_name,
    aliases: r.aliases ? r.aliases.split('\n') : [],
    sortOrder: r.sort_order,
    active: r.active === 1,
    orderCount: r.order_count,
  };
}

export function listUnits(db: Db): Unit[] {
  return (db.prepare(`${UNIT_SELECT} ORDER BY u.kind DESC, u.sort_order, u.name`).all() as UnitRow[]).map(toUnit);
}

export function getUnit(db: Db, id: number): Unit {
  const row = db.prepare(`${UNIT_SELECT} WHERE u.id = ?`).get(id) as UnitRow | undefined;
  if (!row) throw new AppError('not_found', `承办单位不存在（编号 ${id}）`);
  return toUnit(row);
}

/** The id of the unit with this name or alias. */
export function unitIdByName(db: Db, name: string): number | undefined {
  const n = name.trim();
  const row = (db.prepare(`SELECT id FROM units WHERE name = ?`).get(n) ??
    db.prepare(`SELECT unit_id AS id FROM unit_aliases WHERE alias = ?`).get(n)) as { id: number } | undefined;
  return row?.id;
}

export interface UnitInput {
  name: string;
  kind?: UnitKind;
  parentId?: number | null;
  aliases?: string[];
  sortOrder?: number;
  active?: boolean;
}

/** A name or alias may stand for one unit only. */
function assertNameFree(db: Db, name: string, exceptUnitId: number | null): void {
  const owner = unitIdByName(db, name);
  if (owner !== undefined && owner !== exceptUnitId) {
    throw new AppError('conflict', `“${name}”已是单位“${getUnit(db, owner).name}”的名称或别名`);
  }
}

function assertParentValid(db: Db, unitId: number | null, parentId: number | null | undefined): void {
  if (parentId == null) return;
  if (!db.prepare(`SELECT 1 FROM units WHERE id = ?`).get(parentId)) throw new AppError('validation', `上级单位不存在（编号 ${parentId}）`);
  // Walk up from the proposed parent: meeting the unit itself would make a cycle.
  for (let at: number | null = parentId, steps = 0; at != null && steps < 100; steps++) {
    if (at === unitId) throw new AppError('validation', '上级单位不能是本单位或其下属单位');
    at = (db.prepare(`SELECT parent_id FROM units WHERE id = ?`).get(at) as { parent_id: number | null }).parent_id;
  }
}

function replaceAliases(db: Db, unitId: number, name: string, aliases: readonly string[]): void {
  db.prepare(`DELETE FROM unit_aliases WHERE unit_id = ?`).run(unitId);
  const insert = db.prepare(`INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)`);
  for (const alias of new Set(aliases.map((a) => a.trim()).filter((a) => a && a !== name))) {
    assertNameFree(db, alias, unitId);
    insert.run(alias, unitId);
  }
}

/** Creates a unit; call inside the caller's transaction. */
export function insertUnit(db: Db, actor: Actor, input: UnitInput, batchId: number | null = null): number {
  const name = input.name.trim();
  assertNameFree(db, name, null);
  assertParentValid(db, null, input.parentId);
  const now = nowCst();
  const sortOrder =
    input.sortOrder ?? (db.prepare(`SELECT coalesce(max(sort_order), 0) + 1 AS n FROM units`).get() as { n: number }).n;
  const id = Number(
    db
      .prepare(`INSERT INTO units (name, kind, parent_id, sort_order, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(name, input.kind ?? guessUnitKind(name), input.parentId ?? null, sortOrder, input.active === false ? 0 : 1, now, now).lastInsertRowid,
  );
  if (input.aliases) replaceAliases(db, id, name, input.aliases);
  appendAudit(db, actor, [{ action: 'create', entity: 'unit', entityId: id, newValue: name, batchId }], now);
  return id;
}

/** Changes a unit; orders refer to it by id, so a rename shows everywhere at once. */
export function patchUnit(db: Db, actor: Actor, id: number, changes: Partial<UnitInput>, batchId: number | null = null): void {
  const before = getUnit(db, id);
  const after = {
    name: changes.name?.trim() ?? before.name,
    kind: changes.kind ?? before.kind,
    parentId: changes.parentId !== undefined ? changes.parentId : before.parentId,
    sortOrder: changes.sortOrder ?? before.sortOrder,
    active: changes.active ?? before.active,
    aliases: changes.aliases ?? before.aliases,
  };
  if (after.name !== before.name) assertNameFree(db, after.name, id);
  assertParentValid(db, id, after.parentId);
  const now = nowCst();
  db.prepare(`UPDATE units SET name = ?, kind = ?, parent_id = ?, sort_order = ?, active = ?, updated_at = ? WHERE id = ?`).run(
    after.name, after.kind, after.parentId, after.sortOrder, after.active ? 1 : 0, now, id,
  );
  if (changes.aliases || after.name !== before.name) {
    // The old name keeps working as an alias, so imports that still use it find the unit.
    const aliases = after.name !== before.name ? [...after.aliases, before.name] : after.aliases;
    replaceAliases(db, id, after.name, aliases);
  }
  const records = (Object.keys(after) as (keyof typeof after)[])
    .filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]))
    .map((k) => ({ action: 'update', entity: 'unit' as const, entityId: id, field: k, oldValue: before[k], newValue: after[k], batchId }));
  appendAudit(db, actor, records, now);
}
