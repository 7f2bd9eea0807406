// Bundles the main process and the preload into dist/electron/ with esbuild.
// main.js: ESM (package.json is "type": "module"; Electron ≥ 28 loads an ESM main), everything
//   bundled except 'electron' (provided by the runtime) and 'better-sqlite3' (a native module,
//   loaded from node_modules, unpacked from the asar by electron-builder).
// preload.cjs: CommonJS, because a sandboxed preload cannot load ES modules; only 'electron' is
//   external, and a sandboxed preload may require nothing else.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');
// Electron 45 runs Node 22 and Chromium 142.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome142';

// Bundled CommonJS dependencies may call require() or read __dirname; give the ESM bundle both.
const esmBanner = [
  "import { createRequire as __hotlineCreateRequire } from 'node:module';",
  "import { fileURLToPath as __hotlineFileURLToPath } from 'node:url';",
  "import { dirname as __hotlineDirname } from 'node:path';",
  'const require = __hotlineCreateRequire(import.meta.url);',
  'const __filename = __hotlineFileURLToPath(import.meta.url);',
  'const __dirname = __hotlineDirname(__filename);',
].join('\n');

const common = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  charset: 'utf8',
};

fs.rmSync(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.js',
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    // A new external here must also be listed in electron-builder.yml's files.
    external: ['electron', 'better-sqlite3'],
    banner: { js: esmBanner },
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
  }),
]);
