// What a CLI command is, and how it reaches the ledger: through the same API as the app.
import type { OptionSpec, ParsedArgs } from './args';
import { openLedger, closeLedger, type Ledger } from '../ledger/open';
import { createContext, type HandlerContext } from '../api/context';
import { dispatch, dispatchAsync } from '../api/dispatch';
import { APP_VERSION, operatorName } from '../paths';
import { AppError } from '../../shared/result';
import type { MethodName, MethodInput, MethodOutput } from '../../shared/api';

export interface Out {
  json: boolean;
  print: (text: string) => void;
  printJson: (value: unknown) => void;
}

export interface Command {
  /** The words that name it: ['import'] or ['units', 'import']. */
  words: readonly string[];
  /** One usage line (after the command words) and what it does. */
  usage: string;
  options: OptionSpec;
  run: (args: ParsedArgs, out: Out) => void | Promise<void>;
}

/** Calls one API method the way the app would, turning an error envelope into an AppError. */
export function call<M extends MethodName>(ctx: HandlerContext, method: M, input: MethodInput<M>): MethodOutput<M> {
  const result = dispatch(ctx, method, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  return result.value as MethodOutput<M>;
}

/** The same for methods that answer asynchronously (files rendered by Chromium, docx, exceljs). */
export async function callAsync<M extends MethodName>(ctx: HandlerContext, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatchAsync(ctx, method, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  return result.value as MethodOutput<M>;
}

const cliContext = (ledger: Ledger) => createContext(ledger, { who: operatorName(), source: 'cli' }, APP_VERSION);

export function withLedger<T>(file: string, fn: (ctx: HandlerContext, ledger: Ledger) => T): T {
  const ledger = openLedger(file);
  try {
    return fn(cliContext(ledger), ledger);
  } finally {
    closeLedger(ledger);
  }
}

/** withLedger for work that answers asynchronously: the ledger stays open until the promise settles. */
export async function withLedgerAsync<T>(file: string, fn: (ctx: HandlerContext, ledger: Ledger) => Promise<T>): Promise<T> {
  const ledger = openLedger(file);
  try {
    return await fn(cliContext(ledger), ledger);
  } finally {
    closeLedger(ledger);
  }
}
