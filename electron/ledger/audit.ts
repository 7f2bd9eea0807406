// The audit log: append-only. Every service write records who changed what, when, from what to what.
import { nowCst } from '../../shared/time';
import type { Db } from './open';

export type Source = 'ui' | 'import' | 'cli' | 'system';

/** Who is writing and through which door; carried by every write. */
export interface Actor {
  who: string;
  source: Source;
}

export interface AuditRecord {
  action: string;
  entity: 'order' | 'unit' | 'settings' | 'dictionary' | 'bulletin';
  entityId: number | null;
  field?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  batchId?: number | null;
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function appendAudit(db: Db, actor: Actor, records: readonly AuditRecord[], at = nowCst()): void {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, who, source, action, entity, entity_id, field, old_value, new_value, batch_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of records) {
    insert.run(at, actor.who, actor.source, r.action, r.entity, r.entityId, r.field ?? null, asText(r.oldValue), asText(r.newValue), r.batchId ?? null);
  }
}

export interface AuditRow {
  id: number;
  at: string;
  who: string;
  source: string;
  action: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
}

/**
 * The history of one entity, newest first. An order created by a bulk load (loadOrders) has no
 * 'create' row of its own: the load's one row, which the order points to, stands for it.
 */
export function auditOf(db: Db, entity: AuditRecord['entity'], entityId: number, limit = 500): AuditRow[] {
  const columns = `id, at, who, source, action, field, old_value, new_value`;
  const own = `SELECT ${columns} FROM audit_log WHERE entity = @entity AND entity_id = @entityId`;
  const load = `SELECT ${columns} FROM audit_log WHERE id = (SELECT create_audit_id FROM orders WHERE id = @entityId)`;
  return db
    .prepare(`${entity === 'order' ? `${own} UNION ALL ${load}` : own} ORDER BY id DESC LIMIT @limit`)
    .all({ entity, entityId, limit }) as AuditRow[];
}
