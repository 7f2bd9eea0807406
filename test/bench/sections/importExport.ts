// Import of a 100,000-row × 20-column .xlsx as the city platform sends it ('imports.commit'
// through the dispatcher into an empty ledger), against a bare SheetJS parse of the same file
// in the same run; and export of those 100,000 orders to .xlsx ('imports.export'). The machine
// is shared, so each is measured twice and the faster run counts (both are printed). Each
// measurement runs in its own child process so its peak memory (maxRSS) is its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import type { BenchSection } from '../context';

const ROWS = 100_000;
const SELF = fileURLToPath(import.meta.url);

const COLUMNS: [string, string][] = [
  ['工单号', 'orderNo'], ['来电时间', 'receivedAt'], ['工单来源', 'channel'], ['工单类型', 'appealType'], ['一级业务分类', 'category'],
  ['标题', 'title'], ['工单内容', 'content'], ['来电人', 'caller'], ['来电号码', 'phone'], ['事发地址', 'address'],
  ['紧急程度', 'urgency'], ['处理方式', 'handling'], ['主办单位', 'unitName'], ['办结时限', 'dueAt'], ['签收时间', 'signedAt'],
  ['答复时间', 'repliedAt'], ['答复内容', 'replyContent'], ['结案时间', 'closedAt'], ['回访满意度', 'visitResult'], ['是否解决', 'visitResolved'],
];
const DATE_KEYS = new Set(['receivedAt', 'dueAt', 'signedAt', 'repliedAt', 'closedAt']);

/** A platform-style export of `rows` synthetic orders: title row, header, dates as date cells, shared strings as Excel writes them. */
async function writePlatformXlsx(file: string, rows: number): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const { syntheticOrders, unitSpecs } = await import('../../../electron/services/synthetic');
  const { excelSerialOfCst } = await import('../../../electron/services/orderExport');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('工单');
  ws.addRow(['12345热线工单明细']).commit();
  ws.addRow(COLUMNS.map(([h]) => h)).commit();
  const dateStyle = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
  const orders = syntheticOrders({ count: rows, from: '2024-01-01 00:00:00', to: '2024-12-31 23:59:59', asOf: '2025-01-15 00:00:00', units: unitSpecs(60), seed: 7 });
  for (const o of orders) {
    const rec = o as unknown as Record<string, string | null>;
    const row = ws.addRow([]);
    COLUMNS.forEach(([, k], c) => {
      const v = rec[k];
      if (v == null) return;
      const cell = row.getCell(c + 1);
      if (DATE_KEYS.has(k)) { cell.value = excelSerialOfCst(v); cell.style = dateStyle; } else cell.value = v;
    });
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

/** Wall and CPU time of the measured work: on a shared machine the CPU times' ratio is the steadier one. */
interface ChildResult { ms: number; cpuMs: number; maxRssMb: number; rows: number; bytes?: number; checkpointMs?: number }

function runChild(mode: string, ...args: string[]): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', mode, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
const cpuMs = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };

/** The measured work, in a child process. */
async function child(mode: string, file: string, db?: string): Promise<ChildResult> {
  if (mode === 'bare' || mode === 'bare-zlib') {
    // bare-zlib: SheetJS inflating with zlib, as the app has it read (electron/services/fileGuards.ts).
    if (mode === 'bare-zlib') await import('../../../electron/services/fileGuards');
    const bytes = fs.readFileSync(file);
    const t = performance.now();
    const cpu = process.cpuUsage();
    const wb = XLSX.read(bytes, { type: 'buffer', dense: true });
    const ms = performance.now() - t;
    const rows = XLSX.utils.decode_range(wb.Sheets[wb.SheetNames[0]]['!ref']!).e.r - 1;
    return { ms, cpuMs: cpuMs(cpu), maxRssMb: maxRssMb(), rows };
  }
  const { openLedger, closeLedger } = await import('../../../electron/ledger/open');
  const { createContext } = await import('../../../electron/api/context');
  const { dispatch, dispatchAsync } = await import('../../../electron/api/dispatch');
  const ledger = openLedger(db!);
  const ctx = createContext(ledger, { who: 'bench', source: 'cli' }, 'bench');
  try {
    if (mode === 'import') {
      const base64 = fs.readFileSync(file).toString('base64');
      const t = performance.now();
      const cpu = process.cpuUsage();
      const r = dispatch(ctx, 'imports.commit', { file: { fileName: path.basename(file), base64 } });
      const ms = performance.now() - t;
      const cpuSpent = cpuMs(cpu);
      if (!r.ok) throw new Error(r.error.message);
      const v = r.value as { inserted: number; rejectedRows: number };
      if (v.rejectedRows > 0) throw new Error(`${v.rejectedRows} rows rejected`);
      // The app writes the WAL back into the file a moment after the import has answered
      // (electron/ledger/checkpoints.ts): timed here, apart from the import.
      const tc = performance.now();
      ledger.db.pragma('wal_checkpoint(PASSIVE)');
      return { ms, cpuMs: cpuSpent, maxRssMb: maxRssMb(), rows: v.inserted, checkpointMs: performance.now() - tc };
    }
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await dispatchAsync(ctx, 'imports.export', { format: 'xlsx' });
    const ms = performance.now() - t;
    const cpuSpent = cpuMs(cpu);
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as { rows: number; base64: string };
    return { ms, cpuMs: cpuSpent, maxRssMb: maxRssMb(), rows: v.rows, bytes: Math.round((v.base64.length * 3) / 4) };
  } finally {
    closeLedger(ledger);
  }
}

