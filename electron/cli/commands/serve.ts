import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { intOption, requireDb, stringOption, UsageError } from '../args';
import type { Command, Out } from '../command';
import { openLedger, closeLedger } from '../../ledger/open';
import { createContext } from '../../api/context';
import { startHttpServer } from '../../transport/http';
import { APP_VERSION, operatorName } from '../../paths';
import { assertLedgerIntact } from '../../services/integrity';
import { reportDailyBackup } from '../../services/backup/backups';

/** dist/renderer of the project this file belongs to (run from source by tsx, or bundled in dist/). */
export function rendererDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'renderer');
}

/** Serves the ledger to a browser until SIGINT/SIGTERM; the URL (with its token) is stdout's first line. */
export async function serveLedger(file: string, opts: { port: number }, out: Out): Promise<void> {
  assertLedgerIntact(file); // a damaged ledger is never opened for writing: the message names the newest good backup
  const ledger = openLedger(file);
  reportDailyBackup(ledger.path);
  const ctx = createContext(ledger, { who: operatorName(), source: 'ui' }, APP_VERSION);
  const server = await startHttpServer({ ctx, rendererDir: rendererDir(), port: opts.port, host: '127.0.0.1' });
  out.print(server.url);
  process.stderr.write(`台账：${ledger.path}\n按 Ctrl+C 停止。\n`);
  const stop = async () => {
    await server.close();
    closeLedger(ledger);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {}); // serve until stopped
}

export const serveCommand: Command = {
  words: ['serve'],
  usage: '--db FILE [--port N]              在 127.0.0.1 上提供浏览器界面，第一行输出访问地址',
  options: { values: ['db', 'port', 'host'] },
  async run(p, out) {
    const host = stringOption(p, 'host') ?? '127.0.0.1';
    if (host !== '127.0.0.1' && host !== 'localhost') throw new UsageError('出于安全考虑，只能在 127.0.0.1 上提供服务');
    await serveLedger(requireDb(p), { port: intOption(p, 'port', 0) }, out);
  },
};
