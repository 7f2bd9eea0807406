// Statistics: the office's bonus/penalty points per unit and period, and its own scoring schemes.
import type { Migration } from './index';

export const migration004: Migration = {
  version: 4,
  name: 'stats: unit adjustments (加分/减分 per unit and period), custom scoring schemes',
  sql: `
-- Points the office gives or takes per unit and period, with the reason (白水's 加减分).
-- period is the text the clerk gave (2024-Q1, 2024-03); first_day/last_day let a quarter's
-- table add up the months inside it. Deleting only marks the row.
CREATE TABLE unit_adjustments (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  period     TEXT NOT NULL,
  first_day  TEXT NOT NULL,
  last_day   TEXT NOT NULL,
  bonus      REAL NOT NULL DEFAULT 0 CHECK (bonus >= 0),
  penalty    REAL NOT NULL DEFAULT 0 CHECK (penalty >= 0),
  reason     TEXT NOT NULL,
  at         TEXT NOT NULL,
  who        TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX unit_adjustments_period ON unit_adjustments(deleted, first_day, last_day, unit_id);

-- Statistics read only this index, never the table: an order's row is long (诉求内容, 回复内容)
-- and the columns the figures need come last in it, so reading rows costs ~15 µs each, the
-- index ~1 µs. Ordered by receipt time, so a period is one range; unit_id next for GROUP BY.
CREATE INDEX orders_stats ON orders(deleted, received_at, unit_id, channel, handling, category, appeal_type,
  replied_at, closed_at, effective_due_at, visit_result, visit_resolved, visit_process, visit_source,
  extension_count, rework_count, return_count, late_return_count, alert_count, order_no);

-- The office's scoring schemes (copies of the built-in ones, changed): JSON as in resources/schemes.
CREATE TABLE stats_schemes (
  id          TEXT PRIMARY KEY,
  definition  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) WITHOUT ROWID;
`,
};
