// Power cut in the middle of a big write: a child process importing a batch of 100,000 orders in
// one transaction, or recomputing every order's deadlines, is killed with SIGKILL at random moments.
// After each kill the ledger opens, passes integrity_check, and holds all of the batch or none.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashTrials } from '../reliability/crash';

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-crash-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

// Bounded for the unit suite (two shared cores); `npm run reliability` runs many more.
const IMPORT_TRIALS = Number(process.env.HOTLINE_CRASH_TRIALS ?? 6);
const RECOMPUTE_TRIALS = Number(process.env.HOTLINE_CRASH_TRIALS ?? 10);
// The import batch is the 100,000 orders; the recompute goes over 20,000 orders here
// (100,000 in `npm run reliability`) so ten kills of each kind fit the unit suite.
const IMPORT_BATCH = 100_000;
const RECOMPUTE_ORDERS = Number(process.env.HOTLINE_CRASH_RECOMPUTE ?? 20_000);

describe('SIGKILL in the middle of a write', () => {
  it('of an import of 100,000 orders leaves all of the batch or none, and an intact ledger', async () => {
    const r = await runCrashTrials({ mode: 'import', trials: IMPORT_TRIALS, batch: IMPORT_BATCH, workDir });
    expect(r.failures).toEqual([]);
    expect(r.survived).toBe(IMPORT_TRIALS);
    expect(r.killedMidway).toBeGreaterThan(0); // the kills really fell inside the write
  }, 900_000);

  it('of a recompute of every order\'s deadlines leaves all rows recomputed or none', async () => {
    const r = await runCrashTrials({ mode: 'recompute', trials: RECOMPUTE_TRIALS, batch: RECOMPUTE_ORDERS, workDir });
    expect(r.failures).toEqual([]);
    expect(r.survived).toBe(RECOMPUTE_TRIALS);
    expect(r.killedMidway).toBeGreaterThan(0);
  }, 900_000);
});
