// Imports of the city platform's spreadsheets: each import is a batch that can be undone.
import type { Migration } from './index';

export const migration003: Migration = {
  version: 3,
  name: 'imports: batches, what each batch changed (for undo), saved column mappings, dictionary aliases',
  sql: `
CREATE TABLE import_batches (
  id                  INTEGER PRIMARY KEY,
  file_name           TEXT NOT NULL,
  sha256              TEXT NOT NULL,
  at                  TEXT NOT NULL,
  who                 TEXT NOT NULL,
  inserted            INTEGER NOT NULL,
  updated             INTEGER NOT NULL,
  unchanged           INTEGER NOT NULL,
  rejected            INTEGER NOT NULL,
  created_units       TEXT NOT NULL DEFAULT '[]',
  created_values      TEXT NOT NULL DEFAULT '[]',
  undone_at           TEXT,
  undone_by           TEXT
);
CREATE INDEX import_batches_sha ON import_batches(sha256);

-- One row per order a batch touched. changes is NULL when the batch created the order;
-- otherwise a JSON object {column: [before, after]} of exactly the columns it changed, so an
-- undo restores those and leaves the clerk's later edits of other fields alone.
CREATE TABLE import_batch_orders (
  batch_id  INTEGER NOT NULL REFERENCES import_batches(id),
  order_id  INTEGER NOT NULL REFERENCES orders(id),
  changes   TEXT,
  PRIMARY KEY (batch_id, order_id)
) WITHOUT ROWID;
CREATE INDEX import_batch_orders_order ON import_batch_orders(order_id, batch_id);

-- Column mappings the clerk saved under a name: {"spreadsheet header": "field key" | "ignore"}.
CREATE TABLE import_mappings (
  name        TEXT PRIMARY KEY,
  mapping     TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Another spelling of a dictionary value (e.g. a category as a county's export names it),
-- learnt when the clerk maps an unknown value to an existing one.
CREATE TABLE dictionary_aliases (
  kind   TEXT NOT NULL,
  alias  TEXT NOT NULL,
  name   TEXT NOT NULL,
  PRIMARY KEY (kind, alias)
) WITHOUT ROWID;
`,
};
