// Bulletins (通报): drafts the clerk keeps editing, and issued ones frozen with everything a
// reprint needs. The header settings live in the settings table (key 'bulletin.header').
import type { Migration } from './index';

export const migration005: Migration = {
  version: 5,
  name: 'bulletins: drafts and issued bulletins with their frozen snapshot and 文号',
  sql: `
-- One row per bulletin. document is the BulletinDocument as JSON (the clerk's edits are in its
-- sections' "edited"); figures the statistics report its words were drafted from, so a draft
-- and its numbers never drift apart. as_of is the moment the figures were taken; as_of_given
-- the moment the clerk asked for (NULL: regenerating takes the figures afresh, as of then).
-- An issued bulletin keeps in snapshot everything a reprint needs (document, settings, the
-- laid-out pages and their HTML, the figures) and never changes again.
CREATE TABLE bulletins (
  id           INTEGER PRIMARY KEY,
  title        TEXT NOT NULL,
  period       TEXT NOT NULL,
  scheme       TEXT NOT NULL,
  template     TEXT NOT NULL,
  channels     TEXT NOT NULL DEFAULT '[]',
  as_of        TEXT NOT NULL,
  as_of_given  TEXT,
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
  document     TEXT NOT NULL,
  figures      TEXT NOT NULL,
  named_units  TEXT NOT NULL DEFAULT '[]',
  praised_units TEXT NOT NULL DEFAULT '[]',
  doc_prefix   TEXT,
  doc_year     INTEGER,
  doc_number   INTEGER,
  issue_no     INTEGER,
  snapshot     TEXT,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT NOT NULL,
  issued_at    TEXT,
  issued_by    TEXT,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  CHECK (status = 'draft' OR (snapshot IS NOT NULL AND issued_at IS NOT NULL AND deleted = 0))
);
CREATE INDEX bulletins_list ON bulletins(deleted, created_at, id);
-- A 文号 is taken once: two issued bulletins never carry 白政办发〔2024〕29号 both.
CREATE UNIQUE INDEX bulletins_doc_number ON bulletins(doc_prefix, doc_year, doc_number)
  WHERE status = 'issued' AND doc_number IS NOT NULL;
-- Issued means frozen: no code path may change or remove an issued bulletin, and the ledger
-- itself refuses to, whatever a future bug tries.
CREATE TRIGGER bulletins_issued_frozen BEFORE UPDATE ON bulletins WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, '已印发的通报不能修改'); END;
CREATE TRIGGER bulletins_issued_kept BEFORE DELETE ON bulletins WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, '已印发的通报不能删除'); END;
`,
};
