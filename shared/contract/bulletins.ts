// The bulletin (通报): templates, a draft from the ledger's figures with its page HTML, the page
// HTML of an edited document, and the files (PDF, .docx, .xlsx, .html) made from a document;
// stored bulletins (drafts kept and edited, issued ones frozen with their 文号) and the header
// settings each office keeps per header style.
import { z } from 'zod';
import { BulletinChart, BulletinDocument, BulletinHeader, HEADER_STYLES } from '../bulletin/model';
import { empty, ok, type MethodSpec } from './common';

export const BULLETIN_FORMATS = ['pdf', 'docx', 'xlsx', 'html'] as const;
export type BulletinFormat = (typeof BULLETIN_FORMATS)[number];

/** What the figures of a draft come from: the same query as 统计考评 plus a template. */
export const BulletinDraftQuery = z.strictObject({
  /** 2023-02, 2024-Q1, 2025-H1, 2025, or 2025-03-01..2025-03-15. */
  period: z.string().min(4).max(30),
  scheme: z.string().min(1).max(40),
  template: z.string().min(1).max(40),
  asOf: z.string().max(30).optional(),
  channels: z.array(z.string().max(60)).max(100).optional(),
});
export type BulletinDraftQuery = z.infer<typeof BulletinDraftQuery>;

export const BulletinTemplateInfo = z.object({ id: z.string(), name: z.string(), style: z.enum(HEADER_STYLES) });

const PagesHtml = z.object({
  /** A complete HTML document of the A4 pages (no scripts): the preview and the print. */
  html: z.string(),
  pages: z.number().int(),
});

/**
 * What an office keeps from one bulletin to the next, per header style (an office may issue a
 * 红头 bulletin and a 督查通报 with different organs and 文号 prefixes). docYear null: the year
 * of the issuing day.
 */
export const BulletinHeaderSettings = BulletinHeader.pick({
  organ: true, docPrefix: true, briefUnit: true, mainTo: true, signature: true, note: true, copyTo: true, printOrgan: true, copies: true,
}).extend({ docYear: z.number().int().min(1900).max(2200).nullable() });
export type BulletinHeaderSettings = z.infer<typeof BulletinHeaderSettings>;

/** The 文号 and 期数 the next issued bulletin of a style would take. */
export const BulletinNumberProposal = z.object({
  docYear: z.number().int(),
  /** Last issued + 1 for the style's prefix and year; null for 简报 (no 文号). */
  docNumber: z.number().int().nullable(),
  /** 简报: last issued 期数 + 1; null for the other styles. */
  issueNo: z.number().int().nullable(),
  /** 白政办发〔2026〕5号 or （第17期）, as printed. */
  text: z.string(),
});
export type BulletinNumberProposal = z.infer<typeof BulletinNumberProposal>;

const HeaderSettingsAnswer = z.object({ style: z.enum(HEADER_STYLES), settings: BulletinHeaderSettings, proposal: BulletinNumberProposal });

export const BULLETIN_STATUS = ['draft', 'issued'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUS)[number];

/** One row of the list of bulletins. */
export const BulletinSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  period: z.string(),
  scheme: z.string(),
  template: z.string(),
  channels: z.array(z.string()),
  /** The moment the figures were taken. */
  asOf: z.string(),
  status: z.enum(BULLETIN_STATUS),
  /** 白政办发〔2026〕5号 or （第17期） once issued; empty for a draft. */
  numberText: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  issuedAt: z.string().nullable(),
  issuedBy: z.string().nullable(),
});
export type BulletinSummary = z.infer<typeof BulletinSummary>;

/** A stored bulletin as the page shows it: the document and its A4 pages. */
export const StoredBulletin = PagesHtml.extend({ bulletin: BulletinSummary, document: BulletinDocument });
export type StoredBulletin = z.infer<typeof StoredBulletin>;

/** The clerk's text of a section; null gives the drafted text back. */
export const SectionEdit = z.strictObject({ key: z.string().max(40), edited: z.string().max(50_000).nullable() });
export type SectionEdit = z.infer<typeof SectionEdit>;

const bulletinId = z.number().int().min(1);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');

