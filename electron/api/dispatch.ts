// The dispatcher: parse the input against the contract, run the handler (a write in one
// transaction), check the output, and wrap everything in the {ok, value | error} envelope.
import { z } from 'zod';
import { api, isMethodName } from '../../shared/api';
import { AppError, type Envelope } from '../../shared/result';
import { handlers } from './handlers';
import type { HandlerContext } from './context';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('；');
}

export function dispatch(ctx: HandlerContext, method: string, rawInput: unknown): Envelope<unknown> {
  try {
    if (!isMethodName(method)) throw new AppError('invalid_input', `没有这个接口：${method}`);
    const spec = api[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw new AppError('invalid_input', `请求参数不正确：${describeIssues(parsed.error)}`);
    const handler = handlers[method] as (c: HandlerContext, i: unknown) => unknown;
    let value: unknown;
    if (spec.kind === 'write') {
      const db = ctx.ledger.db;
      value = db.transaction(() => handler(ctx, parsed.data))();
      ctx.pager.invalidate();
    } else {
      value = handler(ctx, parsed.data);
    }
    return { ok: true, value: spec.output.parse(value) };
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
