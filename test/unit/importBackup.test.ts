// An import is preceded by a verified backup of the ledger as it was (issue 7: "a backup before every import").
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { makeTempLedger } from '../fixtures/makeLedger';
import { listBackups } from '../../electron/services/backup/backups';
import { openLedger, closeLedger } from '../../electron/ledger/open';

const FIXTURE = path.resolve('test/fixtures/import/platform-utf8.csv');

test('committing an import first backs up the ledger; the backup holds the ledger before the import', () => {
  const t = makeTempLedger();
  try {
    const file = { fileName: 'platform-utf8.csv', base64: fs.readFileSync(FIXTURE).toString('base64') };
    expect(listBackups(t.ledger.path).filter((b) => b.kind === 'import')).toHaveLength(0);
    const summary = t.call('imports.commit', { file }) as { inserted: number };
    expect(summary.inserted).toBeGreaterThan(0);
    const backups = listBackups(t.ledger.path).filter((b) => b.kind === 'import');
    expect(backups).toHaveLength(1);
    const copy = openLedger(backups[0].file);
    try {
      expect((copy.db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n).toBe(0);
    } finally {
      closeLedger(copy);
    }
    // A preview writes nothing, and backs up nothing.
    t.call('imports.preview', { file });
    expect(listBackups(t.ledger.path).filter((b) => b.kind === 'import')).toHaveLength(1);
  } finally {
    t.close();
  }
});
