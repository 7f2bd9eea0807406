// Process boundaries, checked on the source rather than hoped for: the renderer never reaches
// Node or the main process, shared/ stays pure (usable on both sides), the main side never
// imports the renderer, and the ledger, services, API, CLI and HTTP transport never import
// Electron (so the CLI, `hotline serve` and these tests run the same code without a window).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs)$/;

/** Repository-relative paths of the source files under a top-level folder. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) { if (entry.name !== 'node_modules') walk(child); }
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(child);
    }
  };
  if (fs.existsSync(path.join(ROOT, dir))) walk(dir);
  return out;
}

/** Every module specifier a file names: static and type imports, re-exports, import(), require(). */
function specifiersOf(code: string): string[] {
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of withoutComments.matchAll(re)) found.push(m[1]);
  return found;
}

/** What a specifier points at: 'file:<repo path>' for relative ones, else the package name. */
function targetOf(fromFile: string, spec: string): string {
  if (spec.startsWith('.')) return `file:${path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec))}`;
  return spec;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNode = (t: string) => t.startsWith('node:') || NODE_BUILTINS.has(t) || NODE_BUILTINS.has(t.split('/')[0]);
const under = (dir: string) => (t: string) => t === `file:${dir}` || t.startsWith(`file:${dir}/`);
const isPackage = (...names: string[]) => (t: string) => names.some((n) => t === n || t.startsWith(`${n}/`));

interface Rule { files: (f: string) => boolean; forbidden: (target: string) => boolean; why: string }

const RULES: Rule[] = [
  { files: (f) => f.startsWith('renderer/'), forbidden: under('electron'), why: 'the renderer reaches the main side only through renderer/api.ts' },
  { files: (f) => f.startsWith('renderer/'), forbidden: (t) => isNode(t) || isPackage('electron', 'better-sqlite3')(t), why: 'the renderer runs sandboxed, without Node' },
  { files: (f) => f.startsWith('shared/'), forbidden: (t) => under('electron')(t) || under('renderer')(t), why: 'shared/ is imported by both sides and imports neither' },
  { files: (f) => f.startsWith('shared/'), forbidden: (t) => isNode(t) || isPackage('electron', 'react', 'react-dom', 'better-sqlite3', 'ag-grid-community', 'ag-grid-react', 'echarts')(t), why: 'shared/ stays pure: no Node, no Electron, no UI library, no database' },
  { files: (f) => f.startsWith('electron/'), forbidden: under('renderer'), why: 'the main side does not import the renderer' },
  {
    files: (f) => /^electron\/(ledger|services|api|cli)\//.test(f) || f === 'electron/cli.ts' || f === 'electron/transport/http.ts',
    forbidden: isPackage('electron'),
    why: 'the ledger, services, API, CLI and HTTP transport run without Electron',
  },
];

/** "file → target (why)" for every import that breaks a rule. */
function violations(files: { file: string; code: string }[]): string[] {
  const out: string[] = [];
  for (const { file, code } of files) {
    for (const spec of specifiersOf(code)) {
      const target = targetOf(file, spec);
      for (const rule of RULES) if (rule.files(file) && rule.forbidden(target)) out.push(`${file} → ${spec} (${rule.why})`);
    }
  }
  return out;
}

describe('process boundaries', () => {
  it('the checker sees each kind of import and each kind of breach', () => {
    const code = [
      "import { openLedger } from '../../electron/ledger/open';",
      "import type { Db } from '../../electron/ledger/open';",
      "export { x } from '../../electron/api/dispatch';",
      "import fs from 'fs';",
      "const p = await import('node:path');",
      "const e = require('electron');",
      "import './side-effect';",
      "// import bad from 'node:os'  (a comment, not an import)",
      "import {\n  a,\n  b,\n} from 'react';",
    ].join('\n');
    expect(specifiersOf(code)).toEqual(expect.arrayContaining(['../../electron/ledger/open', '../../electron/api/dispatch', 'fs', 'node:path', 'electron', './side-effect', 'react']));
    expect(specifiersOf(code)).not.toContain('node:os');
    expect(violations([{ file: 'renderer/pages/LedgerPage.tsx', code }])).toHaveLength(6);
    expect(violations([{ file: 'shared/fields.ts', code: "import { useState } from 'react';\nimport crypto from 'node:crypto';\nimport { x } from '../electron/paths';" }])).toHaveLength(3);
    expect(violations([{ file: 'electron/ledger/units.ts', code: "import { app } from 'electron';\nimport { call } from '../../renderer/api';" }])).toHaveLength(2);
    expect(violations([{ file: 'electron/main.ts', code: "import { app } from 'electron';\nimport { z } from 'zod';" }])).toEqual([]);
    expect(violations([{ file: 'renderer/api.ts', code: "import type { MethodName } from '../shared/api';" }])).toEqual([]);
  });

  it('no source file crosses a boundary', () => {
    const files = ['renderer', 'shared', 'electron'].flatMap(sourceFiles).map((file) => ({ file, code: fs.readFileSync(path.join(ROOT, file), 'utf8') }));
    expect(files.filter((f) => f.file.startsWith('shared/')).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.file.startsWith('electron/ledger/')).length).toBeGreaterThan(3);
    expect(violations(files)).toEqual([]);
  });
});
