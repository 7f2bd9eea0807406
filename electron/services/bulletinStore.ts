// Stored bulletins: drafts the clerk keeps and edits, regenerated from the ledger without losing
// his words, and issued ones frozen with everything a reprint needs. The header comes from the
// office's settings (per header style), with the next 文号 or 期数 proposed from those issued.
// Every function that writes runs inside the caller's transaction (the dispatcher's) and audits.
import {
  REMEMBERED_HEADER_KEYS, docNumberText, issueNoText, type BulletinChart, type BulletinDocument, type BulletinHeader, type BulletinSection, type HeaderStyle,
} from '../../shared/bulletin/model';
import {
  BulletinHeaderSettings, type BulletinDraftQuery, type BulletinNumberProposal, type BulletinSummary, type SectionEdit, type StoredBulletin,
} from '../../shared/contract/bulletins';
import { AppError } from '../../shared/result';
import { nowCst, parseCstInput } from '../../shared/time';
import { appendAudit, type Actor, type AuditRecord } from '../ledger/audit';
import {
  bulletinRow, bulletinWithDocNumber, draftRow, insertDraftRow, lastDocNumber, lastIssuedNames, lastIssueNo, listBulletinRows, markDraftDeleted,
  markIssued, updateDraftDocument, updateDraftRow, type BulletinListRow, type BulletinRow, type DraftContent,
} from '../ledger/bulletins';
import type { Db } from '../ledger/open';
import { readSetting, writeSetting } from '../ledger/settings';
import { safeChartSvg } from './bulletin/charts';
import { composeBulletin, type ChartSpec, type Composed } from './bulletin/compose';
import { docxFromLayout } from './bulletin/docx';
import { bulletinHtml } from './bulletin/html';
import { layoutBulletin, type Layout } from './bulletin/layout';
import { renderBulletin, type OutputFormat } from './bulletin/outputs';
import { pdfFromHtml } from './bulletin/pdf';
import { BULLETIN_TEMPLATES, bulletinTemplate } from './bulletin/templates';
import { xlsxOfAttachments } from './bulletin/xlsx';

/** What an issued bulletin keeps besides its figures: a reprint is made from this alone. */
export interface IssuedSnapshot {
  document: BulletinDocument;
  /** The header settings in force when it was issued. */
  settings: BulletinHeaderSettings;
  /** The pages as laid out then: the .docx is made from them, so it reprints the same lines. */
  layout: Layout;
  /** The page HTML then: the preview, the print and the PDF are made from it. */
  html: string;
}

const settingsKey = (style: HeaderStyle) => `bulletin.header.${style}`;
const today = () => nowCst().slice(0, 10);
const audit = (db: Db, actor: Actor, records: Omit<AuditRecord, 'entity'>[]) =>
  appendAudit(db, actor, records.map((r) => ({ ...r, entity: 'bulletin' as const })));

function templateStyle(templateId: string): HeaderStyle {
  return bulletinTemplate(templateId).header.style;
}

// ---------------------------------------------------------------------------------------------
// Header settings

/** The office's settings for a header style; the first template of that style until it saves its own. */
export function readHeaderSettings(db: Db, style: HeaderStyle): BulletinHeaderSettings {
  const stored = BulletinHeaderSettings.safeParse(readSetting(db, settingsKey(style)));
  if (stored.success) return stored.data;
  const t = BULLETIN_TEMPLATES.find((x) => x.header.style === style) ?? BULLETIN_TEMPLATES[0];
  const { organ, docPrefix, briefUnit, mainTo, signature, note, copyTo, printOrgan, copies } = t.header;
  return { organ, docPrefix, briefUnit, mainTo, signature, note, copyTo, printOrgan, copies, docYear: null };
}

export function writeHeaderSettings(db: Db, actor: Actor, style: HeaderStyle, settings: BulletinHeaderSettings): void {
  const clean = BulletinHeaderSettings.parse(Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])));
  const old = writeSetting(db, settingsKey(style), clean);
  appendAudit(db, actor, [{ action: 'update', entity: 'settings', entityId: null, field: settingsKey(style), oldValue: old, newValue: clean }]);
}

/** The templates of a header style (期数 count across all 简报 templates). */
function templatesOfStyle(style: HeaderStyle): string[] {
  return BULLETIN_TEMPLATES.filter((t) => t.header.style === style).map((t) => t.id);
}

