import WebSocket from 'ws';
import type { EventMessage } from '../../shared/protocol';

/**
 * The API client of the ingestion run: a separate process (as a browser tab would be) on the
 * events WebSocket of `serve`, counting the metric points pushed to it. The parent asks for the
 * counts over the fork IPC channel.
 */
export const WS_CLIENT_FLAG = '--ws-client';

export type ToClient = { readonly kind: 'report' } | { readonly kind: 'close' };
export interface ClientReport {
  readonly kind: 'report';
  readonly points: number;
  readonly messages: number;
  readonly bytes: number;
  readonly largestFrameBytes: number;
  /** CLOCK_MONOTONIC (ns, as a string) when the last metrics/appended frame arrived. */
  readonly lastPointsAt: string | null;
  readonly closed: { readonly code: number; readonly reason: string } | null;
  /** The socket's last error, e.g. a frame over the client's maxPayload. */
  readonly error: string | null;
}
export type FromClient = { readonly kind: 'ready' } | { readonly kind: 'failed'; readonly message: string } | ClientReport;

export function runWsClient(): void {
  const url = process.env.BENCH_WS_URL ?? '';
  const token = process.env.BENCH_WS_TOKEN ?? '';
  const send = (message: FromClient) => process.send?.(message);
  let points = 0;
  let messages = 0;
  let bytes = 0;
  let largestFrameBytes = 0;
  let lastPointsAt: bigint | null = null;
  let closed: ClientReport['closed'] = null;
  let lastError: string | null = null;
  let ready = false;
  // No cap on frame size, like a browser: ws's default (100 MiB) would refuse what a flood produces,
  // and the benchmark wants to count what a browser tab would get.
  const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, maxPayload: 0 });
  socket.on('open', () => {
    ready = true;
    send({ kind: 'ready' });
  });
  socket.on('unexpected-response', (_request, response) => send({ kind: 'failed', message: `refused with ${response.statusCode}` }));
  socket.on('error', (error) => {
    lastError = error.message;
    if (!ready) send({ kind: 'failed', message: error.message });
  });
  socket.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  socket.on('message', (data: Buffer) => {
    messages += 1;
    bytes += data.length;
    largestFrameBytes = Math.max(largestFrameBytes, data.length);
    const message = JSON.parse(data.toString('utf8')) as EventMessage;
    if (message.event === 'metrics/appended') {
      points += message.payload.length;
      lastPointsAt = process.hrtime.bigint();
    }
  });
  process.on('message', (message: ToClient) => {
    if (message.kind === 'report') {
      send({ kind: 'report', points, messages, bytes, largestFrameBytes, lastPointsAt: lastPointsAt?.toString() ?? null, closed, error: lastError });
    } else {
      socket.close();
      process.disconnect();
    }
  });
}
