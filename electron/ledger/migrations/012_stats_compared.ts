// 环比/同比 of 统计考评: what a period is compared on (received and the two satisfaction rates'
// parts) read from one narrow index in receipt order. Through orders_stats_by_unit the same
// counts walked every unit's rows of its wide records and cost a month's figure a third of its time
// (two other months read for each month shown); this one range takes ~35% less (1M ledger: a
// month compared ~14.5 -> ~9 ms, a year ~98 -> ~61 ms).
//
// Migration 013 rebuilds this index from the on-time flags. The packed expressions here are
// migration 007's (they must stay the very same text for the stored values to be used). D keeps
// the order itself in its top field, so a range of more than 2,097,151 orders overflows the sum
// (SQLite reports it) instead of silently carrying into a neighbour field.
import type { Migration } from './index';
import { STATS_PACKS } from './007_stats_by_unit';

export const migration012: Migration = {
  version: 12,
  name: 'stats: index orders_compared (receipt time, the packed figures 环比/同比 compare, visit source, channel)',
  sql: `
CREATE INDEX orders_compared ON orders(deleted, received_at, ${STATS_PACKS.D}, ${STATS_PACKS.V1}, ${STATS_PACKS.V3}, ${STATS_PACKS.V4}, visit_source, channel);
`,
};
