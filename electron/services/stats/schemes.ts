// Scoring schemes are data: six built in (resources/schemes/*.json, one per county whose bulletin
// we reproduce) and the office's own copies, stored as JSON in the ledger.
import { z } from 'zod';
import { Scheme, type SchemeInput } from '../../../shared/contract/stats';
import { AppError } from '../../../shared/result';
import { nowCst } from '../../../shared/time';
import { appendAudit, type Actor } from '../../ledger/audit';
import type { Db } from '../../ledger/open';
import weighted from '../../../resources/schemes/weighted.json';
import bonusPenalty from '../../../resources/schemes/bonus-penalty.json';
import counts from '../../../resources/schemes/counts.json';
import timely from '../../../resources/schemes/timely.json';
import satisfaction from '../../../resources/schemes/satisfaction.json';
import ontime from '../../../resources/schemes/ontime.json';

export const DEFAULT_SCHEME_ID = 'counts';

/** The scheme a JSON value describes, or an AppError listing what is wrong (in Chinese). */
export function parseScheme(raw: unknown, source = '方案'): Scheme {
  const parsed = Scheme.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '（整体）'}：${i.message}`).join('；');
    throw new AppError('validation', `${source}格式不正确：${issues}`);
  }
  const scheme = parsed.data;
  const keys = new Set<string>();
  for (const c of scheme.columns) {
    if (keys.has(c.key)) throw new AppError('validation', `${source}中列 key “${c.key}”重复`);
    keys.add(c.key);
  }
  for (const c of scheme.columns) {
    if ('sum' in c.value) {
      const missing = c.value.sum.filter((k) => !keys.has(k) || k === c.key);
      if (missing.length) throw new AppError('validation', `${source}中列“${c.label}”求和引用了不存在的列：${missing.join('、')}`);
    }
  }
  const score = scheme.settings.scoreColumn;
  if (score && !keys.has(score)) throw new AppError('validation', `${source}的得分列“${score}”不存在`);
  return scheme;
}

export const BUILT_IN_SCHEMES: readonly Scheme[] = [counts, weighted, bonusPenalty, timely, satisfaction, ontime].map((s) =>
  parseScheme(s as SchemeInput, `内置方案 ${s.id} `),
);

function customSchemes(db: Db): Scheme[] {
  const rows = db.prepare(`SELECT id, definition FROM stats_schemes ORDER BY created_at, id`).all() as { id: string; definition: string }[];
  const out: Scheme[] = [];
  for (const r of rows) {
    try {
      out.push({ ...parseScheme(JSON.parse(r.definition), `方案 ${r.id} `), builtIn: false });
    } catch {
      // A scheme written by a newer version that this one cannot read is skipped, not fatal.
    }
  }
  return out;
}

export function listSchemes(db: Db): Scheme[] {
  return [...BUILT_IN_SCHEMES, ...customSchemes(db)];
}

export function getScheme(db: Db, id: string): Scheme {
  const s = listSchemes(db).find((x) => x.id === id);
  if (!s) throw new AppError('not_found', `考评方案“${id}”不存在，可选：${listSchemes(db).map((x) => x.id).join('、')}`);
  return s;
}

/** Stores an office's scheme (new or changed); built-in ids are refused. */
export function saveScheme(db: Db, actor: Actor, raw: unknown): Scheme {
  const scheme = { ...parseScheme(raw), builtIn: false };
  if (BUILT_IN_SCHEMES.some((s) => s.id === scheme.id)) {
    throw new AppError('conflict', `“${scheme.id}”是内置方案的编号，请为复制的方案另取编号`);
  }
  const now = nowCst();
  const old = db.prepare(`SELECT definition FROM stats_schemes WHERE id = ?`).get(scheme.id) as { definition: string } | undefined;
  db.prepare(
    `INSERT INTO stats_schemes (id, definition, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
  ).run(scheme.id, JSON.stringify(scheme), now, now);
  appendAudit(db, actor, [{ action: old ? 'update' : 'create', entity: 'settings', entityId: null, field: `scheme:${scheme.id}`, oldValue: old?.definition ?? null, newValue: JSON.stringify(scheme) }], now);
  return scheme;
}

export function deleteScheme(db: Db, actor: Actor, id: string): void {
  if (BUILT_IN_SCHEMES.some((s) => s.id === id)) throw new AppError('forbidden', '内置方案不能删除');
  const old = db.prepare(`SELECT definition FROM stats_schemes WHERE id = ?`).get(id) as { definition: string } | undefined;
  if (!old) throw new AppError('not_found', `考评方案“${id}”不存在`);
  db.prepare(`DELETE FROM stats_schemes WHERE id = ?`).run(id);
  appendAudit(db, actor, [{ action: 'delete', entity: 'settings', entityId: null, field: `scheme:${id}`, oldValue: old.definition, newValue: null }]);
}

/** A scheme from a file's text (the CLI's --scheme-file). */
export function schemeFromJsonText(text: string, fileName: string): Scheme {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new AppError('bad_file', `方案文件 ${fileName} 不是有效的 JSON：${(e as Error).message}`);
  }
  return parseScheme(raw, `方案文件 ${fileName} `);
}

export const SchemeList = z.array(Scheme);
