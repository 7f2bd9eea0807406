// `npm start` (after `npm run build`): the desktop app when Electron's binary is on this machine;
// otherwise the same app in a browser, on the same ledger file the desktop app would use.
//
// Electron's binary is not downloaded by `npm install` (package.json allowScripts denies its
// postinstall, so installing never needs Electron's servers). We must not `require('electron')`
// to find it either: when the binary is missing that call tries to download it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron executable installed under node_modules/electron, or null when it is absent. */
function electronBinary() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  // The same lookup as node_modules/electron/index.js, minus its download.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, relative || 'electron') : relative ? path.join(dir, 'dist', relative) : null;
  return binary && fs.existsSync(binary) ? binary : null;
}

/**
 * Whether better-sqlite3 loads in Electron's Node (a different ABI from the `node` that ran
 * `npm install`): run Electron as plain Node and open an in-memory database.
 */
function nativeModuleLoadsIn(binary) {
  const probe = spawnSync(binary, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
    timeout: 30_000,
  });
  return probe.status === 0;
}

function runElectron(binary) {
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Serves the app to a browser on the desktop app's own ledger; the URL (with its token) follows the notice. */
async function runInBrowser(notice) {
  const { tsImport } = await import('tsx/esm/api');
  const { defaultUserDataDir, ledgerPathIn } = await tsImport(pathToFileURL(path.join(root, 'electron/paths.ts')).href, import.meta.url);
  const { main } = await tsImport(pathToFileURL(path.join(root, 'electron/cli.ts')).href, import.meta.url);
  const userData = defaultUserDataDir();
  fs.mkdirSync(userData, { recursive: true });
  process.stdout.write(`${notice}\n`);
  process.exitCode = await main(['serve', '--db', ledgerPathIn(userData)]);
}

const binary = electronBinary();
if (!binary) {
  await runInBrowser('未找到 Electron 可执行文件（本机无法下载），改为在浏览器中打开：');
} else if (!nativeModuleLoadsIn(binary)) {
  await runInBrowser('数据库组件 better-sqlite3 是为 Node 编译的，Electron 无法加载，改为在浏览器中打开：');
} else {
  runElectron(binary);
}
