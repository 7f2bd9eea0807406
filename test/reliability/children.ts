// Child processes for the reliability tests: scripts bundled once with esbuild (a child starts in
// a fraction of a second instead of compiling TypeScript each time), then spawned and watched.
import { buildSync } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = path.join(ROOT, 'test-output', 'reliability', 'bin');

const banner = [
  "import { createRequire as __cr } from 'node:module';",
  'const require = __cr(import.meta.url);',
].join('\n');

/** test/reliability/<name>.ts bundled to an .mjs that node runs directly (rebuilt on every call: it takes a moment). */
export function bundledScript(name: string): string {
  const entry = path.join(ROOT, 'test', 'reliability', `${name}.ts`);
  const out = path.join(OUT_DIR, `${name}.mjs`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  // Test files run in parallel workers: each bundles to its own name, then renames (atomic).
  const partial = `${out}.${process.pid}-${Date.now()}.tmp.mjs`;
  buildSync({
    entryPoints: [entry],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'esbuild'],
    banner: { js: banner },
    logLevel: 'warning',
  });
  fs.renameSync(partial, out);
  return out;
}

export interface Watched {
  child: ChildProcess;
  /** Resolves with the first stdout line matching `re`. */
  waitFor(re: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves when the process has exited: its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

export function runNode(script: string, args: readonly string[], nodeArgs: readonly string[] = []): Watched {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (s: string) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    waitFor(re, timeoutMs) {
      const line = out.split('\n').find((l) => re.test(l));
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child did not print ${re} within ${timeoutMs} ms; stderr: ${err.slice(-500)}`)), timeoutMs);
        waiters.push({ re, resolve: (s) => { clearTimeout(timer); resolve(s); } });
        void exited.then(() => setTimeout(() => { clearTimeout(timer); reject(new Error(`child exited before printing ${re}; stderr: ${err.slice(-500)}`)); }, 50));
      });
    },
  };
}
