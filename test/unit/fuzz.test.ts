// Hostile spreadsheets: mutated real files and hand-made attacks (zip bombs, deep XML, entity
// expansion, huge shared-string tables, formulas, external links, absurd dimensions) go through
// the spreadsheet reader and the order importer, each in a child process with a 10 s limit and a
// 1 GB heap. Every file is read or refused with a Chinese message; a refused import changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFuzz } from '../reliability/fuzz';

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-fuzz-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('hostile spreadsheets', () => {
  it('are read or refused with a message: no crash, no hang over 10 s, no memory over 1 GB', async () => {
    const lines: string[] = [];
    const r = await runFuzz({ seconds: Number(process.env.HOTLINE_FUZZ_SECONDS ?? 15), workDir, log: (s) => lines.push(s) });
    expect(r.failures).toEqual([]);
    expect(r.cases).toBeGreaterThan(40);
    expect(r.peakRssMb).toBeLessThan(1024);
    const line = (name: string) => lines.find((l) => l.startsWith(`  ${name}:`)) ?? '';
    // The attacks are refused by both readers, in Chinese.
    for (const bomb of ['zip-bomb-300MB', 'zip-bomb-lying-sizes-300MB']) {
      expect(line(bomb)).toMatch(/readSheetRows refused（AppError: 文件 \S+ 解压后/);
      expect(line(bomb)).toMatch(/imports\.commit refused/);
    }
    // A cell past Excel's last column is a damaged file, refused before anything walks the row.
    expect(line('cell-past-excel-columns')).toMatch(/readSheetRows refused（AppError: 文件 wide\.xlsx 第 2 行超过 Excel 的最大列数.*imports\.commit refused（文件 wide\.xlsx 第 2 行超过/);
    // Entities are never expanded or fetched: the cell holds at most the literal text.
    for (const name of ['billion-laughs-sheet', 'billion-laughs-sst', 'external-entity']) expect(line(name)).toMatch(/readSheetRows read/);
    // Formulas are not evaluated; the importer asks for values instead.
    expect(line('formula-cells')).toMatch(/imports\.commit refused（文件 formulas\.xlsx 含公式/);
    expect(line('external-link')).toMatch(/imports\.commit refused/);
  }, 180_000);
});
