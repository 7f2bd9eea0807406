// What every bench section gets: the options of this run, the shared large ledger (built once,
// cached on disk), and the report to add its figures to.
import type { Report } from './report';
import type { BenchLedger } from './benchLedger';

export interface BenchOptions {
  /** Orders in the shared ledger (1,000,000 unless --orders N). */
  orders: number;
  /** Rebuild the cached ledger even when a valid one exists (--rebuild). */
  rebuild: boolean;
  /** Where bench files live: test-output/bench. */
  outDir: string;
}

export interface BenchContext {
  options: BenchOptions;
  report: Report;
  /** The shared synthetic ledger, built on first use and then reused by every section. */
  ledger(): BenchLedger;
}

export interface BenchSection {
  /** Short name, used by --only NAME and in the table. */
  name: string;
  title: string;
  run(ctx: BenchContext): void | Promise<void>;
}
