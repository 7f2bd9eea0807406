// Settings: JSON values by key, in the ledger so they travel with it.
import type { Db } from './open';

export function readSetting<T = unknown>(db: Db, key: string): T | null {
  const row = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : null;
}

/** The previous value (for the audit log) after storing the new one. */
export function writeSetting(db: Db, key: string, value: unknown): unknown {
  const old = readSetting(db, key);
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
    key,
    JSON.stringify(value ?? null),
  );
  return old;
}
