// One document, four outputs: the page HTML (preview and print), PDF, .docx and .xlsx.
import type { BulletinDocument } from '../../../shared/bulletin/model';
import { AppError } from '../../../shared/result';
import { docxFromLayout } from './docx';
import { bulletinHtml } from './html';
import { layoutBulletin } from './layout';
import { pdfFromHtml } from './pdf';
import { xlsxOfAttachments } from './xlsx';

export const OUTPUT_FORMATS = ['html', 'pdf', 'docx', 'xlsx'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormatOf(fileName: string): OutputFormat {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if ((OUTPUT_FORMATS as readonly string[]).includes(ext)) return ext as OutputFormat;
  if (ext === 'htm') return 'html';
  throw new AppError('validation', `不支持的输出格式“.${ext}”，可用 .pdf、.docx、.xlsx、.html`);
}

/** The page HTML of a document (synchronous: the preview needs nothing else). */
export function bulletinPagesHtml(doc: BulletinDocument): string {
  return bulletinHtml(layoutBulletin(doc), doc.header.title);
}

export async function renderBulletin(doc: BulletinDocument, format: OutputFormat): Promise<Buffer> {
  switch (format) {
    case 'html': return Buffer.from(bulletinPagesHtml(doc), 'utf8');
    case 'pdf': return pdfFromHtml(bulletinPagesHtml(doc));
    case 'docx': return docxFromLayout(layoutBulletin(doc), doc.header.title);
    case 'xlsx': return xlsxOfAttachments(doc.attachments);
  }
}
