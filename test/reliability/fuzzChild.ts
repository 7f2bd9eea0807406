// The process the fuzzer feeds hostile spreadsheets to, one at a time over IPC. For each file it
// runs the spreadsheet reader (readSheetRows) and the order importer (imports.commit through the
// dispatcher, on a scratch ledger) and reports for each: read, refused (with its message), or
// crashed (an error that is not a Chinese refusal). A refused import must leave the ledger as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/result';
import { readSheetRows } from '../../electron/services/spreadsheet';
import { openLedger } from '../../electron/ledger/open';
import { createContext } from '../../electron/api/context';
import { dispatch } from '../../electron/api/dispatch';

export type FuzzTarget = 'readSheetRows' | 'imports.commit';
export interface FuzzRequest { id: number; file: string; fileName: string; target: FuzzTarget }
export interface TargetResult { target: string; outcome: 'read' | 'refused' | 'crashed'; message: string; ms: number }
export interface FuzzReply { id: number; results: TargetResult[]; maxRssMb: number }

const CHINESE = /[\u4e00-\u9fff]/;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-fuzz-ledger-'));
const ledger = openLedger(path.join(dir, 'ledger.sqlite3'));
const ctx = createContext(ledger, { who: '模糊测试', source: 'import' }, 'fuzz');
const db = ledger.db;
const fingerprint = () => JSON.stringify(db.prepare(
  `SELECT (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM audit_log) AS a, (SELECT count(*) FROM units) AS u,
          (SELECT count(*) FROM dictionary_entries) AS d, (SELECT coalesce(max(id), 0) FROM orders) AS m`).get());

function timed(target: string, fn: () => 'read' | string): TargetResult {
  const t = Date.now();
  try {
    const r = fn();
    if (r === 'read') return { target, outcome: 'read', message: '', ms: Date.now() - t };
    return { target, outcome: CHINESE.test(r) ? 'refused' : 'crashed', message: r, ms: Date.now() - t };
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e);
    const refused = e instanceof AppError && e.code !== 'internal' && CHINESE.test(e.message);
    return { target, outcome: refused ? 'refused' : 'crashed', message, ms: Date.now() - t };
  }
}

function handle(req: FuzzRequest): FuzzReply {
  const bytes = fs.readFileSync(req.file);
  const results: TargetResult[] = [];
  if (req.target === 'readSheetRows') results.push(timed('readSheetRows', () => {
    const rows = readSheetRows(req.fileName, bytes);
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r) || r.some((c) => typeof c !== 'string'))) return 'rows are not text cells';
    return 'read';
  }));
  else results.push(timed('imports.commit', () => {
    const before = fingerprint();
    const r = dispatch(ctx, 'imports.commit', { file: { fileName: req.fileName, base64: bytes.toString('base64') } });
    if (r.ok) return 'read';
    if (fingerprint() !== before) return `ledger changed by a refused import: ${r.error.message}`;
    return r.error.code === 'internal' ? `internal: ${r.error.message}` : r.error.message;
  }));
  return { id: req.id, results, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

process.on('message', (req: FuzzRequest) => process.send!(handle(req)));
process.on('disconnect', () => {
  ledger.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
process.send!({ ready: true });