/** 文号 last issued + 1 for the prefix and year; 简报: 期数 last issued + 1. */
export function proposeNumber(db: Db, style: HeaderStyle, settings: BulletinHeaderSettings, issueDay = today()): BulletinNumberProposal {
  const docYear = settings.docYear ?? Number(issueDay.slice(0, 4));
  if (style === 'brief') {
    const issueNo = lastIssueNo(db, templatesOfStyle('brief')) + 1;
    return { docYear, docNumber: null, issueNo, text: issueNoText(issueNo) };
  }
  const docNumber = lastDocNumber(db, settings.docPrefix, docYear) + 1;
  return { docYear, docNumber, issueNo: null, text: docNumberText({ docPrefix: settings.docPrefix, docYear, docNumber }) };
}

/** The header fields the office's settings and the proposed numbers give a bulletin of this style. */
function officeHeader(db: Db, style: HeaderStyle, issueDay: string): Partial<BulletinHeader> {
  const settings = readHeaderSettings(db, style);
  const p = proposeNumber(db, style, settings, issueDay);
  const remembered = Object.fromEntries(REMEMBERED_HEADER_KEYS.filter((k) => k !== 'style').map((k) => [k, settings[k]]));
  return { ...remembered, style, docYear: p.docYear, docNumber: p.docNumber, issueNo: p.issueNo, signDate: issueDay, printDate: issueDay };
}

// ---------------------------------------------------------------------------------------------
// Drafting with the office's header

/**
 * Drafts from the ledger with the office's header and the units named in the last issued
 * bulletin; charts given are drawn from the new figures.
 */
export function composeForOffice(db: Db, query: BulletinDraftQuery, charts: ChartSpec[] = []): Composed {
  const style = templateStyle(query.template);
  const last = lastIssuedNames(db, query.period.trim());
  return composeBulletin(db, { ...query, header: officeHeader(db, style, today()), previouslyNamed: last.named, previouslyPraised: last.praised, charts });
}

/** The clerk's charts as sent by the page: refused whole when one could run or fetch anything. */
function checkedCharts(charts: BulletinChart[] | undefined): BulletinChart[] | undefined {
  for (const c of charts ?? []) {
    if (safeChartSvg(c.svg) === null) throw new AppError('validation', `图表“${c.title}”含有不允许的内容（脚本、链接或外部资源），未保存`);
  }
  return charts;
}

/**
 * The new draft's sections with the clerk's edits carried over by section key. A section he
 * edited that the new draft no longer has (no 热点问题 this time) is kept where it stood: his
 * words are never dropped by a regeneration.
 */
export function carryEdits(fresh: BulletinSection[], old: BulletinSection[]): BulletinSection[] {
  const edited = new Map(old.filter((s) => s.edited !== null).map((s) => [s.key, s]));
  const out = fresh.map((s) => (edited.has(s.key) ? { ...s, edited: edited.get(s.key)!.edited } : s));
  const freshKeys = new Set(fresh.map((s) => s.key));
  old.forEach((s, i) => {
    if (s.edited === null || freshKeys.has(s.key)) return;
    const before = old.slice(0, i).reverse().find((p) => out.some((o) => o.key === p.key));
    const at = before ? out.findIndex((o) => o.key === before.key) + 1 : 0;
    out.splice(at, 0, s);
  });
  return out;
}

function contentOf(query: BulletinDraftQuery, composed: Composed, document: BulletinDocument): DraftContent {
  return {
    title: document.header.title,
    period: query.period.trim(),
    scheme: query.scheme,
    template: query.template,
    channels: query.channels ?? [],
    asOf: composed.report.asOf,
    asOfGiven: query.asOf?.trim() || null,
    document,
    figures: composed.report,
    namedUnits: composed.draft.namedUnits,
    praisedUnits: composed.draft.praisedUnits,
  };
}

/** Applies the clerk's texts; a text equal to the drafted one is no edit (regeneration may update it). */
function applyEdits(sections: BulletinSection[], edits: readonly SectionEdit[]): { sections: BulletinSection[]; changed: { key: string; old: string | null; now: string | null }[] } {
  const out = sections.map((s) => ({ ...s }));
  const changed: { key: string; old: string | null; now: string | null }[] = [];
  for (const e of edits) {
    const s = out.find((x) => x.key === e.key);
    if (!s) throw new AppError('validation', `通报中没有“${e.key}”这一段，请重新打开草稿后再修改`);
    const now = e.edited === null || e.edited === s.drafted ? null : e.edited;
    if (now !== s.edited) changed.push({ key: s.key, old: s.edited, now });
    s.edited = now;
  }
  return { sections: out, changed };
}

