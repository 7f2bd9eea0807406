// Column mappings the clerk saved under a name, for the next file from the same source.
import { ColumnMapping, type SavedMapping } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/result';
import { nowCst } from '../../../shared/time';
import { appendAudit, type Actor } from '../../ledger/audit';
import type { Db } from '../../ledger/open';
import { normalizeHeader } from './targets';

export function listMappings(db: Db): SavedMapping[] {
  const rows = db.prepare(`SELECT name, mapping, updated_at FROM import_mappings ORDER BY updated_at DESC, name`).all() as { name: string; mapping: string; updated_at: string }[];
  return rows.map((r) => ({ name: r.name, mapping: ColumnMapping.parse(JSON.parse(r.mapping)), updatedAt: r.updated_at }));
}

export function saveMapping(db: Db, actor: Actor, name: string, mapping: ColumnMapping): void {
  const normalized = Object.fromEntries(Object.entries(mapping).map(([h, t]) => [normalizeHeader(h) || h, t]));
  const before = db.prepare(`SELECT mapping FROM import_mappings WHERE name = ?`).get(name) as { mapping: string } | undefined;
  db.prepare(`INSERT INTO import_mappings (name, mapping, updated_at) VALUES (?, ?, ?)
              ON CONFLICT(name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`).run(name, JSON.stringify(normalized), nowCst());
  appendAudit(db, actor, [{ action: before ? 'update' : 'create', entity: 'settings', entityId: null, field: `importMapping:${name}`, oldValue: before?.mapping ?? null, newValue: JSON.stringify(normalized) }]);
}

/**
 * The saved mapping to consult after the alias dictionary: the named one, or else all of them
 * merged (the most recently saved wins), so a header mapped once is known from then on.
 */
export function savedMappingFor(db: Db, name: string | undefined): ColumnMapping {
  const all = listMappings(db);
  if (name !== undefined) {
    const m = all.find((x) => x.name === name);
    if (!m) throw new AppError('not_found', `没有名为“${name}”的列映射`);
    return m.mapping;
  }
  const merged: ColumnMapping = {};
  for (const m of [...all].reverse()) Object.assign(merged, m.mapping);
  return merged;
}
