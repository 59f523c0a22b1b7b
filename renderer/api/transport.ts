import type { ApiClient } from '../../shared/api';

/**
 * How the renderer reaches the back end. `electron`: the preload's IPC bridge, always connected.
 * `browser`: HTTP calls plus a WebSocket for pushes, which can drop and come back.
 */
export const TRANSPORT_KINDS = ['electron', 'browser'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

export const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'unauthorized'] as const;
/** The push channel's state; `unauthorized` means the server refused our token. */
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface Transport extends ApiClient {
  readonly kind: TransportKind;
  readonly connection: () => ConnectionState;
  /** Called on every change of `connection()`. */
  readonly onConnectionChange: (listener: (state: ConnectionState) => void) => () => void;
  readonly close: () => void;
}

/** What the page says when the server refuses it for want of the token. */
export const UNAUTHORIZED_MESSAGE = 'This page needs the link with its token that `tundra serve` printed.';
