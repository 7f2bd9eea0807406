// Statistics at a million orders: one index ordered by unit, then receipt time, that stores each
// order's figures already counted. The statistics query walks it unit by unit (no sort of the
// period's rows, which cost more than everything else) and adds up a few stored integers per
// order instead of testing twenty conditions. It replaces orders_stats (migration 004).
//
// The expressions below are part of this migration and must never change: SQLite uses the stored
// value only when the query writes exactly the same expression, so the statistics import them
// from the migration that built the index. A different packing is a new migration with a new
// index: migration 013 packs from the on-time flags (electron/services/stats/figures.ts reads those).
import type { Migration } from './index';

/** 0/1, never NULL (a NULL would blank the whole packed sum). */
export const bit = (condition: string) => `(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/**
 * Up to three counts in one integer, 21 bits each: a sum of it over up to 2,097,151 orders adds
 * up the three counts at once. The top field of STATS_PACKS.D is the order itself (received), so a
 * larger group overflows the 64-bit sum, which SQLite reports as an error instead of a wrong count.
 */
export const PACK_BITS = 21;
export const pack = (...bits: string[]) => bits.map((b, i) => (i === 0 ? b : `(${b} << ${PACK_BITS * i})`)).join(' + ');

/**
 * When all of an order's timestamped figures are final: it is closed and replied (if ever) by
 * then. At an as-of moment at or after it, the stored packs A, B and V4 are the order's figures;
 * before it (or while open) the query counts that order from its columns.
 */
export const STATS_SETTLED_AT = `coalesce(max(closed_at, replied_at), closed_at)`;

const due = 'effective_due_at';
/** The figures with "as of" taken as "settled"; `asOf` gives the same counts at a moment. */
function statsPackExpressions(asOf: string | null) {
  const replied = asOf ? `replied_at <= ${asOf}` : 'replied_at IS NOT NULL';
  const closed = asOf ? `closed_at <= ${asOf}` : 'closed_at IS NOT NULL';
  const closedOnTime = `${closed} AND (${due} IS NULL OR closed_at <= ${due})`;
  return {
    // replied, repliedOnTime, closed
    A: pack(bit(replied), bit(`${replied} AND (${due} IS NULL OR replied_at <= ${due})`), bit(closed)),
    // closedOnTime, closedLate, overdueOpen (never for a settled order)
    B: asOf
      ? pack(bit(closedOnTime), bit(`${closed} AND closed_at > ${due}`), bit(`(closed_at IS NULL OR closed_at > ${asOf}) AND ${due} < ${asOf}`))
      : pack(bit(closedOnTime), bit(`closed_at > ${due}`)),
    // extended, reworked, returned
    C: pack(bit('extension_count > 0'), bit('rework_count > 0'), bit('return_count > 0')),
    // returnedLate, alerts, received
    D: pack(bit('late_return_count > 0'), bit('alert_count > 0'), '1'),
    // resultAsked, resultFull, resultBasic
    V1: pack(bit('visit_result IS NOT NULL'), bit(`visit_result = '满意'`), bit(`visit_result = '基本满意'`)),
    // unsatisfied, resolvedAsked, resolved
    V2: pack(bit(`visit_result = '不满意'`), bit('visit_resolved IS NOT NULL'), bit(`visit_resolved = '已解决'`)),
    // unresolved, processAsked, processFull
    V3: pack(bit(`visit_resolved = '未解决'`), bit('visit_process IS NOT NULL'), bit(`visit_process = '满意'`)),
    // processBasic, visitedOnTime
    V4: pack(bit(`visit_process = '基本满意'`), bit(`visit_result IS NOT NULL AND ${closedOnTime}`)),
  };
}

export const STATS_PACKS = statsPackExpressions(null);

export const migration007: Migration = {
  version: 7,
  name: 'stats: index orders_stats_by_unit (unit, receipt time, packed figures) replaces orders_stats',
  sql: `
DROP INDEX IF EXISTS orders_stats;
-- Visit source, channel and the breakdown fields follow the packs; the timestamps count an order
-- that is not yet settled at the as-of moment, order_no names late orders: no row is read.
CREATE INDEX orders_stats_by_unit ON orders(deleted, unit_id, received_at, ${STATS_SETTLED_AT},
  ${Object.values(STATS_PACKS).join(',\n  ')},
  visit_source, channel, category, appeal_type, handling, replied_at, closed_at, effective_due_at, order_no);
`,
};
