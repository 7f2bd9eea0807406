// Dictionaries: the allowed values of the select fields, kept in the ledger so an office can
// add its own categories; the defaults come from resources/dictionaries.json.
import defaults from '../../resources/dictionaries.json';
import type { DictKind } from '../../shared/fields';
import type { Dictionaries } from '../../shared/api';
import type { Db } from './open';

export const DICT_KINDS = Object.keys(defaults) as DictKind[];

/** Fill the dictionaries of a new ledger with the defaults (once; an office's edits are kept). */
export function seedDefaultDictionaries(db: Db): void {
  const seeded = db.prepare(`SELECT 1 FROM settings WHERE key = 'seeded.dictionaries'`).get();
  if (seeded) return;
  const insert = db.prepare(`INSERT OR IGNORE INTO dictionary_entries (kind, name, sort_order) VALUES (?, ?, ?)`);
  db.transaction(() => {
    for (const kind of DICT_KINDS) defaults[kind].forEach((name, i) => insert.run(kind, name, i));
    db.prepare(`INSERT INTO settings (key, value) VALUES ('seeded.dictionaries', 'true')`).run();
  })();
}

export function readDictionaries(db: Db): Dictionaries {
  const out = Object.fromEntries(DICT_KINDS.map((k) => [k, [] as string[]])) as Dictionaries;
  const rows = db
    .prepare(`SELECT kind, name FROM dictionary_entries WHERE active = 1 ORDER BY kind, sort_order, name`)
    .all() as { kind: DictKind; name: string }[];
  for (const r of rows) out[r.kind]?.push(r.name);
  return out;
}

/** Add a value to a dictionary (e.g. a category first seen in an import); no-op when present. */
export function addDictionaryEntry(db: Db, kind: DictKind, name: string): boolean {
  const max = db.prepare(`SELECT coalesce(max(sort_order), -1) + 1 AS n FROM dictionary_entries WHERE kind = ?`).get(kind) as { n: number };
  return db.prepare(`INSERT OR IGNORE INTO dictionary_entries (kind, name, sort_order) VALUES (?, ?, ?)`).run(kind, name, max.n).changes > 0;
}
