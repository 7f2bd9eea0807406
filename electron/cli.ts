// The `hotline` command: the same services as the app, without a window.
// Exit 0 on success, 1 on a user error (one line on stderr), 2 on bad usage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLedger, closeLedger, type Ledger } from './ledger/open';
import { createContext, type HandlerContext } from './api/context';
import { dispatch } from './api/dispatch';
import { startHttpServer } from './transport/http';
import { APP_VERSION, operatorName } from './paths';
import { AppError } from '../shared/result';
import type { MethodName, MethodInput, MethodOutput } from '../shared/api';

class UsageError extends Error {}

const USAGE = `用法: npm run -s hotline -- <命令> [选项]
  init --db FILE                          创建（或升级）台账文件
  serve --db FILE [--port N] [--host H]   在 127.0.0.1 上提供浏览器界面，第一行输出访问地址
  demo --db FILE [--orders N]             加载示例数据（空台账）
  units import FILE --db FILE [--json]    导入承办单位名录（.xlsx/.csv：单位名称、单位类型、上级单位、别名、排序）
  orders list --db FILE [--json] [--limit N] [--text T]
选项 --json 时 stdout 只输出 JSON。`;

interface Parsed {
  positional: string[];
  options: Map<string, string | true>;
}

const VALUE_OPTIONS = new Set(['db', 'port', 'host', 'orders', 'limit', 'text']);
const FLAG_OPTIONS = new Set(['json', 'help']);

export function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) { positional.push(arg); continue; }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (FLAG_OPTIONS.has(name)) { options.set(name, true); continue; }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`未知选项 --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`选项 --${name} 需要一个值`);
    options.set(name, value);
  }
  return { positional, options };
}

function requireDb(p: Parsed): string {
  const db = p.options.get('db');
  if (typeof db !== 'string') throw new UsageError('缺少 --db FILE');
  return db;
}

function intOption(p: Parsed, name: string, fallback: number): number {
  const v = p.options.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`--${name} 应为正整数`);
  return Number(v);
}

/** Calls one API method the way the app would, turning an error envelope into an AppError. */
function call<M extends MethodName>(ctx: HandlerContext, method: M, input: MethodInput<M>): MethodOutput<M> {
  const result = dispatch(ctx, method, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  return result.value as MethodOutput<M>;
}

function withLedger<T>(file: string, fn: (ctx: HandlerContext, ledger: Ledger) => T): T {
  const ledger = openLedger(file);
  try {
    return fn(createContext(ledger, { who: operatorName(), source: 'cli' }, APP_VERSION), ledger);
  } finally {
    closeLedger(ledger);
  }
}

type Out = { json: boolean; print: (text: string) => void; printJson: (v: unknown) => void };

async function run(argv: readonly string[], out: Out): Promise<void> {
  const p = parseArgs(argv);
  const [command, sub, ...rest] = p.positional;
  if (!command || p.options.has('help')) { out.print(USAGE); return; }
  switch (command) {
    case 'init': {
      const file = requireDb(p);
      withLedger(file, (ctx) => {
        const info = call(ctx, 'app.info', {});
        out.json ? out.printJson(info) : out.print(`台账已就绪：${info.ledgerPath}（工单 ${info.orderCount} 件，单位 ${info.unitCount} 个）`);
      });
      return;
    }
    case 'demo': {
      const file = requireDb(p);
      withLedger(file, (ctx) => {
        const r = call(ctx, 'demo.load', { orders: intOption(p, 'orders', 400) });
        out.json ? out.printJson(r) : out.print(`已加载示例数据：工单 ${r.orders} 件，承办单位 ${r.units} 个`);
      });
      return;
    }
    case 'units': {
      if (sub !== 'import' || rest.length !== 1) throw new UsageError('用法: units import FILE --db FILE [--json]');
      const file = requireDb(p);
      const source = rest[0];
      if (!fs.existsSync(source)) throw new AppError('not_found', `文件不存在：${source}`);
      withLedger(file, (ctx) => {
        const r = call(ctx, 'units.import', { fileName: path.basename(source), base64: fs.readFileSync(source).toString('base64') });
        if (out.json) return out.printJson(r);
        out.print(`新增 ${r.created.length} 个，更新 ${r.updated.length} 个，未变 ${r.unchanged} 个，拒绝 ${r.rejected.length} 行`);
        for (const x of r.rejected) out.print(`  第 ${x.row} 行 ${x.column}：${x.message}`);
        if (r.created.length + r.updated.length + r.unchanged === 0 && r.rejected.length > 0) throw new AppError('validation', '没有导入任何单位');
      });
      return;
    }
    case 'orders': {
      if (sub !== 'list') throw new UsageError('用法: orders list --db FILE [--json]');
      const file = requireDb(p);
      withLedger(file, (ctx) => {
        const limit = intOption(p, 'limit', 1_000_000);
        const text = p.options.get('text');
        const all: MethodOutput<'orders.page'>['rows'] = [];
        let rowCount = Infinity;
        for (let start = 0; start < Math.min(limit, rowCount); start += 1000) {
          const page = call(ctx, 'orders.page', {
            startRow: start,
            endRow: Math.min(start + 1000, limit),
            sort: [{ colId: 'receivedAt', sort: 'asc' }],
            filter: typeof text === 'string' ? { text } : {},
          });
          rowCount = page.rowCount;
          all.push(...page.rows);
        }
        if (out.json) return out.printJson(all);
        for (const o of all) out.print([o.orderNo, o.receivedAt, o.unitName ?? '', o.status, (o.content ?? '').slice(0, 30)].join('\t'));
      });
      return;
    }
    case 'serve': {
      const file = requireDb(p);
      await serveLedger(file, { port: intOption(p, 'port', 0), host: (p.options.get('host') as string) ?? '127.0.0.1' }, out);
      return;
    }
    default:
      throw new UsageError(`未知命令：${command}`);
  }
}

export async function serveLedger(file: string, opts: { port: number; host: string }, out: Out): Promise<void> {
  if (opts.host !== '127.0.0.1' && opts.host !== 'localhost') throw new UsageError('出于安全考虑，只能在 127.0.0.1 上提供服务');
  const ledger = openLedger(file);
  const ctx = createContext(ledger, { who: operatorName(), source: 'ui' }, APP_VERSION);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const server = await startHttpServer({ ctx, rendererDir: path.resolve(here, '..', 'dist', 'renderer'), port: opts.port, host: '127.0.0.1' });
  out.print(server.url);
  if (!out.json) process.stderr.write(`台账：${ledger.path}\n按 Ctrl+C 停止。\n`);
  const stop = async () => {
    await server.close();
    closeLedger(ledger);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {}); // serve until stopped
}

export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const out: Out = {
    json,
    print: (t) => process.stdout.write(`${t}\n`),
    printJson: (v) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
  };
  try {
    await run(argv, out);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    const message = e instanceof AppError ? e.message : `内部错误：${(e as Error).message}`;
    process.stderr.write(`${message.replace(/\n/g, ' ')}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
