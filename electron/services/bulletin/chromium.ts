// One headless Chromium kept open for the process, driven over its DevTools pipe (fd 3/4, NUL-
// separated JSON). Launching Chromium and opening a page cost seconds on an office PC; a bulletin's
// PDF and its chart pictures then take a fraction of that. The browser starts on first use, is
// reused by every later call (one job at a time on one page), closes after IDLE_MS without work,
// is killed when the process exits, and is launched again if it died.
//
// The pipe is ours rather than playwright's so the browser never keeps a one-shot process (the CLI)
// alive: its handles are unref'd while idle and ref'd only while a job runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AppError } from '../../../shared/result';

export const CHROMIUM_PATH = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium';
/** Close the browser after this long without a job (it holds ~150 MB). */
export const IDLE_MS = 5 * 60_000;
/** A command that takes longer means the browser hangs: it is killed and launched again next time. */
const COMMAND_TIMEOUT_MS = 90_000;

interface Pending { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void; method: string; timer: NodeJS.Timeout }

class Browser {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private inbox = '';
  dead = false;
  private readonly onExit = () => this.kill();
  /** The session of the one page every job uses. */
  session = '';
  frameId = '';

  constructor(readonly child: ChildProcess, private userDataDir: string) {
    const out = child.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.receive(chunk));
    child.on('exit', () => this.died('Chromium 已退出'));
    child.on('error', (e) => this.died(`无法启动 Chromium：${e.message}`));
    process.on('exit', this.onExit);
  }

  private receive(chunk: string): void {
    this.inbox += chunk;
    let end: number;
    while ((end = this.inbox.indexOf('\0')) >= 0) {
      const text = this.inbox.slice(0, end);
      this.inbox = this.inbox.slice(end + 1);
      const msg = JSON.parse(text) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      if (msg.id == null) continue; // events: nothing here waits for them
      const p = this.pending.get(msg.id);
      if (!p) continue;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result ?? {});
    }
  }

  private died(why: string): void {
    if (this.dead) return;
    this.dead = true;
    process.off('exit', this.onExit);
    for (const p of this.pending.values()) { clearTimeout(p.timer); p.reject(new Error(why)); }
    this.pending.clear();
    fs.rmSync(this.userDataDir, { recursive: true, force: true });
  }

  send(method: string, params: Record<string, unknown> = {}, session = this.session): Promise<Record<string, unknown>> {
    if (this.dead) return Promise.reject(new Error('Chromium 已退出'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`${method}: 超时`)); this.kill(); }, COMMAND_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, method, timer });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(session ? { id, method, params, sessionId: session } : { id, method, params })}\0`);
    });
  }

  /** Whether the browser's handles keep the event loop alive (only while a job runs). */
  hold(on: boolean): void {
    for (const h of [this.child, this.child.stdio[3], this.child.stdio[4], this.child.stdio[2]] as ({ ref?: () => void; unref?: () => void } | null)[]) {
      if (on) h?.ref?.(); else h?.unref?.();
    }
  }

  kill(): void {
    if (this.child.pid && !this.dead) {
      try { process.kill(-this.child.pid, 'SIGKILL'); } catch { this.child.kill('SIGKILL'); }
    }
    this.died('Chromium 已关闭');
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    await Promise.race([this.send('Browser.close', {}, '').catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000).unref())]);
    this.kill();
  }
}

async function launch(env: Record<string, string>): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new AppError('internal', `找不到 Chromium（${CHROMIUM_PATH}），无法生成 PDF；可导出 .docx 或在浏览器中打印。`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));
  const child = spawn(CHROMIUM_PATH, [
    '--headless', '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`, '--no-sandbox', '--disable-gpu',
    '--font-render-hinting=none', '--hide-scrollbars', '--mute-audio', '--no-first-run', '--no-default-browser-check',
    '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32', env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (t: string) => { stderr = (stderr + t).slice(-2000); });
  const browser = new Browser(child, userDataDir);
  try {
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' }, '') as { targetId: string };
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true }, '') as { sessionId: string };
    browser.session = sessionId;
    await browser.send('Page.enable');
    const { frameTree } = await browser.send('Page.getFrameTree') as { frameTree: { frame: { id: string } } };
    browser.frameId = frameTree.frame.id;
  } catch (e) {
    browser.kill();
    throw new AppError('internal', `无法启动 Chromium 生成 PDF：${(e as Error).message} ${stderr.trim().split('\n').pop() ?? ''}`.trim());
  }
  return browser;
}

let current: Promise<Browser> | null = null;
let launches = 0;
let queue: Promise<unknown> = Promise.resolve();
let idleTimer: NodeJS.Timeout | null = null;
let launchEnv: Record<string, string> = {};

/** Environment for the next launch (the fontconfig file); a running browser keeps its own. */
export function setChromiumEnv(env: Record<string, string>): void {
  launchEnv = env;
}

async function browserAlive(): Promise<Browser> {
  if (current) {
    const b = await current.catch(() => null);
    if (b && !b.dead) return b;
  }
  launches++;
  current = launch(launchEnv);
  current.catch(() => { current = null; });
  return current;
}

/** Runs a job on the kept-open page, one job at a time; a browser that died is launched again once. */
export function withChromiumPage<T>(job: (b: Browser) => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    if (idleTimer) { clearTimeout(idleTimer); idleTimer = null; }
    // Keeps the process alive while the browser starts (its handles do not exist yet).
    const keep = setInterval(() => undefined, 1 << 30);
    let b: Browser | null = null;
    try {
      for (let attempt = 0; ; attempt++) {
        b = await browserAlive();
        b.hold(true);
        try {
          return await job(b);
        } catch (e) {
          const died = b.dead;
          // A failed job may leave the page crashed or half-loaded: the next job gets a fresh browser.
          b.kill();
          if (!died || attempt > 0) throw e;
        }
      }
    } finally {
      clearInterval(keep);
      if (b && !b.dead) b.hold(false);
      idleTimer = setTimeout(() => { void closeChromium(); }, IDLE_MS);
      idleTimer.unref();
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** Closes the kept-open browser (idle timeout, tests, shutdown); the next job launches another. */
export async function closeChromium(): Promise<void> {
  if (idleTimer) { clearTimeout(idleTimer); idleTimer = null; }
  const c = current;
  current = null;
  const b = c ? await c.catch(() => null) : null;
  await b?.close();
}

/** How many browsers this process launched and the running one's pid (tests and the bench). */
export async function chromiumState(): Promise<{ launches: number; pid: number | null }> {
  const b = current ? await current.catch(() => null) : null;
  return { launches, pid: b && !b.dead ? b.child.pid ?? null : null };
}

/** Puts a complete HTML document into the page and waits for its fonts. */
export async function loadHtml(b: Browser, html: string): Promise<void> {
  await b.send('Page.setDocumentContent', { frameId: b.frameId, html });
  await b.send('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => document.fonts.size)', awaitPromise: true, returnByValue: true });
}