export const importExportSection: BenchSection = {
  name: 'importExport',
  title: `Import of a ${ROWS.toLocaleString('en')} × ${COLUMNS.length} .xlsx (vs a bare SheetJS parse) and export of ${ROWS.toLocaleString('en')} orders to .xlsx`,
  async run(ctx) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-import-'));
    try {
      // -sst: written by exceljs with shared strings, as Excel and the platform write them.
      const file = path.join(ctx.options.outDir, `platform-${ROWS}x${COLUMNS.length}-sst.xlsx`);
      if (!fs.existsSync(file)) {
        fs.mkdirSync(ctx.options.outDir, { recursive: true });
        await writePlatformXlsx(file, ROWS);
      }
      // The bare parse and the import alternate, each import into a new empty ledger.
      const db = path.join(dir, 'ledger.sqlite3');
      const firstDb = path.join(dir, 'first.sqlite3');
      const bareBefore = runChild('bare', file);
      const firstImport = runChild('import', file, firstDb);
      const bareAfter = runChild('bare', file);
      const secondImport = runChild('import', file, db);
      const bare = bareBefore.ms <= bareAfter.ms ? bareBefore : bareAfter;
      const imp = firstImport.ms <= secondImport.ms ? firstImport : secondImport;
      const ratio = imp.ms / bare.ms;
      ctx.report.add({ section: 'importExport', name: 'raw: SheetJS parse of the file', value: bare.ms / 1000, unit: 's', note: `${(fs.statSync(file).size / 1048576).toFixed(1)} MB, peak ${bare.maxRssMb.toFixed(0)} MB` });
      ctx.report.add({ section: 'importExport', name: 'import (parse, map, validate, write)', value: imp.ms / 1000, unit: 's', baseline: bare.ms / 1000, note: `target ≤ ×1.5; the two imports ${(firstImport.ms / 1000).toFixed(1)} s and ${(secondImport.ms / 1000).toFixed(1)} s`, ok: ratio <= 1.5 });
      // Context: the import has SheetJS inflate with zlib (a SheetJS switch); the baseline is the default parse.
      const zlibParse = runChild('bare-zlib', file);
      ctx.report.add({ section: 'importExport', name: 'import vs a SheetJS parse inflating with zlib (as the import reads)', value: imp.ms / 1000, unit: 's', baseline: zlibParse.ms / 1000, note: 'context, no target' });
      const bareCpu = Math.min(bareBefore.cpuMs, bareAfter.cpuMs);
      ctx.report.add({ section: 'importExport', name: 'import CPU time (vs the parse\'s CPU time)', value: Math.min(firstImport.cpuMs, secondImport.cpuMs) / 1000, unit: 's', baseline: bareCpu / 1000, note: 'steadier than wall time when the cores are shared' });
      ctx.report.add({ section: 'importExport', name: 'WAL checkpoint a moment after the import (not in its time)', value: (imp.checkpointMs ?? 0) / 1000, unit: 's', note: 'context: the app checkpoints once a write has answered' });
      ctx.report.add({ section: 'importExport', name: 'import rows/s', value: imp.rows / (imp.ms / 1000), unit: 'rows/s' });
      ctx.report.add({ section: 'importExport', name: 'import peak memory', value: Math.max(firstImport.maxRssMb, secondImport.maxRssMb), unit: 'MB', note: 'target < 1024 MB (the larger of the two)', ok: Math.max(firstImport.maxRssMb, secondImport.maxRssMb) < 1024 });
      const firstExport = runChild('export', file, db);
      const secondExport = runChild('export', file, db);
      const exp = firstExport.ms <= secondExport.ms ? firstExport : secondExport;
      ctx.report.add({
        section: 'importExport', name: `export ${exp.rows.toLocaleString('en')} rows to .xlsx`, value: exp.ms / 1000, unit: 's',
        note: `target < 10 s, ${((exp.bytes ?? 0) / 1048576).toFixed(1)} MB; the two exports ${(firstExport.ms / 1000).toFixed(1)} s and ${(secondExport.ms / 1000).toFixed(1)} s`, ok: exp.ms < 10_000,
      });
      ctx.report.add({ section: 'importExport', name: 'export CPU time', value: exp.cpuMs / 1000, unit: 's' });
      ctx.report.add({ section: 'importExport', name: 'export rows/s', value: exp.rows / (exp.ms / 1000), unit: 'rows/s' });
      ctx.report.add({ section: 'importExport', name: 'export peak memory', value: Math.max(firstExport.maxRssMb, secondExport.maxRssMb), unit: 'MB', note: 'target < 1024 MB (the larger of the two)', ok: Math.max(firstExport.maxRssMb, secondExport.maxRssMb) < 1024 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

const at = process.argv.indexOf('--child');
if (at >= 0 && path.resolve(process.argv[1] ?? '') === SELF) {
  const [mode, file, db] = process.argv.slice(at + 1);
  child(mode, file, db).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });
}
