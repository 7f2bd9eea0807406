// The `hotline` command: the same services as the app, without a window.
// Exit 0 on success, 1 on a user error (one line on stderr), 2 on bad usage.
// Each command lives in cli/commands/<name>.ts; this file finds it and reports the outcome.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/result';
import { parseArgs, UsageError } from './cli/args';
import type { Command, Out } from './cli/command';
import { initCommand } from './cli/commands/init';
import { demoCommand } from './cli/commands/demo';
import { serveCommand } from './cli/commands/serve';
import { backupCommand, backupListCommand } from './cli/commands/backup';
import { restoreCommand } from './cli/commands/restore';
import { unitsImportCommand } from './cli/commands/unitsImport';
import { ordersListCommand } from './cli/commands/ordersList';
import { overdueCommand } from './cli/commands/overdue';
import { statsCommand } from './cli/commands/stats';
import { adjustImportCommand } from './cli/commands/adjustImport';
import { bulletinCommand } from './cli/commands/bulletin';
import { importCommand } from './cli/commands/import';
import { exportCommand } from './cli/commands/export';

export const COMMANDS: readonly Command[] = [
  initCommand,
  serveCommand,
  backupCommand, backupListCommand, restoreCommand,
  demoCommand,
  unitsImportCommand,
  ordersListCommand,
  overdueCommand,
  statsCommand,
  adjustImportCommand,
  bulletinCommand,
  importCommand, exportCommand,
];

export function usageText(): string {
  const lines = COMMANDS.map((c) => `  ${[...c.words, c.usage].join(' ')}`);
  return ['用法: npm run -s hotline -- <命令> [选项]', ...lines, '选项 --json 时 stdout 只输出 JSON。'].join('\n');
}

/** The command named by the first words of argv (the longest match), and the arguments after it. */
function findCommand(argv: readonly string[]): { command: Command; rest: readonly string[] } | null {
  const byLength = [...COMMANDS].sort((a, b) => b.words.length - a.words.length);
  for (const command of byLength) {
    if (command.words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(command.words.length) };
  }
  return null;
}

export async function main(argv: readonly string[]): Promise<number> {
  const out: Out = {
    json: argv.includes('--json'),
    print: (t) => process.stdout.write(`${t}\n`),
    printJson: (v) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
  };
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') { out.print(usageText()); return 0; }
    const found = findCommand(argv);
    if (!found) throw new UsageError(`未知命令：${argv.filter((a) => !a.startsWith('--')).slice(0, 2).join(' ')}`);
    const args = parseArgs(found.rest, found.command.options);
    if (args.options.has('help')) { out.print(usageText()); return 0; }
    await found.command.run(args, out);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${usageText()}\n`);
      return 2;
    }
    const message = e instanceof AppError ? e.message : `内部错误：${(e as Error).message}`;
    process.stderr.write(`${message.replace(/\n/g, ' ')}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
