// The Electron transport: one IPC channel, 'hotline:call', answered by the same dispatcher as the
// HTTP transport. Only the app's own page (an app://ledger frame) may call it: a frame that is
// somewhere else (navigation is denied, but defence in depth) or already gone gets 'forbidden'.
import type { IpcMain } from 'electron';
import type { Envelope } from '../../shared/result';
import type { HandlerContext } from '../api/context';
import { dispatchAsync } from '../api/dispatch';
import { IPC_CHANNEL, isAppUrl } from '../security';

export { IPC_CHANNEL };

/** Whether an IPC message comes from the app's own page: its frame is alive and at app://ledger. */
export function isTrustedSender(senderFrame: { url: string } | null | undefined): boolean {
  return senderFrame != null && typeof senderFrame.url === 'string' && isAppUrl(senderFrame.url);
}

const FORBIDDEN: Envelope<never> = { ok: false, error: { code: 'forbidden', message: '拒绝访问：请求不是来自本程序的页面' } };

/** What the channel answers for one message: the dispatcher's envelope, or a refusal. */
export function answerIpcCall(
  ctx: HandlerContext,
  senderFrame: { url: string } | null | undefined,
  method: unknown,
  input: unknown,
): Promise<Envelope<unknown>> {
  if (!isTrustedSender(senderFrame)) return Promise.resolve(FORBIDDEN);
  if (typeof method !== 'string') {
    return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: '请求参数不正确：缺少接口名称' } });
  }
  return dispatchAsync(ctx, method, input);
}

/** Answers 'hotline:call' for the window; returns the function that removes the handler. */
export function registerIpcTransport(ipcMain: IpcMain, ctx: HandlerContext): () => void {
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) => answerIpcCall(ctx, event.senderFrame, method, input));
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
