// The Electron shell without Electron (its binary cannot be downloaded here): the security
// decisions as pure functions, the built bundles (the real dist/electron/main.js run under Node
// with a recording stand-in for the 'electron' module), and `npm start`'s browser fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { secureWebPreferences, isNavigationAllowed, isPermissionGranted } from '../../electron/window';
import { answerIpcCall, isTrustedSender, IPC_CHANNEL } from '../../electron/transport/ipc';
import { resolveAppFile, appResponseHeaders } from '../../electron/protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { APP_NAME, ledgerPathIn } from '../../electron/paths';
import { TOKEN_HEADER } from '../../electron/transport/http';
import { makeTempDir, makeTempLedger } from '../fixtures/makeLedger';

const root = path.resolve(__dirname, '..', '..');
const dist = (...p: string[]) => path.join(root, 'dist', ...p);

describe('window rules', () => {
  it('locks the web preferences down and keeps our preload as the only bridge', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs', { devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.experimentalFeatures).not.toBe(true);
  });

  it('lets the window go only to the app itself', () => {
    expect(isNavigationAllowed('app://ledger/')).toBe(true);
    expect(isNavigationAllowed('app://ledger/index.html#/units')).toBe(true);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/', 'javascript:alert(1)', 'about:blank']) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
  });

  it('grants the clipboard to our page only, and nothing else to anyone', () => {
    expect(isPermissionGranted('clipboard-read', 'app://ledger/')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://ledger')).toBe(true);
    expect(isPermissionGranted('clipboard-read', 'https://example.com/')).toBe(false);
    expect(isPermissionGranted('clipboard-read', undefined)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'unknown']) {
      expect(isPermissionGranted(p, 'app://ledger/'), p).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  it('accepts only live app://ledger frames', () => {
    expect(isTrustedSender({ url: 'app://ledger/' })).toBe(true);
    expect(isTrustedSender({ url: 'app://ledger/index.html#/ledger' })).toBe(true);
    for (const url of ['http://127.0.0.1:3000/', 'file:///C:/app/index.html', 'app://ledger.evil/', 'app://evil/', 'https://ledger/', '', 'not a url']) {
      expect(isTrustedSender({ url }), url).toBe(false);
    }
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('answers a trusted frame through the dispatcher and refuses anyone else without touching the ledger', async () => {
    const t = makeTempLedger();
    try {
      const ok = await answerIpcCall(t.ctx, { url: 'app://ledger/' }, 'app.info', {});
      expect(ok).toMatchObject({ ok: true, value: { ledgerPath: t.ledger.path, orderCount: 0 } });
      const before = t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get();
      const refused = await answerIpcCall(t.ctx, { url: 'https://example.com/' }, 'settings.set', { key: 'ui.x', value: '1' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get()).toEqual(before);
      expect(await answerIpcCall(t.ctx, null, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await answerIpcCall(t.ctx, { url: 'app://ledger/' }, 42, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await answerIpcCall(t.ctx, { url: 'app://ledger/' }, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      t.close();
    }
  });
});

describe('app:// files', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let site: string;
  beforeAll(() => {
    tmp = makeTempDir('hotline-shell-');
    site = path.join(tmp.dir, 'renderer');
    fs.mkdirSync(path.join(site, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(site, 'assets', 'app.js'), '');
    fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
  });
  afterAll(() => tmp.remove());

  it('serves files of the built renderer and index.html for routes', () => {
    expect(resolveAppFile(site, 'app://ledger/assets/app.js')).toBe(path.join(site, 'assets', 'app.js'));
    expect(resolveAppFile(site, 'app://ledger/')).toBe(path.join(site, 'index.html'));
    expect(resolveAppFile(site, 'app://ledger/units')).toBe(path.join(site, 'index.html'));
    expect(resolveAppFile(site, 'app://ledger/assets/')).toBe(path.join(site, 'index.html'));
  });

  it('never reaches outside the renderer folder', () => {
    for (const url of [
      'app://ledger/../secret.txt',
      'app://ledger/%2e%2e/secret.txt',
      'app://ledger/..%2fsecret.txt',
      'app://ledger/..%5csecret.txt',
      'app://ledger/assets/..%2f..%2fsecret.txt',
      'app://ledger/%2e%2e%2f%2e%2e%2fsecret.txt',
    ]) {
      const file = resolveAppFile(site, url);
      expect(file === null || file.startsWith(site + path.sep), url).toBe(true);
      expect(file, url).not.toBe(path.join(tmp.dir, 'secret.txt'));
    }
    expect(resolveAppFile(site, 'app://ledger/a%00.js')).toBeNull();
    expect(resolveAppFile(site, 'app://ledger/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(site, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(site, 'file:///etc/passwd')).toBeNull();
  });

  it('sends the CSP and the right type with every file', () => {
    expect(appResponseHeaders('/x/index.html')).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    });
    expect(appResponseHeaders('/x/a.js')['Content-Type']).toBe('text/javascript; charset=utf-8');
  });
});

// --- The built bundles ------------------------------------------------------------------------

/** Builds dist/electron (and dist/renderer when it is missing, so the served page is real). */
function buildBundles(): void {
  const r = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr + r.stdout, 'the build is quiet when it succeeds').toBe('');
  if (!fs.existsSync(dist('renderer', 'index.html'))) {
    const v = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { cwd: root, encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
  }
}

/**
 * A stand-in for the 'electron' module that records what main.js does and, once the window loads
 * its URL, drives it like Chromium would: requests app:// files, calls over IPC from a trusted and
 * an untrusted frame, tries to navigate away and open a window. It prints one JSON report.
 */
const FAKE_ELECTRON = String.raw`
import { EventEmitter } from 'node:events';
const report = { switches: {}, schemes: null, handled: [], ipcChannel: null, menu: 'unset', errorBox: null, window: null };
let ipcHandler = null, protocolHandler = null, permissionCheck = null;
function finish(extra) { process.stdout.write(JSON.stringify({ ...report, ...extra }) + '\n'); process.exit(0); }
export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  commandLine: { appendSwitch: (k, v) => { report.switches[k] = v; } },
  requestSingleInstanceLock: () => true,
  getPath: (name) => name === 'userData' ? process.env.FAKE_USER_DATA : '/nonexistent',
  whenReady: () => Promise.resolve(),
  quit: () => finish({ quit: true }),
  exit: (code) => finish({ exitCode: code }),
});
export const protocol = { registerSchemesAsPrivileged: (s) => { report.schemes = s; } };
export const session = { defaultSession: {
  protocol: { handle: (scheme, fn) => { report.handled.push(scheme); protocolHandler = fn; } },
  setPermissionRequestHandler() {}, setPermissionCheckHandler(fn) { permissionCheck = fn; }, setDevicePermissionHandler() {},
} };
export const ipcMain = { handle: (ch, fn) => { report.ipcChannel = ch; ipcHandler = fn; }, removeHandler() {} };
export const Menu = { setApplicationMenu: (m) => { report.menu = m; } };
export const dialog = { showErrorBox: (title, text) => { report.errorBox = { title, text }; } };
export class Notification { static isSupported() { return false; } }
export class BrowserWindow extends EventEmitter {
  constructor(opts) {
    super();
    this.opts = opts;
    this.webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: (fn) => { this.openHandler = fn; }, toggleDevTools() {} });
  }
  isMinimized() { return false; }
  async loadURL(url) {
    const get = async (u) => { const r = await protocolHandler(new Request(u)); return { status: r.status, type: r.headers.get('content-type'), csp: r.headers.get('content-security-policy'), body: (await r.text()).slice(0, 200) }; };
    const nav = (url) => { let prevented = false; this.webContents.emit('will-navigate', { url, preventDefault: () => { prevented = true; } }); return prevented; };
    const titleEvent = { prevented: false, preventDefault() { this.prevented = true; } };
    this.emit('page-title-updated', titleEvent, '别的标题');
    finish({
      window: { title: this.opts.title, webPreferences: this.opts.webPreferences, titleKept: titleEvent.prevented },
      loadedUrl: url,
      page: await get(url),
      traversal: await get('app://ledger/..%2f..%2fpackage.json'),
      ipcTrusted: await ipcHandler({ senderFrame: { url: 'app://ledger/' } }, 'app.info', {}),
      ipcUntrusted: await ipcHandler({ senderFrame: { url: 'http://127.0.0.1:9/' } }, 'app.info', {}),
      navigationToWebPrevented: nav('https://example.com/'),
      navigationInAppPrevented: nav('app://ledger/index.html'),
      openWindow: this.openHandler({ url: 'https://example.com/' }),
      cameraAllowed: permissionCheck(null, 'media', 'app://ledger', {}),
    });
  }
}
`;
import { builtinModules } from 'node:module';

/** Node's own modules (bundled libraries import some without the node: prefix): present in Electron. */
const isNodeBuiltin = (s: string) => s.startsWith('node:') || builtinModules.includes(s);

interface MainReport {
  switches: Record<string, string>;
  schemes: { scheme: string; privileges: Record<string, boolean> }[] | null;
  handled: string[];
  ipcChannel: string | null;
  menu: unknown;
  errorBox: { title: string; text: string } | null;
  exitCode?: number;
  window: { title: string; webPreferences: Record<string, unknown>; titleKept: boolean } | null;
  loadedUrl?: string;
  page?: { status: number; type: string; csp: string; body: string };
  traversal?: { status: number; body: string };
  ipcTrusted?: { ok: boolean; value?: { ledgerPath: string } };
  ipcUntrusted?: { ok: boolean; error?: { code: string } };
  navigationToWebPrevented?: boolean;
  navigationInAppPrevented?: boolean;
  openWindow?: { action: string };
  cameraAllowed?: boolean;
}

describe('built bundles', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let registerUrl: string;

  beforeAll(() => {
    buildBundles();
    tmp = makeTempDir('hotline-shell-');
    const fake = path.join(tmp.dir, 'fake-electron.mjs');
    fs.writeFileSync(fake, FAKE_ELECTRON);
    fs.writeFileSync(
      path.join(tmp.dir, 'hooks.mjs'),
      `export async function resolve(s, c, next) { return s === 'electron' ? { url: ${JSON.stringify(pathToFileURL(fake).href)}, shortCircuit: true } : next(s, c); }\n`,
    );
    fs.writeFileSync(path.join(tmp.dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    registerUrl = pathToFileURL(path.join(tmp.dir, 'register.mjs')).href;
  }, 180_000);
  afterAll(() => tmp?.remove());

  function runMain(userData: string): Promise<MainReport> {
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', registerUrl, dist('electron', 'main.js')],
        { cwd: tmp.dir, env: { ...process.env, FAKE_USER_DATA: userData }, timeout: 30_000 },
        (err, stdout, stderr) => {
          if (err) return reject(new Error(`${err.message}\n${stderr}`));
          resolve(JSON.parse(stdout.trim().split('\n').pop()!) as MainReport);
        },
      );
    });
  }

  it('preload.cjs is CommonJS that requires only electron and exposes only hotline.call', () => {
    const code = fs.readFileSync(dist('electron', 'preload.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(code.match(/exposeInMainWorld\(/g)).toHaveLength(1);

    // Run it the way a sandboxed preload runs: a CommonJS wrapper whose require gives only 'electron'.
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api; } },
      ipcRenderer: { invoke: (...args: unknown[]) => { invoked.push(args); return Promise.resolve({ ok: true, value: 1 }); } },
    };
    const module = { exports: {} };
    const fakeRequire = (id: string) => {
      if (id !== 'electron') throw new Error(`preload required ${id}`);
      return electron;
    };
    vm.runInNewContext(`(function (exports, require, module) {${code}\n})`, {})(module.exports, fakeRequire, module);
    expect(Object.keys(exposed)).toEqual(['hotline']);
    const hotline = exposed.hotline as { call: (m: string, i: unknown) => Promise<unknown> };
    expect(Object.keys(hotline)).toEqual(['call']);
    void hotline.call('orders.page', { offset: 0 });
    expect(invoked).toEqual([[IPC_CHANNEL, 'orders.page', { offset: 0 }]]);
  });

  it('main.js is an ES module that leaves only electron and better-sqlite3 outside the bundle', () => {
    const code = fs.readFileSync(dist('electron', 'main.js'), 'utf8');
    const bare = new Set(
      [...code.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm)].map((m) => m[1]).filter((s) => !isNodeBuiltin(s)),
    );
    expect([...bare].sort()).toEqual(['better-sqlite3', 'electron']);
  });

  it('the installer ships every module main.js leaves outside the bundle, the native one unpacked', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const code = fs.readFileSync(dist('electron', 'main.js'), 'utf8');
    const externals = [...code.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"'./][^"']*)["'];?$/gm)]
      .map((m) => m[1])
      .filter((s) => !isNodeBuiltin(s) && s !== 'electron');
    // Their run-time dependency closure (prebuild-install only runs when installing).
    const needed = new Set<string>();
    const visit = (name: string) => {
      if (needed.has(name) || name === 'prebuild-install') return;
      needed.add(name);
      const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      Object.keys(pkg.dependencies ?? {}).forEach(visit);
    };
    externals.forEach(visit);
    expect([...needed].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
    expect(yml).toMatch(/^\s+- "!node_modules\/\*\*"$/m);
    for (const name of needed) expect(yml, name).toMatch(new RegExp(`^\\s+- node_modules/${name}/`, 'm'));
    expect(yml).toMatch(/^\s+- node_modules\/better-sqlite3\/build\/Release\/better_sqlite3\.node$/m);
    expect(yml).toMatch(/^asarUnpack:\n\s+- "node_modules\/better-sqlite3\/\*\*\/\*\.node"$/m);
    expect(yml).toMatch(/^npmRebuild: true$/m);
    expect(yml).toMatch(/^productName: 12345热线台账$/m);
    expect(yml).toMatch(/^nsis:\n(?:\s.*\n)*?\s+oneClick: false$/m);
    expect(yml).toMatch(/^\s+allowToChangeInstallationDirectory: true$/m);
    expect(yml).toMatch(/^\s+installerLanguages:\n\s+- zh_CN$/m);
    expect(yml).toMatch(/^\s+deleteAppDataOnUninstall: false$/m);
    expect(yml).toMatch(/^linux:\n\s+target:\n\s+- target: AppImage$/m);
    expect(yml).toMatch(/^\s+runAsNode: false$/m);
  });

  it('main.js opens the ledger in userData, serves app:// with the CSP and answers IPC from the app only', async () => {
    const userData = path.join(tmp.dir, 'userData-new', APP_NAME); // not created yet: main must create it
    const r = await runMain(userData);
    expect(r.errorBox).toBeNull();
    expect(r.switches.lang).toBe('zh-CN');
    expect(r.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(r.handled).toEqual(['app']);
    expect(r.ipcChannel).toBe(IPC_CHANNEL);
    expect(r.window!.title).toBe('12345热线台账');
    expect(r.window!.titleKept).toBe(true);
    expect(r.window!.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(r.window!.webPreferences.preload).toBe(dist('electron', 'preload.cjs'));
    expect(r.loadedUrl).toBe('app://ledger/');
    expect(r.page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY });
    expect(r.page!.body.toLowerCase()).toContain('<!doctype html');
    expect(r.traversal!.body).not.toContain('"name": "hotline-ledger"');
    expect(r.ipcTrusted).toMatchObject({ ok: true, value: { ledgerPath: ledgerPathIn(userData) } });
    expect(r.ipcUntrusted).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(r.navigationToWebPrevented).toBe(true);
    expect(r.navigationInAppPrevented).toBe(false);
    expect(r.openWindow).toEqual({ action: 'deny' });
    expect(r.cameraAllowed).toBe(false);
    expect(fs.existsSync(ledgerPathIn(userData))).toBe(true);
  }, 60_000);

  it('main.js refuses a ledger from a newer version with a dialog, leaves it untouched and quits', async () => {
    const userData = path.join(tmp.dir, 'userData-newer');
    fs.mkdirSync(userData, { recursive: true });
    const file = ledgerPathIn(userData);
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const before = fs.readFileSync(file);
    const r = await runMain(userData);
    expect(r.exitCode).toBe(1);
    expect(r.window).toBeNull();
    expect(r.errorBox!.title).toContain('无法打开台账');
    expect(r.errorBox!.text).toContain('更新版本');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});

// --- npm start without Electron -----------------------------------------------------------------

describe('npm start without an Electron binary', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let child: ChildProcess | null = null;

  beforeAll(() => {
    tmp = makeTempDir('hotline-start-');
    if (!fs.existsSync(dist('renderer', 'index.html'))) buildBundles();
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    tmp?.remove();
  });

  /** The first `count` lines the process prints on stdout. */
  function firstLines(proc: ChildProcess, count: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      let text = '';
      let errText = '';
      proc.stderr!.on('data', (d: Buffer) => { errText += d.toString(); });
      proc.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        const lines = text.split('\n');
        if (lines.length > count) resolve(lines.slice(0, count));
      });
      proc.once('exit', (code) => reject(new Error(`start.mjs exited (${code}) before printing ${count} lines:\n${text}\n${errText}`)));
    });
  }

  it('says so in one line, then serves the app on the default ledger and prints its URL', async () => {
    const home = path.join(tmp.dir, 'home');
    const config = path.join(home, 'config'); // does not exist yet
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: config, ELECTRON_OVERRIDE_DIST_PATH: path.join(tmp.dir, 'no-electron') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [notice, url] = await firstLines(child, 2);
    expect(notice).toBe('未找到 Electron 可执行文件（本机无法下载），改为在浏览器中打开：');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);

    const origin = new URL(url).origin;
    const token = new URL(url).hash.replace('#token=', '');
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await page.text()).toLowerCase()).toContain('<!doctype html');

    const info = await fetch(`${origin}/api/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: '{}',
    });
    const body = (await info.json()) as { ok: boolean; value: { ledgerPath: string } };
    const expected = ledgerPathIn(path.join(config, APP_NAME));
    expect(body).toMatchObject({ ok: true, value: { ledgerPath: expected } });
    expect(fs.existsSync(expected)).toBe(true);
  }, 60_000);
});
