// npm run bench [-- --orders N] [--rebuild] [--only NAME,NAME] [--out DIR]
// Builds (or reuses) the shared synthetic ledger and runs every registered section; each
// section prints its figures with their ratio to a raw baseline measured in the same run, and
// a compact table closes the run. A new section is a file under test/bench/sections/ exporting
// a BenchSection, added to SECTIONS below.
import path from 'node:path';
import { openBenchLedger, type BenchLedger } from './benchLedger';
import type { BenchContext, BenchOptions, BenchSection } from './context';
import { Report } from './report';
import { ledgerBuildSection } from './sections/ledgerBuild';
import { ledgerPagesSection } from './sections/ledgerPages';
import { statsSection } from './sections/stats';
import { deadlinesSection } from './sections/deadlines';
import { importExportSection } from './sections/importExport';
import { bulletinSection } from './sections/bulletin';

const SECTIONS: BenchSection[] = [
  ledgerBuildSection,
  ledgerPagesSection,
  statsSection,
  deadlinesSection,
  importExportSection,
  bulletinSection,
];

const USAGE = 'usage: npm run bench [-- --orders N] [--rebuild] [--only NAME,...] [--out DIR]   sections: ' + SECTIONS.map((s) => s.name).join(', ');

function parseArgs(argv: string[]): BenchOptions & { only: string[] | null } {
  const opts = { orders: 1_000_000, rebuild: false, outDir: path.resolve('test-output', 'bench'), only: null as string[] | null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rebuild') opts.rebuild = true;
    else if (a === '--orders' && /^\d+$/.test(argv[i + 1] ?? '')) opts.orders = Number(argv[++i]);
    else if (a === '--only' && argv[i + 1]) opts.only = argv[++i].split(',');
    // A separate folder keeps a second cached ledger (e.g. one per engineer measuring at once).
    else if (a === '--out' && argv[i + 1]) opts.outDir = path.resolve(argv[++i]);
    else {
      console.error(USAGE);
      process.exit(2);
    }
  }
  return opts;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const report = new Report();
  let shared: BenchLedger | undefined;
  const ctx: BenchContext = {
    options,
    report,
    ledger: () => (shared ??= openBenchLedger(options.outDir, options.orders, options.rebuild, console.log)),
  };
  const started = process.hrtime.bigint();
  const sections = options.only ? SECTIONS.filter((s) => options.only!.includes(s.name)) : SECTIONS;
  if (sections.length === 0) {
    console.error(USAGE);
    process.exit(2);
  }
  try {
    for (const s of sections) {
      console.log(`\n== ${s.title}`);
      await s.run(ctx);
    }
  } finally {
    shared?.close();
  }
  const totalS = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`\n== Summary (${options.orders.toLocaleString('en')} orders, ${totalS.toFixed(0)} s)\n`);
  console.log(report.table());
  const missed = report.figures.filter((f) => f.ok === false);
  if (missed.length) console.log(`\n${missed.length} target(s) missed.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
