// Numbered, forward-only migrations. The ledger's PRAGMA user_version is the number of the last
// one applied; each runs in its own transaction, so a file is never left between two versions.
import { migration001 } from './001_init';
import { migration002 } from './002_deadlines';
import { migration003 } from './003_imports';
import { migration004 } from './004_stats';
import { migration005 } from './005_bulletins';
import { migration006 } from './006_ledger_writes';
import { migration007 } from './007_stats_by_unit';
import { migration008 } from './008_board_event_counts';
import { migration009 } from './009_board_open_covering';
import { migration010 } from './010_stats_breakdown';
import { migration011 } from './011_stats_late';
import { migration012 } from './012_stats_compared';
import { migration013 } from './013_stats_by_flags';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
