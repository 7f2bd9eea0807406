// The `hotline` command, run in-process through main(argv) (and `serve` as a real child process):
// exit 0/1/2, one Chinese line on stderr for a user error, only JSON on stdout with --json.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { main } from '../../electron/cli';
import { LATEST_VERSION } from '../../electron/ledger/migrations/index';
import { UNITS_DIR } from '../fixtures/makeUnitFiles';
import { makeTempDir } from '../fixtures/makeLedger';

interface Run { code: number; stdout: string; stderr: string }

/** Runs the CLI in this process and captures what it writes. */
async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A user error: exit 1, exactly one Chinese line on stderr, nothing on stdout unless allowed. */
function expectUserError(r: Run, message: string | RegExp, { stdout = '' }: { stdout?: string | null } = {}) {
  expect(r.code).toBe(1);
  if (stdout !== null) expect(r.stdout).toBe(stdout);
  const lines = r.stderr.split('\n');
  expect(lines).toHaveLength(2); // one line and its newline
  expect(lines[1]).toBe('');
  if (typeof message === 'string') expect(lines[0]).toContain(message);
  else expect(lines[0]).toMatch(message);
  expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
}

/** Bad usage: exit 2, the reason on the first stderr line, then the usage text. */
function expectUsageError(r: Run, message: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const [first, ...rest] = r.stderr.split('\n');
  expect(first).toContain(message);
  expect(rest.join('\n')).toContain('用法');
}

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeAll(() => {
  tmp = makeTempDir('hotline-cli-');
  db = path.join(tmp.dir, '台账.sqlite3');
});
afterAll(() => tmp.remove());

