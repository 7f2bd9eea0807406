// The renderer's one door to the main side. In Electron the preload exposes `window.hotline.call`
// (IPC); in a browser served by `hotline serve` the same call goes over loopback HTTP with the
// per-launch token. Pages never know which one they have.
import type { MethodName, MethodInput, MethodOutput } from '../shared/api';
import type { Envelope } from '../shared/result';
import { mimeOfFileName } from '../shared/mime';

declare global {
  interface Window {
    hotline?: { call: (method: string, input: unknown) => Promise<Envelope<unknown>> };
  }
}

const TOKEN_KEY = 'hotline.token';

/** The server prints its URL as http://127.0.0.1:PORT/#token=…: keep the token for this tab, then drop it from the address bar. */
export function adoptTokenFromUrl(): void {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, match[1]);
  history.replaceState(null, '', `${location.pathname}${location.search}#/ledger`);
}

/** An error the main side reported: its Chinese message, code and details. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly details?: unknown) {
    super(message);
  }
}

async function callOverHttp(method: string, input: unknown): Promise<Envelope<unknown>> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  let response: Response;
  try {
    response = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hotline-token': token },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: '无法连接台账服务，请确认程序仍在运行' } };
  }
  if (response.status === 401 || response.status === 403) {
    return { ok: false, error: { code: 'forbidden', message: '访问令牌无效：请使用启动时输出的完整地址打开' } };
  }
  return (await response.json()) as Envelope<unknown>;
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const envelope = window.hotline ? await window.hotline.call(method, input) : await callOverHttp(method, input);
  if (!envelope.ok) throw new ApiError(envelope.error.message, envelope.error.code, envelope.error.details);
  return envelope.value as MethodOutput<M>;
}

/** A message fit to show the clerk, whatever was thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Bytes for the API: files travel as base64 on both transports. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Offers bytes from the API to the clerk as a download, typed by the file name's extension. */
export function downloadBase64(fileName: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeOfFileName(fileName) }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
