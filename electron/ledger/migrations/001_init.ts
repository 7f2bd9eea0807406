// The first shape of the ledger. Later steps are new files; this one never changes.
import type { Migration } from './index';

export const migration001: Migration = {
  version: 1,
  name: 'ledger: units, dictionaries, orders, order events, audit log, settings',
  sql: `
CREATE TABLE units (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('town', 'dept')),
  parent_id   INTEGER REFERENCES units(id),
  sort_order  INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE unit_aliases (
  alias    TEXT PRIMARY KEY,
  unit_id  INTEGER NOT NULL REFERENCES units(id)
);
CREATE INDEX unit_aliases_unit ON unit_aliases(unit_id);

-- Allowed values of the select fields (channel, appealType, category, urgency, handling, ...).
CREATE TABLE dictionary_entries (
  kind        TEXT NOT NULL,
  name        TEXT NOT NULL,
  sort_order  INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (kind, name)
) WITHOUT ROWID;

CREATE TABLE orders (
  id             INTEGER PRIMARY KEY,
  order_no       TEXT NOT NULL UNIQUE,
  received_at    TEXT NOT NULL,
  channel        TEXT,
  appeal_type    TEXT,
  category       TEXT,
  title          TEXT,
  content        TEXT,
  caller         TEXT,
  phone          TEXT,
  address        TEXT,
  urgency        TEXT,
  handling       TEXT,
  unit_id        INTEGER REFERENCES units(id),
  co_units       TEXT,
  due_at         TEXT,
  signed_at      TEXT,
  replied_at     TEXT,
  reply_content  TEXT,
  closed_at      TEXT,
  status         TEXT NOT NULL,
  visit_result   TEXT,
  visit_resolved TEXT,
  visit_process  TEXT,
  note           TEXT,
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
-- Paging indexes: each begins with deleted so the live ledger is one contiguous range. SQLite
-- ends every index entry with the rowid (id), so each also orders ties by id, which keyset
-- paging needs; naming id again would only make the entries longer.
CREATE INDEX orders_by_received ON orders(deleted, received_at);
CREATE INDEX orders_by_unit ON orders(deleted, unit_id, status, received_at);
CREATE INDEX orders_by_status ON orders(deleted, status, received_at);
CREATE INDEX orders_by_due ON orders(deleted, due_at);

-- Free-text search over 工单编号, 诉求内容, 诉求人, 联系电话: the text is indexed as overlapping
-- two-character tokens (see shared/search.ts), so a two-character Chinese word is one token.
-- Contentless (the tokens are not stored a second time; contentless_delete lets an edited
-- order's row be replaced) and detail=none keep the index small; remove_diacritics 0 so the
-- index folds letters exactly as shared/search.ts does. A hit is confirmed against the order
-- itself unless the query is one exact pair (indexMatchIsExact).
CREATE VIRTUAL TABLE orders_search USING fts5(
  tokens, content = '', contentless_delete = 1, detail = 'none', tokenize = 'unicode61 remove_diacritics 0'
);

-- What happened to an order: extensions, returns, reworks, alerts, visits (later issues fill them).
CREATE TABLE order_events (
  id        INTEGER PRIMARY KEY,
  order_id  INTEGER NOT NULL REFERENCES orders(id),
  type      TEXT NOT NULL,
  at        TEXT NOT NULL,
  who       TEXT NOT NULL,
  note      TEXT,
  data      TEXT
);
CREATE INDEX order_events_order ON order_events(order_id, at);

-- The audit log: every change to the ledger, who made it and from what to what.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  who        TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('ui', 'import', 'cli', 'system')),
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER,
  field      TEXT,
  old_value  TEXT,
  new_value  TEXT,
  batch_id   INTEGER
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) WITHOUT ROWID;
`,
};