describe('hotline CLI (in-process)', () => {
  it('init creates the ledger; --json prints only JSON', async () => {
    const r = await run('init', '--db', db);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^台账已就绪：.*（工单 0 件，单位 0 个）\n$/);
    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    raw.close();
    const j = await run('init', '--db', db, '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ledgerPath: path.resolve(db), orderCount: 0, unitCount: 0 });
  });

  it('demo loads a realistic ledger once; a second load is a user error', async () => {
    const r = await run('demo', '--db', db, '--orders', '60', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ orders: 60, units: expect.any(Number) });
    expectUserError(await run('demo', '--db', db), '示例数据只能加载到空台账');
  });

  it('orders list --json prints the orders with 工单编号 as strings, by 受理时间', async () => {
    const r = await run('orders', 'list', '--db', db, '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const orders = JSON.parse(r.stdout) as { orderNo: unknown; receivedAt: string; status: string }[];
    expect(orders).toHaveLength(60);
    for (const o of orders) {
      expect(typeof o.orderNo).toBe('string');
      expect(o.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    expect(orders.map((o) => o.receivedAt)).toEqual([...orders.map((o) => o.receivedAt)].sort());
    expect(new Set(orders.map((o) => o.orderNo)).size).toBe(60);
    // An 18-digit number survives the trip through JSON exactly.
    expect(r.stdout).toContain(`"orderNo": "${orders[0].orderNo}"`);

    const limited = await run('orders', 'list', '--db', db, '--json', '--limit', '7');
    expect(JSON.parse(limited.stdout)).toHaveLength(7);
    const text = await run('orders', 'list', '--db', db, '--limit', '3');
    expect(text.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(text.stdout.split('\n')[0].split('\t')[0]).toBe(orders[0].orderNo);
  });

  it('units import reads a spreadsheet and reports refused rows; --json prints the summary', async () => {
    const file = path.join(UNITS_DIR, 'units.xlsx');
    const fresh = path.join(tmp.dir, 'units.sqlite3');
    const r = await run('units', 'import', file, '--db', fresh, '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const summary = JSON.parse(r.stdout);
    expect(summary.created).toHaveLength(8);
    expect(summary.rejected.map((x: { row: number }) => x.row)).toEqual([10, 11, 12, 13, 14, 15]);
    const again = await run('units', 'import', file, '--db', fresh);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('新增 0 个，更新 0 个，未变 8 个，拒绝 6 行');
    expect(again.stdout).toContain('第 11 行 单位类型：单位类型“事业单位”应为“镇街”或“部门”');
  });

  it('units import of a file where every row is refused is a user error', async () => {
    const bad = path.join(tmp.dir, 'bad.csv');
    fs.writeFileSync(bad, '单位名称,排序\n县教育局,第一\n');
    // The refused rows are still listed, so the clerk knows what to fix.
    const refused = await run('units', 'import', bad, '--db', path.join(tmp.dir, 'bad.sqlite3'));
    expectUserError(refused, '没有导入任何单位', { stdout: null });
    expect(refused.stdout).toBe('新增 0 个，更新 0 个，未变 0 个，拒绝 1 行\n  第 2 行 排序：排序“第一”应为整数\n');
    const refusedJson = await run('units', 'import', bad, '--db', path.join(tmp.dir, 'bad.sqlite3'), '--json');
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.stdout).rejected).toHaveLength(1);
    expectUserError(await run('units', 'import', path.join(tmp.dir, 'missing.xlsx'), '--db', db), '文件不存在');
    const json = await run('units', 'import', path.join(tmp.dir, 'missing.xlsx'), '--db', db, '--json');
    expect(json.stdout).toBe(''); // nothing that is not JSON on stdout, even on failure
  });

  it('refuses a ledger from a newer version with one line, and leaves it alone', async () => {
    const newer = path.join(tmp.dir, 'newer.sqlite3');
    const raw = new Database(newer);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    const before = fs.readFileSync(newer);
    expectUserError(await run('orders', 'list', '--db', newer, '--json'), '更新版本');
    expect(fs.readFileSync(newer).equals(before)).toBe(true);
    const notLedger = path.join(tmp.dir, 'notes.txt');
    fs.writeFileSync(notLedger, '这不是台账'.repeat(100));
    expectUserError(await run('init', '--db', notLedger), '不是有效的台账文件');
    expectUserError(await run('init', '--db='), '未指定台账文件');
  });

  it('bad usage exits 2 with the reason and the usage text', async () => {
    expectUsageError(await run('frobnicate'), '未知命令：frobnicate');
    expectUsageError(await run('init'), '缺少 --db FILE');
    expectUsageError(await run('init', '--db', db, '--colour', 'red'), '未知选项 --colour');
    expectUsageError(await run('demo', '--db', db, '--orders', 'many'), '--orders 应为正整数');
    expectUsageError(await run('units', 'import', '--db', db), '用法: units import FILE');
    expectUsageError(await run('orders', 'list', '--db'), '选项 --db 需要一个值');
  });

  it('serve on a port already in use is a user error in Chinese', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      // serve may report on stderr before it listens (e.g. the day's backup); the error is the last line.
      const r = await run('serve', '--db', db, '--port', String(port));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`端口 ${port} 已被占用，请换一个端口（--port）或先关闭占用它的程序`);
    } finally {
      blocker.close();
    }
  });

  it('help exits 0 and lists every command', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const words of ['init', 'serve', 'demo', 'units import', 'orders list']) expect(r.stdout).toContain(words);
  });
});

describe('hotline serve (a real process)', () => {
  it('prints the URL as the first line of stdout, serves the API with its token, stops on SIGTERM', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve', '--db', db], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += String(c); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        const lines = readline.createInterface({ input: child.stdout });
        lines.once('line', resolve);
        child.once('exit', () => reject(new Error(`serve exited before printing its URL: ${stderr}`)));
      });
      const url = new URL(firstLine);
      expect(url.protocol).toBe('http:');
      expect(url.hostname).toBe('127.0.0.1');
      const token = /^#token=(.+)$/.exec(url.hash)?.[1];
      expect(token).toBeTruthy();
      const page = await fetch(new URL('/', url));
      expect([200, 500]).toContain(page.status); // 500 only when the renderer has not been built
      if (page.status === 200) expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const info = await fetch(new URL('/api/app.info', url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-hotline-token': token! }, body: '{}' });
      expect(await info.json()).toMatchObject({ ok: true, value: { orderCount: 60, ledgerPath: path.resolve(db) } });
      const noToken = await fetch(new URL('/api/app.info', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(noToken.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