/** The charts as the audit log names them: 图表“各月受理量”（总体情况后）. */
function chartsText(charts: readonly BulletinChart[]): string {
  return charts.map((c) => `图表“${c.title}”（${c.afterSection}后）`).join('；');
}

function queryOf(row: BulletinRow): BulletinDraftQuery {
  const channels = JSON.parse(row.channels) as string[];
  return {
    period: row.period, scheme: row.scheme, template: row.template,
    ...(row.as_of_given ? { asOf: row.as_of_given } : {}),
    ...(channels.length ? { channels } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

function summaryOf(r: BulletinListRow): BulletinSummary {
  let numberText = '';
  if (r.status === 'issued') {
    if (r.doc_number != null && r.doc_prefix != null && r.doc_year != null) numberText = docNumberText({ docPrefix: r.doc_prefix, docYear: r.doc_year, docNumber: r.doc_number });
    else numberText = issueNoText(r.issue_no);
  }
  return {
    id: r.id, title: r.title, period: r.period, scheme: r.scheme, template: r.template, channels: JSON.parse(r.channels) as string[],
    asOf: r.as_of, status: r.status, numberText, createdAt: r.created_at, createdBy: r.created_by, updatedAt: r.updated_at,
    issuedAt: r.issued_at, issuedBy: r.issued_by,
  };
}

export function listBulletins(db: Db): BulletinSummary[] {
  return listBulletinRows(db).map(summaryOf);
}

/** A draft's document as it would be issued today: its text with the office's current header. */
function draftDocument(db: Db, row: BulletinRow): BulletinDocument {
  const doc = JSON.parse(row.document) as BulletinDocument;
  const header = { ...doc.header, ...officeHeader(db, templateStyle(row.template), today()), title: doc.header.title };
  return { ...doc, header };
}

function snapshotOf(row: BulletinRow): IssuedSnapshot {
  return JSON.parse(row.snapshot!) as IssuedSnapshot;
}

export function openBulletin(db: Db, id: number): StoredBulletin {
  const row = bulletinRow(db, id);
  if (row.status === 'issued') {
    const snap = snapshotOf(row);
    return { bulletin: summaryOf(row), document: snap.document, html: snap.html, pages: snap.layout.pages.length };
  }
  const document = draftDocument(db, row);
  const layout = layoutBulletin(document);
  return { bulletin: summaryOf(row), document, html: bulletinHtml(layout, document.header.title), pages: layout.pages.length };
}

// ---------------------------------------------------------------------------------------------
// Writing (inside the dispatcher's transaction)

/**
 * A new draft from the query (figures taken now), or the clerk's edits to an existing one: his
 * section texts, and the charts he placed when given (the whole list, as the page holds it).
 */
export function saveDraft(
  db: Db,
  actor: Actor,
  input: { id?: number; query?: BulletinDraftQuery; edits: readonly SectionEdit[]; charts?: BulletinChart[] },
): number {
  const charts = checkedCharts(input.charts);
  if (input.id === undefined) {
    const query = input.query!;
    const composed = composeForOffice(db, query);
    const { sections, changed } = applyEdits(composed.document.sections, input.edits);
    const document = { ...composed.document, sections, charts: charts ?? composed.document.charts };
    const id = insertDraftRow(db, actor, contentOf(query, composed, document));
    audit(db, actor, [
      { action: 'create', entityId: id, field: null, newValue: `${document.header.title}（${query.period}，截至${composed.report.asOf}）` },
      ...changed.map((c) => ({ action: 'edit', entityId: id, field: c.key, oldValue: c.old, newValue: c.now })),
      ...(document.charts.length ? [{ action: 'charts', entityId: id, field: 'charts', newValue: chartsText(document.charts) }] : []),
    ]);
    return id;
  }
  const row = draftRow(db, input.id, '修改');
  const doc = JSON.parse(row.document) as BulletinDocument;
  const { sections, changed } = applyEdits(doc.sections, input.edits);
  const chartsChanged = charts !== undefined && JSON.stringify(charts) !== JSON.stringify(doc.charts);
  if (changed.length === 0 && !chartsChanged) return row.id;
  updateDraftDocument(db, actor, row.id, doc.header.title, { ...doc, sections, charts: chartsChanged ? charts : doc.charts });
  audit(db, actor, [
    ...changed.map((c) => ({ action: 'edit', entityId: row.id, field: c.key, oldValue: c.old, newValue: c.now })),
    ...(chartsChanged ? [{ action: 'charts', entityId: row.id, field: 'charts', oldValue: chartsText(doc.charts), newValue: chartsText(charts) }] : []),
  ]);
  return row.id;
}

/** The figures taken afresh (as of now unless the clerk fixed the moment); his edited sections kept. */
export function regenerateDraft(db: Db, actor: Actor, id: number): void {
  const row = draftRow(db, id, '重新生成');
  const query = queryOf(row);
  const old = JSON.parse(row.document) as BulletinDocument;
  // The clerk's charts stay where he placed them, drawn again from the new figures.
  const composed = composeForOffice(db, query, old.charts.map(({ kind, afterSection, title }) => ({ kind, afterSection, title })));
  const document: BulletinDocument = { ...composed.document, sections: carryEdits(composed.document.sections, old.sections) };
  updateDraftRow(db, actor, id, contentOf(query, composed, document));
  audit(db, actor, [{ action: 'regenerate', entityId: id, field: 'as_of', oldValue: row.as_of, newValue: composed.report.asOf }]);
}

export function resetDraftSection(db: Db, actor: Actor, id: number, key: string): void {
  saveDraft(db, actor, { id, edits: [{ key, edited: null }] });
}

/**
 * Issues a draft: the 文号 (or 期数) taken — the clerk's or the proposed one — the header of
 * the office's settings, the pages laid out once and kept with the HTML, so that a reprint is
 * the same document line for line whatever the ledger or the code does later.
 */
export function issueBulletin(db: Db, actor: Actor, input: { id: number; docNumber?: number; issueNo?: number; date?: string }): void {
  const row = draftRow(db, input.id, '再次印发');
  if (input.date !== undefined && parseCstInput(input.date)?.slice(0, 10) !== input.date) throw new AppError('validation', `印发日期“${input.date}”不是有效的日期`);
  const issueDay = input.date ?? today();
  const style = templateStyle(row.template);
  const settings = readHeaderSettings(db, style);
  const proposal = proposeNumber(db, style, settings, issueDay);
  const docNumber = style === 'brief' ? null : input.docNumber ?? proposal.docNumber;
  const issueNo = style === 'brief' ? input.issueNo ?? proposal.issueNo : null;
  if (docNumber != null) {
    const taken = bulletinWithDocNumber(db, settings.docPrefix, proposal.docYear, docNumber);
    const text = docNumberText({ docPrefix: settings.docPrefix, docYear: proposal.docYear, docNumber });
    if (taken) throw new AppError('conflict', `文号 ${text} 已用于《${taken.title}》，请换一个号（建议 ${proposal.text}）`);
  }
  const doc = JSON.parse(row.document) as BulletinDocument;
  const header: BulletinHeader = { ...doc.header, ...officeHeader(db, style, issueDay), docNumber, issueNo, title: doc.header.title };
  const document: BulletinDocument = { ...doc, header };
  const layout = layoutBulletin(document);
  const snapshot: IssuedSnapshot = { document, settings, layout, html: bulletinHtml(layout, header.title) };
  markIssued(db, actor, row.id, header.title, document, snapshot, {
    docPrefix: docNumber != null ? settings.docPrefix : null, docYear: proposal.docYear, docNumber, issueNo,
  });
  const numberText = docNumber != null ? docNumberText(header) : issueNoText(issueNo);
  audit(db, actor, [{ action: 'issue', entityId: row.id, field: '文号', oldValue: null, newValue: `${numberText} ${header.title}（${issueDay}印发）`.trim() }]);
}

export function deleteDraft(db: Db, actor: Actor, id: number): void {
  const row = draftRow(db, id, '删除');
  markDraftDeleted(db, actor, id);
  audit(db, actor, [{ action: 'delete', entityId: id, field: null, oldValue: row.title }]);
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * What a stored bulletin's files are made from, read from the ledger at once (the files are made
 * afterwards, with the ledger possibly closed): an issued one from its snapshot, the same pages
 * every time; a draft from its document with the office's current header.
 */
export function storedBulletinSource(db: Db, id: number): { document: BulletinDocument; render: (format: OutputFormat) => Promise<Buffer> } {
  const row = bulletinRow(db, id);
  if (row.status === 'draft') {
    const document = draftDocument(db, row);
    return { document, render: (format) => renderBulletin(document, format) };
  }
  const snap = snapshotOf(row);
  const render = async (format: OutputFormat): Promise<Buffer> => {
    switch (format) {
      case 'html': return Buffer.from(snap.html, 'utf8');
      case 'pdf': return pdfFromHtml(snap.html);
      case 'docx': return docxFromLayout(snap.layout, snap.document.header.title);
      case 'xlsx': return xlsxOfAttachments(snap.document.attachments);
    }
  };
  return { document: snap.document, render };
}
