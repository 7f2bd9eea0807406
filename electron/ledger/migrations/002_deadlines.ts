// Deadlines: the stored derived fields of each order (rule due, extension, effective due, days
// late, counts of its life events), the office's calendar corrections, and the board's indexes.
// The values are computed by electron/services/deadlines.ts (recomputeDeadlines); this step only
// fills what plain SQL can know (an explicit due time) so an upgraded ledger is not blank.
import type { Migration } from './index';

export const migration002: Migration = {
  version: 2,
  name: 'deadlines: derived due times, life-event counts, calendar overrides, board indexes',
  sql: `
-- An imported or entered limit such as '5个工作日', '24小时', '3天'; null = the rule table decides.
ALTER TABLE orders ADD COLUMN time_limit TEXT;
-- Due time from the rules (or time_limit) on the working-day calendar.
ALTER TABLE orders ADD COLUMN rule_due_at TEXT;
-- The new due time of the latest approved extension.
ALTER TABLE orders ADD COLUMN extended_due_at TEXT;
-- The new due time of the latest rework (重办): the order reopened with a fresh limit.
ALTER TABLE orders ADD COLUMN rework_due_at TEXT;
-- What the order is measured against: the latest extension or rework, else due_at, else rule_due_at.
ALTER TABLE orders ADD COLUMN effective_due_at TEXT;
-- Closed after effective_due_at: started 24-hour periods between due and close; else null.
ALTER TABLE orders ADD COLUMN days_late INTEGER;
-- 1 / 0 when replied (closed) and a due time is known; null otherwise.
ALTER TABLE orders ADD COLUMN replied_on_time INTEGER;
ALTER TABLE orders ADD COLUMN closed_on_time INTEGER;
-- A Chinese warning when the due time was counted through a year the calendar does not cover.
ALTER TABLE orders ADD COLUMN due_warning TEXT;
ALTER TABLE orders ADD COLUMN extension_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN rework_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN return_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN late_return_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN alert_count INTEGER NOT NULL DEFAULT 0;
-- Who made the latest return visit: 'county' (县级回访) or 'city' (市级抽访).
ALTER TABLE orders ADD COLUMN visit_source TEXT CHECK (visit_source IN ('county', 'city'));

-- The board: open orders are the closed_at IS NULL range, overdue ones a prefix of it by due time;
-- closed-late-in-period is a closed_at range. received_at lets an as-of in the past skip, inside
-- the index, the orders closed after the moment but received after it too. Per-unit figures group
-- the (small) open range; a second, per-unit index would cost every recompute more than it saves.
CREATE INDEX orders_open_due ON orders(deleted, closed_at, effective_due_at, received_at);
-- Extended / returned / reworked in a period come from the events.
CREATE INDEX order_events_type_at ON order_events(type, at, order_id);

-- The office's corrections to the State Council calendar (next year's notice, a local holiday).
CREATE TABLE calendar_overrides (
  day         TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind        TEXT NOT NULL CHECK (kind IN ('workday', 'holiday')),
  note        TEXT,
  created_at  TEXT NOT NULL
) WITHOUT ROWID;

UPDATE orders SET effective_due_at = due_at WHERE due_at IS NOT NULL;
UPDATE orders SET days_late = (CAST(strftime('%s', closed_at) AS INTEGER) - CAST(strftime('%s', effective_due_at) AS INTEGER) + 86399) / 86400
  WHERE closed_at IS NOT NULL AND effective_due_at IS NOT NULL AND closed_at > effective_due_at;
UPDATE orders SET closed_on_time = (closed_at <= effective_due_at) WHERE closed_at IS NOT NULL AND effective_due_at IS NOT NULL;
UPDATE orders SET replied_on_time = (replied_at <= effective_due_at) WHERE replied_at IS NOT NULL AND effective_due_at IS NOT NULL;
-- The rest (rule due times for orders without an explicit one) needs the calendar: recomputed
-- by the next write of the deadlines area (or 'deadlines.recompute'); the board says so meanwhile.
INSERT OR REPLACE INTO settings (key, value) SELECT 'deadlines.recomputeNeeded', 'true' WHERE EXISTS (SELECT 1 FROM orders);
`,
};
