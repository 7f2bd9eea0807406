// Faster writes of the ledger: a bulk load is audited by one row that its orders point to, and
// the board's index on every order is replaced by narrower ones that a recompute of due times
// seldom touches.
import type { Migration } from './index';

export const migration006: Migration = {
  version: 6,
  name: 'ledger writes: orders point to the audit row of the bulk load that created them; board indexes by open order and by closing span',
  sql: `
-- A bulk load (a synthetic or demo ledger, a large import) writes one audit row for all its
-- orders instead of one per order; each order it created points to that row, so the order's
-- history still begins with how it was created. NULL: the order has its own 'create' row.
ALTER TABLE orders ADD COLUMN create_audit_id INTEGER;

-- orders_open_due held every order with its effective due time: a recompute that moved due
-- times rewrote an entry of it for every order, and a board as of a moment long past walked
-- every order closed since then. Its two uses get an index each:
DROP INDEX orders_open_due;

-- What is open now, by due time: only the open orders (a few thousand), so moving the due time
-- of a closed order never touches it.
CREATE INDEX orders_open ON orders(deleted, effective_due_at, received_at) WHERE closed_at IS NULL;

-- What was open as of a moment in the past (received before it, closed after it), and what was
-- closed late in a period. Orders are grouped by how long they stayed open, as the number of
-- digits of the seconds from receipt to closing (5: up to a day, 6: up to 11 days, 7: up to
-- 115 days …): an order of group g open at moment T was received after T - 10^g seconds, so a
-- query reads one short range per group instead of every order closed after T. closed_on_time
-- (0 = closed late) lets the closed-late list be answered from the index.
CREATE INDEX orders_closed_span ON orders(deleted, length(unixepoch(closed_at) - unixepoch(received_at)), received_at, closed_at, closed_on_time)
  WHERE closed_at IS NOT NULL;
`,
};
