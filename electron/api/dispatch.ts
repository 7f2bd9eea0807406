// The dispatcher: parse the input against the contract, run the handler (a write in one
// transaction), check the output, and wrap everything in the {ok, value | error} envelope.
import { z } from 'zod';
import { api, isMethodName } from '../../shared/api';
import type { MethodSpec } from '../../shared/contract/common';
import { AppError, type Envelope } from '../../shared/result';
import { handlers } from './handlers';
import type { HandlerContext } from './context';

// zod's own messages (unknown key, wrong type, too small) reach the clerk inside ours: in Chinese.
z.config(z.locales.zhCN());

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('；');
}

type AnyHandler = (c: HandlerContext, i: unknown) => unknown;

/** The method's spec, its handler and the parsed input, or an AppError saying what is wrong. */
function prepare(method: string, rawInput: unknown) {
  if (!isMethodName(method)) throw new AppError('invalid_input', `没有这个接口：${method}`);
  const spec: MethodSpec = api[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new AppError('invalid_input', `请求参数不正确：${describeIssues(parsed.error)}`);
  return { spec, handler: handlers[method] as AnyHandler, input: parsed.data as unknown };
}

function checkedOutput(method: string, output: z.ZodType, value: unknown): unknown {
  if (value instanceof Promise) throw new AppError('internal', `内部错误：接口 ${method} 是异步的，须经 dispatchAsync 调用`);
  const checked = output.safeParse(value);
  if (!checked.success) throw new AppError('internal', `内部错误：接口 ${method} 的返回值不符合约定（${describeIssues(checked.error)}）`);
  return checked.data;
}

type Prepared = ReturnType<typeof prepare>;

/** Runs a prepared synchronous call: a read directly, a write in one transaction. */
function runSync(ctx: HandlerContext, method: string, { spec, handler, input }: Prepared): unknown {
  // The output is checked inside the write's transaction: a caller told that a write failed
  // must be able to trust that nothing of it was kept.
  const run = () => checkedOutput(method, spec.output, handler(ctx, input));
  if (spec.kind !== 'write') return run();
  // IMMEDIATE: take the write lock first, so a second program's write makes this one wait
  // (busy_timeout) instead of failing at once when a read inside the transaction tries to upgrade.
  const value = ctx.ledger.db.transaction(run).immediate();
  ctx.pager.invalidate();
  ctx.checkpoints.afterWrite();
  return value;
}

/**
 * Runs one call synchronously: reads directly, writes in one transaction. A write is always
 * synchronous (a better-sqlite3 transaction cannot span an await), so nothing of a failed write is kept.
 */
export function dispatch(ctx: HandlerContext, method: string, rawInput: unknown): Envelope<unknown> {
  try {
    return { ok: true, value: runSync(ctx, method, prepare(method, rawInput)) };
  } catch (e) {
    return { ok: false, error: errorInfoOf(e) };
  }
}

/**
 * What the transports use: like dispatch, but an 'asyncRead' handler's promise is awaited (files
 * made by Chromium, docx or exceljs are produced asynchronously). Writes take the synchronous path.
 */
export async function dispatchAsync(ctx: HandlerContext, method: string, rawInput: unknown): Promise<Envelope<unknown>> {
  try {
    const prepared = prepare(method, rawInput);
    if (prepared.spec.kind !== 'asyncRead') return { ok: true, value: runSync(ctx, method, prepared) };
    return { ok: true, value: checkedOutput(method, prepared.spec.output, await prepared.handler(ctx, prepared.input)) };
  } catch (e) {
    return { ok: false, error: errorInfoOf(e) };
  }
}

export function errorInfoOf(e: unknown) {
  if (e instanceof AppError) return e.toInfo();
  const message = e instanceof Error ? e.message : String(e);
  if (/SQLITE_BUSY|database is locked/.test(message)) {
    return { code: 'conflict' as const, message: '台账正被另一个程序写入，请稍后重试' };
  }
  if (/SQLITE_FULL|disk is full|ENOSPC/.test(message)) {
    return { code: 'internal' as const, message: '磁盘空间不足，未写入任何内容' };
  }
  if (/SQLITE_READONLY|readonly database/.test(message)) {
    return { code: 'forbidden' as const, message: '台账文件只读，未写入任何内容' };
  }
  return { code: 'internal' as const, message: `内部错误：${message}` };
}