/** Either a document the clerk edited, a stored bulletin, or the query to draft one afresh. */
export const BulletinRenderInput = z
  .strictObject({
    format: z.enum(BULLETIN_FORMATS),
    /** A stored bulletin: an issued one is made from its frozen snapshot. */
    id: bulletinId.optional(),
    document: BulletinDocument.optional(),
    period: z.string().min(4).max(30).optional(),
    scheme: z.string().min(1).max(40).optional(),
    template: z.string().min(1).max(40).optional(),
    asOf: z.string().max(30).optional(),
    channels: z.array(z.string().max(60)).max(100).optional(),
  })
  .refine((i) => i.id !== undefined || i.document !== undefined || (i.period !== undefined && i.scheme !== undefined && i.template !== undefined), {
    message: '请给出通报、通报文档，或期间、考评方案和模板',
  });
export type BulletinRenderInput = z.infer<typeof BulletinRenderInput>;

export const bulletinsMethods = {
  'bulletins.templates': { kind: 'read', input: empty, output: z.object({ templates: z.array(BulletinTemplateInfo) }) },
  'bulletins.draft': { kind: 'read', input: BulletinDraftQuery, output: PagesHtml.extend({ document: BulletinDocument }) },
  /** The pages of an edited document, for the preview after each edit. */
  'bulletins.pages': { kind: 'read', input: z.strictObject({ document: BulletinDocument }), output: PagesHtml },
  /** A chart drawn from the figures of a draft's query, to add to the document after a section. */
  'bulletins.chart': {
    kind: 'read',
    input: BulletinDraftQuery.extend({ kind: BulletinChart.shape.kind, afterSection: z.string().max(40), title: z.string().max(100).optional() }),
    output: BulletinChart,
  },
  'bulletins.render': {
    kind: 'asyncRead',
    input: BulletinRenderInput,
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
  'bulletins.headerSettings': { kind: 'read', input: z.strictObject({ style: z.enum(HEADER_STYLES) }), output: HeaderSettingsAnswer },
  'bulletins.saveHeaderSettings': {
    kind: 'write',
    input: z.strictObject({ style: z.enum(HEADER_STYLES), settings: BulletinHeaderSettings }),
    output: HeaderSettingsAnswer,
  },
  /** Drafts and issued bulletins, newest first. */
  'bulletins.list': { kind: 'read', input: empty, output: z.object({ bulletins: z.array(BulletinSummary) }) },
  'bulletins.open': { kind: 'read', input: z.strictObject({ id: bulletinId }), output: StoredBulletin },
  /**
   * Saves a draft: a new one (query: drafted from the ledger now) or an existing one (id); the
   * clerk's section texts and charts are kept. The figures are never taken from the page.
   */
  'bulletins.save': {
    kind: 'write',
    input: z
      .strictObject({
        id: bulletinId.optional(),
        query: BulletinDraftQuery.optional(),
        edits: z.array(SectionEdit).max(50).default([]),
        /** The charts the clerk placed, the whole list; absent leaves them as stored. */
        charts: z.array(BulletinChart).max(20).optional(),
      })
      .refine((i) => (i.id === undefined) !== (i.query === undefined), { message: '保存草稿须给出草稿编号或起草条件（二者之一）' }),
    output: StoredBulletin,
  },
  /** The draft's figures taken afresh from the ledger; sections the clerk edited keep his text. */
  'bulletins.regenerate': { kind: 'write', input: z.strictObject({ id: bulletinId }), output: StoredBulletin },
  'bulletins.resetSection': { kind: 'write', input: z.strictObject({ id: bulletinId, key: z.string().max(40) }), output: StoredBulletin },
  /** Freezes the draft: figures, text, settings and pages; takes the 文号 (or 期数). */
  'bulletins.issue': {
    kind: 'write',
    input: z.strictObject({
      id: bulletinId,
      /** The clerk's own number instead of the proposed one. */
      docNumber: z.number().int().min(1).max(99999).optional(),
      issueNo: z.number().int().min(1).max(99999).optional(),
      /** 成文日期 and 印发日期; today when absent. */
      date: day.optional(),
    }),
    output: StoredBulletin,
  },
  'bulletins.delete': { kind: 'write', input: z.strictObject({ id: bulletinId }), output: ok },
} as const satisfies Record<string, MethodSpec>;
