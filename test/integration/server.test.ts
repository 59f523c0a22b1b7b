import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../main/server/server';
import type { EventMessage } from '../../shared/protocol';
import { openTestBackend, type TestBackend } from '../support/backend';
import { quickstartDir, tempDir } from '../support/paths';

let backend: TestBackend;
let server: RunningServer;
let staticDir: string;

beforeAll(async () => {
  backend = openTestBackend();
  staticDir = tempDir();
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Tundra</title>');
  writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1);');
  server = await startServer({ backend, staticDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await backend.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

interface Envelope {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; issues?: { path: string; message: string }[] };
}
const envelope = (reply: Reply) => JSON.parse(reply.body) as Envelope;

const bearer = () => ({ Authorization: `Bearer ${server.token}` });
const call = (channel: string, args: unknown, headers: Record<string, string> = bearer()) =>
  send(`/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(args) });

describe('serve: HTTP and WebSocket security', () => {
  it('binds to 127.0.0.1 and prints an address with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses pages and API calls without the token', async () => {
    expect((await send('/')).status).toBe(401);
    expect((await call('experiments/list', {}, {})).status).toBe(401);
    expect((await call('experiments/list', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    // One character off (never the same one: a token ending in 0 made this the right token).
    const lastChanged = `${server.token.slice(0, -1)}${server.token.endsWith('0') ? '1' : '0'}`;
    expect(lastChanged).not.toBe(server.token);
    expect((await send(`/?token=${lastChanged}`)).status).toBe(401);
  });

  it('trades the token in the address for an HttpOnly cookie and a clean address', async () => {
    const first = await send(`/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await send('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect((await call('experiments/list', {}, { Cookie: cookie })).status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    expect((await send('/', { headers: { ...bearer(), Host: `evil.example:${server.port}` } })).status).toBe(403);
    const foreign = await call('experiments/list', {}, { ...bearer(), Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await call('experiments/list', {}, { ...bearer(), Origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a WebSocket without the token or from a foreign Origin, and pushes events to a good one', async () => {
    const url = `ws://127.0.0.1:${server.port}/api/events`;
    await expect(connect(url, {})).rejects.toThrow(/403/);
    await expect(connect(`${url}?token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const socket = await connect(url, bearer());
    const received: EventMessage[] = [];
    socket.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as EventMessage));
    const created = await call('experiments/create', { source: { kind: 'path', path: path.join(quickstartDir, 'experiment.yaml') } });
    expect(envelope(created)).toMatchObject({ ok: true, value: { name: 'quickstart', state: 'draft' } });
    await expectEventually(() => received.some((m) => m.event === 'experiments/updated' && m.payload.some((e) => e.name === 'quickstart')));
    socket.close();
  });

  it('validates every payload and answers with an envelope that names the field', async () => {
    const unknown = envelope(await call('experiments/nope', {}));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const bad = envelope(await call('experiments/get', { experimentId: 'one' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments', issues: [{ path: 'experimentId' }] } });
    const extra = envelope(await call('experiments/list', { sneaky: 1 }));
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    const invalidYaml = envelope(await call('experiments/validate', { yaml: 'name: x' }));
    expect(invalidYaml).toMatchObject({ ok: false, error: { code: 'invalid-experiment' } });
    expect(invalidYaml.error?.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['command', 'space', 'budget']));
    const relative = envelope(await call('experiments/create', { source: { kind: 'text', yaml: 'x', baseDir: 'relative' } }));
    expect(relative).toMatchObject({ ok: false, error: { issues: [{ path: 'baseDir' }] } });
    const notJson = await send('/api/experiments/list', { method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    const form = await send('/api/experiments/list', { method: 'POST', headers: { ...bearer(), 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
  });

  it('answers a script asked again with its ETag by 304 and no body, until the file changes; the page is never cached', async () => {
    const cookie = String((await send(`/?token=${server.token}`)).headers['set-cookie']).split(';')[0]!;
    const first = await send('/app.js', { headers: { Cookie: cookie } });
    expect(first.status).toBe(200);
    expect(first.body).toBe('console.log(1);');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await send('/app.js', { headers: { Cookie: cookie, 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    // Still behind the token.
    expect((await send('/app.js', { headers: { 'If-None-Match': etag } })).status).toBe(401);
    writeFileSync(path.join(staticDir, 'app.js'), 'console.log(22);');
    const changed = await send('/app.js', { headers: { Cookie: cookie, 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body).toBe('console.log(22);');
    const page = await send('/', { headers: { Cookie: cookie } });
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers.etag).toBeUndefined();
  });

  it('does not serve files outside the renderer folder', async () => {
    expect((await send('/../package.json', { headers: bearer() })).status).toBe(404);
    expect((await send('/%2e%2e/package.json', { headers: bearer() })).status).toBe(404);
  });
});

function connect(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

async function expectEventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
