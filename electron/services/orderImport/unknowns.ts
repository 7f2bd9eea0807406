// Units and dictionary values a file names that the ledger does not know: each is proposed to
// the clerk (a new unit of a guessed kind, a new value) or mapped to an existing one, and the
// mapping is remembered as an alias so the next import finds it.
import type { DictKind } from '../../../shared/fields';
import type { UnknownDecision, UnknownValue } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/result';
import { guessUnitKind } from '../../../shared/units';
import { appendAudit, type Actor } from '../../ledger/audit';
import { addDictionaryEntry, readDictionaries } from '../../ledger/dictionaries';
import { getUnit, insertUnit, unitIdByName } from '../../ledger/units';
import type { Db } from '../../ledger/open';
import { builtinValueAlias } from './targets';

export type ProposableField = UnknownDecision['field'];
export const DICT_OF: Record<Exclude<ProposableField, 'unitId'>, DictKind> = { category: 'category', channel: 'channel', appealType: 'appealType' };
export const PROPOSABLE_LABEL: Record<ProposableField, string> = { unitId: '承办单位', category: '问题分类', channel: '来源渠道', appealType: '诉求类型' };

export const decisionKey = (field: string, name: string) => `${field}\u0000${name}`;

/** Looks up units and dictionary values, preloaded once per import (100,000 rows ask often). */
export class Vocabulary {
  private units = new Map<string, number>();
  private dicts = new Map<DictKind, Set<string>>();
  private aliases = new Map<string, string>();

  constructor(private readonly db: Db) {
    this.reload();
  }

  reload(): void {
    this.units.clear();
    for (const r of this.db.prepare(`SELECT name, id FROM units`).all() as { name: string; id: number }[]) this.units.set(r.name, r.id);
    for (const r of this.db.prepare(`SELECT alias, unit_id FROM unit_aliases`).all() as { alias: string; unit_id: number }[]) {
      if (!this.units.has(r.alias)) this.units.set(r.alias, r.unit_id);
    }
    this.dicts.clear();
    for (const [kind, names] of Object.entries(readDictionaries(this.db))) this.dicts.set(kind as DictKind, new Set(names));
    this.aliases.clear();
    for (const r of this.db.prepare(`SELECT kind, alias, name FROM dictionary_aliases`).all() as { kind: string; alias: string; name: string }[]) {
      this.aliases.set(`${r.kind}\u0000${r.alias}`, r.name);
    }
  }

  unitId(name: string): number | undefined {
    return this.units.get(name.trim());
  }

  /** The dictionary's spelling of a value, or undefined when the dictionary does not know it. */
  dictValue(kind: DictKind, value: string): string | undefined {
    const set = this.dicts.get(kind);
    if (!set) return undefined;
    if (set.has(value)) return value;
    const alias = this.aliases.get(`${kind}\u0000${value}`) ?? builtinValueAlias(kind, value);
    return alias !== undefined && set.has(alias) ? alias : undefined;
  }

  isKnown(field: ProposableField, name: string): boolean {
    return field === 'unitId' ? this.unitId(name) !== undefined : this.dictValue(DICT_OF[field], name) !== undefined;
  }
}

/** The decision for each unknown: the clerk's, else create (or reject when strict). */
export function decideUnknowns(
  found: Map<string, { field: ProposableField; name: string; rows: number }>,
  decisions: readonly UnknownDecision[],
  strict: boolean,
): UnknownValue[] {
  const given = new Map(decisions.map((d) => [decisionKey(d.field, d.name), d]));
  return [...found.values()].map((u) => {
    const d = given.get(decisionKey(u.field, u.name));
    const action = d?.action ?? (strict ? 'reject' : 'create');
    return {
      field: u.field,
      fieldLabel: PROPOSABLE_LABEL[u.field],
      name: u.name,
      rows: u.rows,
      kind: u.field === 'unitId' ? (d?.kind ?? guessUnitKind(u.name)) : null,
      action,
      target: d?.target ?? null,
    };
  });
}

export interface CreatedNames {
  units: string[];
  categories: string[];
  values: string[];
}

/** Carries out the decisions inside the caller's transaction; returns what was created. */
export function applyUnknownDecisions(db: Db, actor: Actor, unknowns: readonly UnknownValue[], batchId: number | null): CreatedNames {
  const created: CreatedNames = { units: [], categories: [], values: [] };
  for (const u of unknowns) {
    if (u.action === 'reject') continue;
    if (u.field === 'unitId') {
      if (u.action === 'create') {
        insertUnit(db, actor, { name: u.name, kind: u.kind ?? undefined }, batchId);
        created.units.push(u.name);
      } else {
        const id = typeof u.target === 'number' ? u.target : typeof u.target === 'string' ? unitIdByName(db, u.target) : undefined;
        if (id === undefined) throw new AppError('validation', `请为承办单位“${u.name}”选择要对应的已有单位`);
        const unit = getUnit(db, id);
        db.prepare(`INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)`).run(u.name, id);
        appendAudit(db, actor, [{ action: 'alias', entity: 'unit', entityId: id, field: 'aliases', oldValue: unit.aliases, newValue: [...unit.aliases, u.name], batchId }]);
      }
      continue;
    }
    const kind = DICT_OF[u.field];
    if (u.action === 'create') {
      if (addDictionaryEntry(db, kind, u.name)) {
        appendAudit(db, actor, [{ action: 'create', entity: 'dictionary', entityId: null, field: kind, newValue: u.name, batchId }]);
        (u.field === 'category' ? created.categories : created.values).push(u.name);
      }
    } else {
      const target = typeof u.target === 'string' ? u.target : '';
      if (!readDictionaries(db)[kind].includes(target)) throw new AppError('validation', `请为${u.fieldLabel}“${u.name}”选择要对应的已有值`);
      db.prepare(`INSERT OR REPLACE INTO dictionary_aliases (kind, alias, name) VALUES (?, ?, ?)`).run(kind, u.name, target);
      appendAudit(db, actor, [{ action: 'alias', entity: 'dictionary', entityId: null, field: kind, oldValue: u.name, newValue: target, batchId }]);
    }
  }
  return created;
}
