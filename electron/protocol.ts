// The app:// scheme: the window loads the built renderer from app://ledger/… (never file://, so the
// page has a real origin that the IPC sender check and the CSP can name), with the CSP on every
// response. Path resolution is a pure function so traversal attempts can be unit tested.
import fs from 'node:fs';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl } from './security';
import { mimeOfFileName } from '../shared/mime';

/** Privileges of app://, registered before the app is ready: a standard, secure origin with fetch. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/**
 * The file inside `root` that an app:// URL names, or null when the URL is not ours or escapes
 * `root` (../, encoded %2e%2e or backslashes, NUL). Paths without a file (/, /ledger, unknown
 * routes) get index.html, as the page routes itself.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null; // malformed %-escape
  }
  if (pathname.includes('\0')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.sep}${pathname.replace(/\\/g, '/')}`);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  if (file === base || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    return path.join(base, 'index.html');
  }
  return file;
}

/** Headers of every app:// response: the CSP applies to the page and to everything it loads. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': mimeOfFileName(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** Answers app:// requests from the built renderer in `root`; anything else is 404. */
export function serveAppScheme(protocol: Protocol, root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.promises.readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: appResponseHeaders(file) });
    } catch {
      return new Response('界面尚未构建：请先运行 npm run build', {
        status: 500,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
  });
}
