// Building the large ledger through the app's insert path, against a bare INSERT of the same rows.
import type { BenchSection } from '../context';

/** Build rate as a share of the raw insert rate. */
const TARGET_SHARE = 0.6;

export const ledgerBuildSection: BenchSection = {
  name: 'build',
  title: 'Ledger build (loadOrders: orders + derived fields + search index + audit + indexes)',
  run(ctx) {
    const { build, fromCache } = ctx.ledger();
    const section = 'build';
    const note = build.migratedFrom
      ? `measured ${build.builtAt.slice(0, 16)} under an earlier schema (cached ledger migrated; --rebuild to measure)`
      : fromCache ? `measured ${build.builtAt.slice(0, 16)} (cached ledger)` : 'measured now';
    const rate = (ms: number) => build.orders / (ms / 1000);
    ctx.report.add({ section, name: 'orders generated (not timed below)', value: build.generateMs / 1000, unit: 's', note });
    ctx.report.add({ section, name: `build of ${build.orders.toLocaleString('en')} orders`, value: build.ledgerMs / 1000, unit: 's', baseline: build.rawMs / 1000, note });
    ctx.report.add({
      section, name: 'build rate', value: rate(build.ledgerMs), unit: 'rows/s', baseline: rate(build.rawMs),
      note: `target ≥ ${TARGET_SHARE * 100}% of raw; ${note}`, ok: build.migratedFrom ? undefined : rate(build.ledgerMs) >= TARGET_SHARE * rate(build.rawMs),
    });
    if (build.rawIndexedMs !== undefined) {
      ctx.report.add({
        section, name: 'build rate vs raw INSERT with the ledger\'s indexes', value: rate(build.ledgerMs), unit: 'rows/s', baseline: rate(build.rawIndexedMs),
        note: `context: indexed bare insert ${Math.round((100 * build.rawMs) / build.rawIndexedMs)}% of bare rate`,
      });
    }
    ctx.report.add({ section, name: 'WAL checkpoint on close (not in build)', value: build.checkpointMs / 1000, unit: 's', note });
    ctx.report.add({ section, name: 'ledger file', value: build.fileBytes / 1e6, unit: 'MB', note });
  },
};
