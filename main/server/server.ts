import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PREFIX, EVENTS_PATH, tokenCookieName, TOKEN_QUERY } from '../../shared/protocol';
import { fail } from '../../shared/result';
import type { Backend } from '../backend';
import { authenticate, checkHostAndOrigin, CONTENT_SECURITY_POLICY } from './security';
import { serveStatic } from './static-files';

export const DEFAULT_PORT = 7380;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A client this far behind is dropped; it re-fetches on reconnect instead of growing our memory. */
const MAX_SOCKET_BACKLOG_BYTES = 16 * 1024 * 1024;

export interface ServeOptions {
  readonly backend: Backend;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** When the port was not asked for explicitly, fall back to a free one if it is taken. */
  readonly fallbackToFreePort?: boolean;
  readonly token?: string;
}

export interface RunningServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Headless `serve`: the built renderer and the API over HTTP + WebSocket, on 127.0.0.1 only.
 * Every request (page, asset, API call, WebSocket) needs the token; Host and Origin are checked.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const { backend } = options;
  let port = options.port;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const refusal = checkHostAndOrigin(request, port);
    if (refusal) return sendText(response, 403, refusal);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const presented = authenticate(request, url, token, port);
    if (!presented) {
      return sendText(response, 401, 'This page needs the link with its token that `tundra serve` printed (http://127.0.0.1:PORT/?token=...).');
    }

    if (url.pathname.startsWith(API_PREFIX)) {
      if (request.method !== 'POST') return sendJson(response, 405, fail('invalid-arguments', 'API calls are POST requests with a JSON body.'));
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(response, 415, fail('invalid-arguments', 'API calls need Content-Type: application/json.'));
      }
      const body = await readBody(request);
      if (body === null) return sendJson(response, 413, fail('invalid-arguments', `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
      let args: unknown;
      try {
        args = body.trim() === '' ? {} : JSON.parse(body);
      } catch {
        return sendJson(response, 400, fail('invalid-arguments', 'The request body is not valid JSON.'));
      }
      const reply = await backend.dispatch(url.pathname.slice(API_PREFIX.length), args);
      return sendJson(response, 200, reply);
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed');
    if (presented === 'query') {
      // Trade the token in the address for a cookie and drop it from the address bar and history.
      url.searchParams.delete(TOKEN_QUERY);
      response.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }
    if (!serveStatic(options.staticDir, url.pathname, response, SECURITY_HEADERS, request.headers['if-none-match'])) sendText(response, 404, 'Not found');
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, fail('internal', String(error)));
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const refusal = checkHostAndOrigin(request, port) ?? (authenticate(request, url, token, port) ? null : 'token required');
    if (refusal || url.pathname !== EVENTS_PATH) {
      socket.end(`HTTP/1.1 ${refusal ? 403 : 404} ${refusal ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket): void => {
    const unsubscribe = backend.hub.subscribe((message) => {
      if (ws.bufferedAmount > MAX_SOCKET_BACKLOG_BYTES) {
        ws.close(1013, 'too far behind; reconnect and reload');
        return;
      }
      ws.send(JSON.stringify(message));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    // The socket is push-only; anything a client sends is ignored.
  };

  const listen = (wanted: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(wanted, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
  try {
    port = await listen(options.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.fallbackToFreePort) throw error;
    port = await listen(0);
  }

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?${TOKEN_QUERY}=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
