// The board's extended / returned / reworked lists also show orders whose count came from an
// import without events: found so far by reading every order received in the period (a month
// is ~28,000 rows at a million orders). These indexes hold only the orders with such a count.
import type { Migration } from './index';

export const migration008: Migration = {
  version: 8,
  name: 'board: indexes of the orders with extensions, returns or reworks',
  sql: `
CREATE INDEX orders_extended ON orders(deleted, received_at) WHERE extension_count > 0;
CREATE INDEX orders_returned ON orders(deleted, received_at) WHERE return_count > 0;
CREATE INDEX orders_reworked ON orders(deleted, received_at) WHERE rework_count > 0;
`,
};
