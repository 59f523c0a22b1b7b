import type { ApiArgs, ApiReply, Channel } from '../../shared/api';
import { API_PREFIX } from '../../shared/protocol';
import { fail } from '../../shared/result';
import { reconnectDelay } from './backoff';
import { isResultEnvelope, parseEventFrame } from './envelope';
import { createListenerRegistry } from './listeners';
import { createPushBatcher } from './push-batcher';
import { eventsUrl, takeTokenFromUrl } from './page-url';
import { UNAUTHORIZED_MESSAGE, type ConnectionState, type Transport } from './transport';

const TOKEN_STORAGE_KEY = 'tundra.token';

function readStoredToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; the cookie still authenticates
  }
}

function storeToken(token: string): void {
  try {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Without storage the token lives only in memory for this page; the cookie covers reloads.
  }
}

/** Reads `?token=` once, keeps it for this tab and takes it out of the address bar. */
function adoptToken(): string | null {
  const { token, cleanedHref } = takeTokenFromUrl(window.location.href);
  if (cleanedHref !== null) window.history.replaceState(window.history.state, '', cleanedHref);
  if (token !== null) {
    storeToken(token);
    return token;
  }
  return readStoredToken();
}

/**
 * The headless `tundra serve` transport: `POST /api/<channel>` for calls, a WebSocket at
 * /api/events for pushes, reconnecting with backoff. The server's cookie authenticates both; a
 * token from the link is sent as well, for browsers that refuse the cookie.
 */
export function createHttpTransport(): Transport {
  const token = adoptToken();
  const registry = createListenerRegistry((error) => { console.error('push listener failed', error); });
  const pushes = createPushBatcher(registry.emit);
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failedAttempts = 0;
  let closed = false;

  function setState(next: ConnectionState): void {
    // Unauthorized is final for this page: only the right link can fix it.
    if (state === next || state === 'unauthorized') return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function scheduleReconnect(): void {
    if (closed || state === 'unauthorized' || retryTimer !== null) return;
    const delay = reconnectDelay(failedAttempts, Math.random());
    failedAttempts += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (closed || state === 'unauthorized') return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(eventsUrl(window.location.href, token));
    } catch (error) {
      console.error('cannot open the push channel', error);
      setState('reconnecting');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      failedAttempts = 0;
      setState('connected');
    });
    ws.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      const message = parseEventFrame(event.data);
      if (message !== null) pushes.add(message);
    });
    ws.addEventListener('close', () => {
      if (socket === ws) socket = null;
      if (closed) return;
      setState('reconnecting');
      scheduleReconnect();
    });
  }

  async function invoke<K extends Channel>(channel: K, args: ApiArgs<K>): Promise<ApiReply<K>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(API_PREFIX + channel, {
        method: 'POST',
        headers,
        body: JSON.stringify(args),
        credentials: 'same-origin',
      });
    } catch {
      return fail('io-error', 'Cannot reach the Tundra server. Is `tundra serve` still running?');
    }
    if (response.status === 401 || response.status === 403) {
      setState('unauthorized');
      return fail('io-error', UNAUTHORIZED_MESSAGE);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return fail('internal', `The server answered ${response.status} ${response.statusText} to ${channel} without a result.`);
    }
    if (!isResultEnvelope(body)) return fail('internal', `The server answered ${channel} with something that is not a result.`);
    // Pushes that came before this reply are applied before it, as they were without batching: the
    // event bridge judges a reply's freshness against what the pushes already told it.
    pushes.flush();
    // The envelope is checked; its value follows the contract in shared/api.
    return body as ApiReply<K>;
  }

  connect();

  return {
    kind: 'browser',
    invoke,
    on: registry.on,
    connection: () => state,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      pushes.cancel();
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
