// Handlers of the imports area: order spreadsheets in (preview, commit, batches, undo, saved
// mappings) and any ledger view out.
import { backupBeforeImport } from '../services/backup/backups';
import type { importsMethods } from '../../shared/contract/imports';
import { commitImport, listImportBatches, listMappings, previewImport, saveMapping, undoImportBatch } from '../services/orderImport';
import { exportOrders } from '../services/orderExport';
import type { HandlersFor } from './handlerTypes';

export const importsHandlers: HandlersFor<typeof importsMethods> = {
  'imports.preview': ({ ledger, actor }, input) => previewImport(ledger.db, actor, input),
  'imports.commit': ({ ledger, actor }, { saveMappingAs, ...req }) => {
    // A verified copy of the ledger as it was, before the import touches it (kept 30 days).
    backupBeforeImport(ledger.db);
    const summary = commitImport(ledger.db, actor, req);
    if (saveMappingAs && Object.keys(req.mapping).length > 0) saveMapping(ledger.db, actor, saveMappingAs, req.mapping);
    return summary;
  },
  'imports.batches': ({ ledger }) => ({ batches: listImportBatches(ledger.db) }),
  'imports.undo': ({ ledger, actor }, { batchId }) => undoImportBatch(ledger.db, actor, batchId),
  'imports.mappings': ({ ledger }) => ({ mappings: listMappings(ledger.db) }),
  'imports.saveMapping': ({ ledger, actor }, { name, mapping }) => {
    saveMapping(ledger.db, actor, name, mapping);
    return { ok: true as const };
  },
  'imports.export': async ({ ledger }, input) => {
    const { fileName, bytes, rows } = await exportOrders(ledger, input);
    return { fileName, base64: Buffer.from(bytes).toString('base64'), rows };
  },
};
