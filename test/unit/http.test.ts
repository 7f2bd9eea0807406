// The loopback HTTP transport with a real ledger: the token, the Host and Origin checks, no CORS,
// static files only from the renderer folder, a body limit, and a call that works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { startHttpServer, TOKEN_HEADER, type RunningServer } from '../../electron/transport/http';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { makeTempDir, makeTempLedger, type TempLedger } from '../fixtures/makeLedger';

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string }

let t: TempLedger;
let files: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let port: number;
const INDEX = '<!doctype html><title>12345热线台账</title><div id="root"></div>';
const SECRET = 'secret-outside-the-renderer-folder';

beforeAll(async () => {
  t = makeTempLedger();
  files = makeTempDir('hotline-renderer-');
  const rendererDir = path.join(files.dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(files.dir, 'secret.txt'), SECRET);
  fs.mkdirSync(path.join(files.dir, 'renderer-old'));
  fs.writeFileSync(path.join(files.dir, 'renderer-old', 'secret.txt'), SECRET);
  server = await startHttpServer({ ctx: t.ctx, rendererDir, port: 0, maxBodyBytes: 64 * 1024 });
  port = Number(new URL(server.origin).port);
});
afterAll(async () => {
  await server.close();
  t.close();
  files.remove();
});

/** A raw request: the path is sent as given (no normalising) and any Host header can be set. */
function request(opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function api(method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request({
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...headers },
    body: JSON.stringify(input),
  });
}

const noCors = (r: Reply) => expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);

describe('HTTP transport', () => {
  it('prints a loopback URL that carries the token in the fragment only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a good call with the same envelope as the dispatcher, and writes', async () => {
    const created = await api('units.create', { name: '城关镇' });
    expect(created.status).toBe(200);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { unit: { name: '城关镇', kind: 'town' } } });
    const refused = JSON.parse((await api('units.create', { name: '城关镇' })).body);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(refused.error.message).toMatch(/[\u4e00-\u9fff]/);
    noCors(created);
  });

  it('refuses an API call without the token or with a wrong one', async () => {
    const wrongSameLength = server.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const token of [undefined, '', 'guess', wrongSameLength, `${server.token}x`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== undefined) headers[TOKEN_HEADER] = token;
      const r = await request({ method: 'POST', path: '/api/units.create', headers, body: JSON.stringify({ name: `甲${token}` }) });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Nor in the query string: only the header counts.
    const r = await request({ method: 'POST', path: `/api/app.info?token=${server.token}`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
    expect(t.call('units.list', {}).units.filter((u) => u.name.startsWith('甲'))).toEqual([]);
  });

  it.each(['evil.com', `evil.com:PORT`, '127.0.0.1', 'localhost', '127.0.0.1:1', `127.0.0.1.evil.com:PORT`, `[::1]:1`])(
    'refuses the Host header %j (DNS rebinding), for the API and for pages',
    async (hostTemplate) => {
      const host = hostTemplate.replace('PORT', String(port));
      const call = await api('app.info', {}, { host });
      expect(call.status).toBe(421);
      expect(call.body).not.toContain('ledgerPath');
      const page = await request({ path: '/', headers: { host } });
      expect(page.status).toBe(421);
      expect(page.body).not.toContain('12345热线台账');
    },
  );

  it('refuses a request without a Host header', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => { text += c.toString('utf8'); });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 421/);
    expect(raw).not.toContain('12345热线台账');
  });

  it('accepts its own names as Host: 127.0.0.1 and localhost with the port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect(JSON.parse((await api('app.info', {}, { host })).body).ok).toBe(true);
    }
  });

  it.each(['http://evil.com', 'null', `https://127.0.0.1:PORT`, `http://127.0.0.1:PORT.evil.com`, `http://localhost:1`])(
    'refuses a request from the origin %j',
    async (originTemplate) => {
      const origin = originTemplate.replace('PORT', String(port));
      const r = await api('units.create', { name: '乙单位' }, { origin });
      expect(r.status).toBe(403);
      noCors(r);
      expect(t.call('units.list', {}).units.some((u) => u.name === '乙单位')).toBe(false);
    },
  );

  it('accepts its own origin, and grants no cross-origin access to anyone', async () => {
    const own = await api('app.info', {}, { origin: server.origin });
    expect(own.status).toBe(200);
    noCors(own);
    const preflight = await request({
      method: 'OPTIONS',
      path: '/api/units.create',
      headers: { origin: 'http://evil.com', 'access-control-request-method': 'POST', 'access-control-request-headers': TOKEN_HEADER },
    });
    expect(preflight.status).not.toBe(204);
    expect(preflight.status).not.toBe(200);
    noCors(preflight);
  });

  it('takes only JSON POSTs on the API (a form post from another page is not a call)', async () => {
    expect((await request({ path: '/api/app.info', headers: { [TOKEN_HEADER]: server.token } })).status).toBe(405);
    const form = await request({
      method: 'POST',
      path: '/api/units.create',
      headers: { [TOKEN_HEADER]: server.token, 'content-type': 'text/plain' },
      body: JSON.stringify({ name: '丙单位' }),
    });
    expect(form.status).toBe(415);
    const notJson = await request({ method: 'POST', path: '/api/app.info', headers: { [TOKEN_HEADER]: server.token, 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toBe('请求不是有效的 JSON');
  });

  it('refuses a body over the limit, whether announced or streamed', async () => {
    const big = JSON.stringify({ name: '丁'.repeat(40 * 1024) });
    const r = await api('units.create', { name: '丁'.repeat(40 * 1024) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(64 * 1024);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.message).toMatch(/请求过大/);
    // Without a Content-Length (chunked), the limit holds while reading.
    const streamed = await new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/units.create', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', [TOKEN_HEADER]: server.token, 'transfer-encoding': 'chunked' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(16 * 1024, 0x20));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(t.call('units.list', {}).units.some((u) => u.name.startsWith('丁'))).toBe(false);
  });

  it('serves index.html with the Content-Security-Policy, and assets by type', async () => {
    const index = await request({ path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toBe(INDEX);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(index.headers['x-frame-options']).toBe('DENY');
    const js = await request({ path: '/assets/app.js' });
    expect(js).toMatchObject({ status: 200, body: 'console.log("app")' });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    noCors(js);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/../renderer-old/secret.txt',
    '/..%2frenderer-old%2fsecret.txt',
    '//etc/passwd',
    '/%00/../secret.txt',
  ])('never serves a file outside the renderer folder: %s', async (p) => {
    const r = await request({ path: p });
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain('root:');
    expect([200, 400, 404]).toContain(r.status);
    if (r.status === 200) expect(r.body).toBe(INDEX); // the app's own page, as for any unknown path
  });

  it('lists no directory: a folder gives the app page', async () => {
    for (const p of ['/assets/', '/assets', '/assets/../']) {
      const r = await request({ path: p });
      expect(r.body).toBe(INDEX);
      expect(r.body).not.toContain('app.js');
    }
  });

  it('answers a malformed path with 400, not an internal error', async () => {
    const r = await request({ path: '/%E0%A4%A' });
    expect(r.status).toBe(400);
  });
});

describe('HTTP transport: an unknown method name', () => {
  it('is an error envelope, also when its escapes are malformed', async () => {
    const r = await api('%E0%A4%A', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
