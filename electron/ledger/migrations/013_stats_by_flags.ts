// The statistics' indexes without the derived due time. Migrations 007 and 012 packed the on-time
// figures by comparing replied_at and closed_at with effective_due_at, and 011's partial index
// chose the late candidates by it, so every order whose due time a rule or calendar change moved
// had its entries in those three indexes rewritten (a million-order recompute spent half its time
// there). The on-time flags the deadlines derive
// with the due time (replied_on_time, closed_on_time: deadlines.ts) say the same, and change for
// about one order in a hundred when due times move. Here the packs read the flags, and the late
// orders' partial index holds only the orders that can be late (closed late, or not closed).
//
// One figure still needs the due time: overdueOpen at an as-of moment (not closed by then, due
// before it), never part of a stored pack. The as-of query reads such an order's row anyway
// (its live figures need columns the index does not hold), and the late list reads
// orders_late_candidates, which keeps effective_due_at: an order overdue at some moment is not
// closed, or closed after that moment and so after its due time (closed_on_time = 0). It keeps
// days_late too, what an order closed late was late by, so the late list computes days only for
// the orders still open at the as-of moment.
//
// As in migration 007, the expressions are part of this migration and must never change (SQLite
// uses a stored value only for the very same text): electron/services/stats/figures.ts imports them.
import type { Migration } from './index';
import { bit, pack, STATS_PACKS, STATS_SETTLED_AT } from './007_stats_by_unit';

// A flag is NULL when there is no due time (never late) or nothing to be on time with.
const repliedInTime = 'replied_on_time IS NOT 0';
const closedInTime = 'closed_on_time IS NOT 0';
const closedLate = 'closed_on_time = 0';

/** The packed figures with "as of" taken as "settled"; `asOf` gives the same counts at a moment. */
export function flagPackExpressions(asOf: string | null) {
  const replied = asOf ? `replied_at <= ${asOf}` : 'replied_at IS NOT NULL';
  const closed = asOf ? `closed_at <= ${asOf}` : 'closed_at IS NOT NULL';
  return {
    // replied, repliedOnTime, closed
    A: pack(bit(replied), bit(`${replied} AND ${repliedInTime}`), bit(closed)),
    // closedOnTime, closedLate, overdueOpen (never for a settled order)
    B: asOf
      ? pack(bit(`${closed} AND ${closedInTime}`), bit(`${closed} AND ${closedLate}`), bit(`(closed_at IS NULL OR closed_at > ${asOf}) AND effective_due_at < ${asOf}`))
      : pack(bit(`${closed} AND ${closedInTime}`), bit(closedLate)),
    // Migration 007's, unchanged: they do not depend on the due time.
    C: STATS_PACKS.C,
    D: STATS_PACKS.D,
    V1: STATS_PACKS.V1,
    V2: STATS_PACKS.V2,
    V3: STATS_PACKS.V3,
    // processBasic, visitedOnTime
    V4: pack(bit(`visit_process = '基本满意'`), bit(`visit_result IS NOT NULL AND ${closed} AND ${closedInTime}`)),
  };
}

export const FLAG_PACKS = flagPackExpressions(null);

/**
 * The late candidates' condition: a query uses the partial index only when its WHERE holds this
 * very term, and reads no row only when the index holds its columns (closed_on_time too).
 */
export const LATE_CANDIDATE = `(closed_at IS NULL OR ${closedLate})`;

export const migration013: Migration = {
  version: 13,
  name: 'stats: orders_stats_by_unit, orders_compared and orders_late_candidates from the on-time flags, not the due time',
  sql: `
DROP INDEX orders_stats_by_unit;
DROP INDEX orders_compared;
DROP INDEX orders_late_candidates;
CREATE INDEX orders_stats_by_unit ON orders(deleted, unit_id, received_at, ${STATS_SETTLED_AT},
  ${Object.values(FLAG_PACKS).join(',\n  ')},
  visit_source, channel, category, appeal_type, handling, replied_at, closed_at, order_no);
CREATE INDEX orders_compared ON orders(deleted, received_at, ${FLAG_PACKS.D}, ${FLAG_PACKS.V1}, ${FLAG_PACKS.V3}, ${FLAG_PACKS.V4}, visit_source, channel);
CREATE INDEX orders_late_candidates ON orders(deleted, unit_id, received_at, effective_due_at, closed_at, closed_on_time, days_late, channel, order_no)
  WHERE ${LATE_CANDIDATE};
`,
};
