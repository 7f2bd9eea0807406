// Handlers of the bulletin area: drafting from the ledger, the pages of an edited document, the
// files made from it; stored drafts and issued bulletins, and the office's header settings.
import type { BulletinDocument, HeaderStyle } from '../../shared/bulletin/model';
import type { bulletinsMethods } from '../../shared/contract/bulletins';
import { bulletinHtml } from '../services/bulletin/html';
import { layoutBulletin } from '../services/bulletin/layout';
import { renderBulletin } from '../services/bulletin/outputs';
import { chartForQuery } from '../services/bulletin/compose';
import { BULLETIN_TEMPLATES } from '../services/bulletin/templates';
import {
  composeForOffice, deleteDraft, issueBulletin, listBulletins, openBulletin, proposeNumber, readHeaderSettings, regenerateDraft, storedBulletinSource,
  resetDraftSection, saveDraft, writeHeaderSettings,
} from '../services/bulletinStore';
import type { Db } from '../ledger/open';
import type { HandlersFor } from './handlerTypes';

function pagesOf(document: BulletinDocument): { html: string; pages: number } {
  const layout = layoutBulletin(document);
  return { html: bulletinHtml(layout, document.header.title), pages: layout.pages.length };
}

/** The title as a file name Windows accepts (no \ / : * ? " < > |), never empty. */
function bulletinFileName(document: BulletinDocument, ext: string): string {
  const base = document.header.title.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').trim().slice(0, 120) || '通报';
  return `${base}.${ext}`;
}

function headerSettingsAnswer(db: Db, style: HeaderStyle) {
  const settings = readHeaderSettings(db, style);
  return { style, settings, proposal: proposeNumber(db, style, settings) };
}

export const bulletinsHandlers: HandlersFor<typeof bulletinsMethods> = {
  'bulletins.templates': () => ({ templates: BULLETIN_TEMPLATES.map((t) => ({ id: t.id, name: t.name, style: t.header.style })) }),
  'bulletins.draft': ({ ledger }, query) => {
    const { document } = composeForOffice(ledger.db, query);
    return { document, ...pagesOf(document) };
  },
  'bulletins.pages': (_ctx, { document }) => pagesOf(document),
  'bulletins.chart': ({ ledger }, { template: _template, ...query }) => chartForQuery(ledger.db, query),
  'bulletins.render': async ({ ledger }, { format, id, document, ...query }) => {
    if (id !== undefined) {
      const stored = storedBulletinSource(ledger.db, id);
      return { fileName: bulletinFileName(stored.document, format), base64: (await stored.render(format)).toString('base64') };
    }
    // The refinement guarantees the query is complete when no document is given.
    const doc = document ?? composeForOffice(ledger.db, { period: query.period!, scheme: query.scheme!, template: query.template!, asOf: query.asOf, channels: query.channels }).document;
    const bytes = await renderBulletin(doc, format);
    return { fileName: bulletinFileName(doc, format), base64: bytes.toString('base64') };
  },
  'bulletins.headerSettings': ({ ledger }, { style }) => headerSettingsAnswer(ledger.db, style),
  'bulletins.saveHeaderSettings': ({ ledger, actor }, { style, settings }) => {
    writeHeaderSettings(ledger.db, actor, style, settings);
    return headerSettingsAnswer(ledger.db, style);
  },
  'bulletins.list': ({ ledger }) => ({ bulletins: listBulletins(ledger.db) }),
  'bulletins.open': ({ ledger }, { id }) => openBulletin(ledger.db, id),
  'bulletins.save': ({ ledger, actor }, input) => openBulletin(ledger.db, saveDraft(ledger.db, actor, input)),
  'bulletins.regenerate': ({ ledger, actor }, { id }) => {
    regenerateDraft(ledger.db, actor, id);
    return openBulletin(ledger.db, id);
  },
  'bulletins.resetSection': ({ ledger, actor }, { id, key }) => {
    resetDraftSection(ledger.db, actor, id, key);
    return openBulletin(ledger.db, id);
  },
  'bulletins.issue': ({ ledger, actor }, input) => {
    issueBulletin(ledger.db, actor, input);
    return openBulletin(ledger.db, input.id);
  },
  'bulletins.delete': ({ ledger, actor }, { id }) => {
    deleteDraft(ledger.db, actor, id);
    return { ok: true as const };
  },
};
