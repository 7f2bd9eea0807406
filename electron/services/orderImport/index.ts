// Importing the city platform's order spreadsheets: see commit.ts for the flow.
export { previewImport, commitImport, dryRunSummary, undoImportBatch, listImportBatches } from './commit';
export { listMappings, saveMapping, savedMappingFor } from './mappings';
export { readRawSheet, DEFAULT_LIMITS, type ReadLimits } from './readWorkbook';
