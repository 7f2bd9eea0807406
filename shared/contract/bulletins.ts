// The bulletin (通报): templates, a draft from the ledger's figures with its page HTML, the page
// HTML of an edited document, and the files (PDF, .docx, .xlsx, .html) made from a document.
import { z } from 'zod';
import { BulletinDocument, HEADER_STYLES } from '../bulletin/model';
import { empty, type MethodSpec } from './common';

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

/** Either a document the clerk edited, or the query to draft one afresh. */
export const BulletinRenderInput = z
  .strictObject({
    format: z.enum(BULLETIN_FORMATS),
    document: BulletinDocument.optional(),
    period: z.string().min(4).max(30).optional(),
    scheme: z.string().min(1).max(40).optional(),
    template: z.string().min(1).max(40).optional(),
    asOf: z.string().max(30).optional(),
    channels: z.array(z.string().max(60)).max(100).optional(),
  })
  .refine((i) => i.document !== undefined || (i.period !== undefined && i.scheme !== undefined && i.template !== undefined), {
    message: '请给出通报文档，或期间、考评方案和模板',
  });
export type BulletinRenderInput = z.infer<typeof BulletinRenderInput>;

export const bulletinsMethods = {
  'bulletins.templates': { kind: 'read', input: empty, output: z.object({ templates: z.array(BulletinTemplateInfo) }) },
  'bulletins.draft': { kind: 'read', input: BulletinDraftQuery, output: PagesHtml.extend({ document: BulletinDocument }) },
  /** The pages of an edited document, for the preview after each edit. */
  'bulletins.pages': { kind: 'read', input: z.strictObject({ document: BulletinDocument }), output: PagesHtml },
  'bulletins.render': {
    kind: 'asyncRead',
    input: BulletinRenderInput,
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
} as const satisfies Record<string, MethodSpec>;
