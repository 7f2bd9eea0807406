// Handlers of the bulletin area: drafting from the ledger, the pages of an edited document, and
// the files made from it. Nothing is stored here yet (issuing and the snapshot come later).
import type { BulletinDocument } from '../../shared/bulletin/model';
import type { bulletinsMethods } from '../../shared/contract/bulletins';
import { composeBulletin } from '../services/bulletin/compose';
import { bulletinHtml } from '../services/bulletin/html';
import { layoutBulletin } from '../services/bulletin/layout';
import { renderBulletin } from '../services/bulletin/outputs';
import { BULLETIN_TEMPLATES } from '../services/bulletin/templates';
import type { HandlersFor } from './handlerTypes';

function pagesOf(document: BulletinDocument): { html: string; pages: number } {
  const layout = layoutBulletin(document);
  return { html: bulletinHtml(layout, document.header.title), pages: layout.pages.length };
}

/** The title as a file name Windows accepts (no \ / : * ? " < > |), never empty. */
export function bulletinFileName(document: BulletinDocument, ext: string): string {
  const base = document.header.title.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').trim().slice(0, 120) || '通报';
  return `${base}.${ext}`;
}

export const bulletinsHandlers: HandlersFor<typeof bulletinsMethods> = {
  'bulletins.templates': () => ({ templates: BULLETIN_TEMPLATES.map((t) => ({ id: t.id, name: t.name, style: t.header.style })) }),
  'bulletins.draft': ({ ledger }, query) => {
    const { document } = composeBulletin(ledger.db, query);
    return { document, ...pagesOf(document) };
  },
  'bulletins.pages': (_ctx, { document }) => pagesOf(document),
  'bulletins.render': async ({ ledger }, { format, document, ...query }) => {
    // The refinement guarantees the query is complete when no document is given.
    const doc = document ?? composeBulletin(ledger.db, { period: query.period!, scheme: query.scheme!, template: query.template!, asOf: query.asOf, channels: query.channels }).document;
    const bytes = await renderBulletin(doc, format);
    return { fileName: bulletinFileName(doc, format), base64: bytes.toString('base64') };
  },
};
