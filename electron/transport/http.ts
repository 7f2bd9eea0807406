// The browser transport: a loopback HTTP server that serves the built renderer and answers
// POST /api/<method> with the same dispatcher as Electron's IPC. A per-launch random token is
// required on every API call, the Host header must name this server (DNS rebinding), and a
// request from another origin is refused (CORS stays closed: no Access-Control-* headers).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { HandlerContext } from '../api/context';
import { dispatchAsync } from '../api/dispatch';
import { mimeOfFileName } from '../../shared/mime';
import { CONTENT_SECURITY_POLICY } from '../security';
import { AppError } from '../../shared/result';

export const TOKEN_HEADER = 'x-hotline-token';
const MAX_BODY = 80 * 1024 * 1024; // an uploaded spreadsheet as base64, with room to spare


export interface HttpServerOptions {
  ctx: HandlerContext;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** The largest request body accepted (default 80 MB: an uploaded spreadsheet as base64). */
  maxBodyBytes?: number;
}

export interface RunningServer {
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** Whether a request's Host header names our own listening address. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}` || hostHeader === `[::1]:${port}`;
}

/** Whether an Origin header (when a browser sends one) is this server itself. */
export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  return isAllowedHost(originHeader.replace(/^http:\/\//, ''), port) && originHeader.startsWith('http://');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(new Error('too_large'));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Stop keeping the bytes but do not destroy the socket: the 413 must still reach the client.
        req.off('data', onData);
        req.resume();
        reject(new Error('too_large'));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startHttpServer(opts: HttpServerOptions): Promise<RunningServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const host = opts.host ?? '127.0.0.1';
  const rendererDir = path.resolve(opts.rendererDir);
  const maxBody = opts.maxBodyBytes ?? MAX_BODY;
  let port = 0;

  const server = http.createServer(async (req, res) => {
    try {
      if (!isAllowedHost(req.headers.host, port)) return sendJson(res, 421, { ok: false, error: { code: 'forbidden', message: '拒绝访问：Host 不正确' } });
      if (!isAllowedOrigin(req.headers.origin, port)) return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: '拒绝访问：来源不正确' } });
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: '只接受 POST 请求' } });
        const given = req.headers[TOKEN_HEADER];
        if (typeof given !== 'string' || !safeEqual(given, token)) {
          return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: '拒绝访问：缺少或错误的访问令牌' } });
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, { ok: false, error: { code: 'invalid_input', message: '请求须为 JSON' } });
        }
        let input: unknown;
        try {
          const body = await readBody(req, maxBody);
          input = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch (e) {
          const tooLarge = (e as Error).message === 'too_large';
          return sendJson(res, tooLarge ? 413 : 400, {
            ok: false,
            error: { code: 'invalid_input', message: tooLarge ? `请求过大（超过 ${Math.round(maxBody / 1024 / 1024)} MB）` : '请求不是有效的 JSON' },
          }, tooLarge ? { Connection: 'close' } : {});
        }
        const method = decodedPath(url.pathname.slice('/api/'.length)) ?? '';
        return sendJson(res, 200, await dispatchAsync(opts.ctx, method, input));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '', 'text/plain');
      return serveStatic(res, rendererDir, url.pathname);
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: `内部错误：${(e as Error).message}` } });
    }
  });
  server.requestTimeout = 120_000;

  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new AppError('conflict', `端口 ${opts.port} 已被占用，请换一个端口（--port）或先关闭占用它的程序`) : e);
    });
    server.listen(opts.port ?? 0, host, () => {
      port = (server.address() as AddressInfo).port;
      const origin = `http://${host}:${port}`;
      resolve({
        url: `${origin}/#token=${token}`,
        origin,
        token,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

/** A percent-decoded path, or null when its escapes are malformed (a client error, not ours). */
function decodedPath(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}

/** Files of the built renderer only: no directory listing, no path outside it; unknown paths get the app. */
function serveStatic(res: http.ServerResponse, root: string, pathname: string) {
  const decoded = decodedPath(pathname);
  if (decoded === null) return send(res, 400, '地址不正确', 'text/plain; charset=utf-8');
  const rel = path.normalize(decoded).replace(/^([/\\])+/, '');
  let file = path.join(root, rel);
  // root + separator: a sibling folder such as renderer-old must not pass as inside renderer.
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    return send(res, 500, '界面尚未构建：请先运行 npm run build', 'text/plain; charset=utf-8');
  }
  const type = mimeOfFileName(file);
  const extra: Record<string, string> = type.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {};
  send(res, 200, fs.readFileSync(file), type, extra);
}
