// The bulletins table: drafts and issued bulletins. Plain SQL over rows; what a bulletin's
// document and figures mean is the business of services/bulletinStore.ts.
import { AppError } from '../../shared/result';
import { nowCst } from '../../shared/time';
import type { Actor } from './audit';
import type { Db } from './open';

export interface BulletinRow {
  id: number;
  title: string;
  period: string;
  scheme: string;
  template: string;
  channels: string;
  as_of: string;
  as_of_given: string | null;
  status: 'draft' | 'issued';
  document: string;
  figures: string;
  named_units: string;
  praised_units: string;
  doc_prefix: string | null;
  doc_year: number | null;
  doc_number: number | null;
  issue_no: number | null;
  snapshot: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  issued_at: string | null;
  issued_by: string | null;
}

/** What a draft holds besides who and when: written on save and regeneration. */
export interface DraftContent {
  title: string;
  period: string;
  scheme: string;
  template: string;
  channels: string[];
  asOf: string;
  asOfGiven: string | null;
  document: unknown;
  figures: unknown;
  namedUnits: string[];
  praisedUnits: string[];
}

const LIST_COLUMNS = `id, title, period, scheme, template, channels, as_of, as_of_given, status, doc_prefix, doc_year, doc_number, issue_no,
  created_at, created_by, updated_at, updated_by, issued_at, issued_by`;

export type BulletinListRow = Omit<BulletinRow, 'document' | 'figures' | 'named_units' | 'praised_units' | 'snapshot'>;

/** Drafts and issued bulletins, newest first (deleted drafts left out). */
export function listBulletinRows(db: Db): BulletinListRow[] {
  return db.prepare(`SELECT ${LIST_COLUMNS} FROM bulletins WHERE deleted = 0 ORDER BY created_at DESC, id DESC`).all() as BulletinListRow[];
}

export function bulletinRow(db: Db, id: number): BulletinRow {
  const row = db.prepare(`SELECT * FROM bulletins WHERE id = ? AND deleted = 0`).get(id) as BulletinRow | undefined;
  if (!row) throw new AppError('not_found', `没有编号为 ${id} 的通报（可能已删除）`);
  return row;
}

/** The row of a draft; an issued bulletin is refused with the reason. */
export function draftRow(db: Db, id: number, doing: string): BulletinRow {
  const row = bulletinRow(db, id);
  if (row.status === 'issued') throw new AppError('forbidden', `通报“${row.title}”已印发，不能${doing}`);
  return row;
}

export function insertDraftRow(db: Db, actor: Actor, c: DraftContent, at = nowCst()): number {
  const r = db
    .prepare(
      `INSERT INTO bulletins (title, period, scheme, template, channels, as_of, as_of_given, status, document, figures, named_units, praised_units,
         created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(c.title, c.period, c.scheme, c.template, JSON.stringify(c.channels), c.asOf, c.asOfGiven, JSON.stringify(c.document), JSON.stringify(c.figures),
      JSON.stringify(c.namedUnits), JSON.stringify(c.praisedUnits), at, actor.who, at, actor.who);
  return Number(r.lastInsertRowid);
}

export function updateDraftRow(db: Db, actor: Actor, id: number, c: DraftContent, at = nowCst()): void {
  db.prepare(
    `UPDATE bulletins SET title = ?, period = ?, scheme = ?, template = ?, channels = ?, as_of = ?, as_of_given = ?, document = ?, figures = ?,
       named_units = ?, praised_units = ?, updated_at = ?, updated_by = ?
     WHERE id = ? AND status = 'draft'`,
  ).run(c.title, c.period, c.scheme, c.template, JSON.stringify(c.channels), c.asOf, c.asOfGiven, JSON.stringify(c.document), JSON.stringify(c.figures),
    JSON.stringify(c.namedUnits), JSON.stringify(c.praisedUnits), at, actor.who, id);
}

/** Only the document changes (the clerk's edits): the figures stay those it was drafted from. */
export function updateDraftDocument(db: Db, actor: Actor, id: number, title: string, document: unknown, at = nowCst()): void {
  db.prepare(`UPDATE bulletins SET title = ?, document = ?, updated_at = ?, updated_by = ? WHERE id = ? AND status = 'draft'`)
    .run(title, JSON.stringify(document), at, actor.who, id);
}

export interface IssuedNumbers {
  docPrefix: string | null;
  docYear: number | null;
  docNumber: number | null;
  issueNo: number | null;
}

export function markIssued(db: Db, actor: Actor, id: number, title: string, document: unknown, snapshot: unknown, n: IssuedNumbers, at = nowCst()): void {
  db.prepare(
    `UPDATE bulletins SET status = 'issued', title = ?, document = ?, snapshot = ?, doc_prefix = ?, doc_year = ?, doc_number = ?, issue_no = ?,
       updated_at = ?, updated_by = ?, issued_at = ?, issued_by = ?
     WHERE id = ? AND status = 'draft'`,
  ).run(title, JSON.stringify(document), JSON.stringify(snapshot), n.docPrefix, n.docYear, n.docNumber, n.issueNo, at, actor.who, at, actor.who, id);
}

/** Deleting marks the draft deleted (nothing is removed for real); the table refuses an issued one. */
export function markDraftDeleted(db: Db, actor: Actor, id: number, at = nowCst()): void {
  db.prepare(`UPDATE bulletins SET deleted = 1, updated_at = ?, updated_by = ? WHERE id = ? AND status = 'draft'`).run(at, actor.who, id);
}

/** The highest 文号 number issued with this prefix in this year, 0 if none. */
export function lastDocNumber(db: Db, prefix: string, year: number): number {
  const r = db.prepare(`SELECT max(doc_number) AS n FROM bulletins WHERE status = 'issued' AND doc_prefix = ? AND doc_year = ?`).get(prefix, year) as { n: number | null };
  return r.n ?? 0;
}

/** The issued bulletin that already carries this 文号, if any. */
export function bulletinWithDocNumber(db: Db, prefix: string, year: number, number: number): { id: number; title: string } | undefined {
  return db.prepare(`SELECT id, title FROM bulletins WHERE status = 'issued' AND doc_prefix = ? AND doc_year = ? AND doc_number = ?`).get(prefix, year, number) as
    | { id: number; title: string }
    | undefined;
}

/** The highest 期数 issued among the given templates, 0 if none. */
export function lastIssueNo(db: Db, templates: readonly string[]): number {
  if (templates.length === 0) return 0;
  const r = db
    .prepare(`SELECT max(issue_no) AS n FROM bulletins WHERE status = 'issued' AND template IN (${templates.map(() => '?').join(', ')})`)
    .get(...templates) as { n: number | null };
  return r.n ?? 0;
}

/**
 * The units named and praised in the most recently issued bulletin of another period: 连续2期
 * in the next one (a corrected reissue of the same period is not a consecutive one).
 */
export function lastIssuedNames(db: Db, period: string): { named: string[]; praised: string[] } {
  const r = db
    .prepare(`SELECT named_units, praised_units FROM bulletins WHERE status = 'issued' AND period <> ? ORDER BY issued_at DESC, id DESC LIMIT 1`)
    .get(period) as
    | { named_units: string; praised_units: string }
    | undefined;
  return r ? { named: JSON.parse(r.named_units) as string[], praised: JSON.parse(r.praised_units) as string[] } : { named: [], praised: [] };
}
