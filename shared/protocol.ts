import type { EventName, EventPayloads } from './api';
import type { DesktopBridge } from './desktop';

/**
 * Wire details shared by the transports. Electron IPC: the preload exposes `window.tundra` with
 * `invoke(channel, args)` over IPC_INVOKE and delivers pushes from IPC_EVENT. Headless `serve`:
 * `POST /api/<channel>` with a JSON body of arguments returns the result envelope; the WebSocket at
 * EVENTS_PATH carries EventMessage frames. Both need the token (cookie, `Authorization: Bearer`, or
 * `?token=` on the first page load).
 */
export const IPC_INVOKE = 'tundra:invoke';
export const IPC_EVENT = 'tundra:event';
/** The desktop app only: native dialogs (shared/desktop.ts `desktopArgs`), and app commands pushed to the page. */
export const IPC_DESKTOP = 'tundra:desktop';
export const IPC_COMMAND = 'tundra:command';

export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
/** Cookies are not separated by port, so the name carries it: two servers on one host must not clash. */
export function tokenCookieName(port: number): string {
  return `tundra_token_${port}`;
}
export const TOKEN_QUERY = 'token';

export type EventMessage = { [E in EventName]: { readonly event: E; readonly payload: EventPayloads[E] } }[EventName];

/** What the preload script exposes on `window.tundra` (typed for the renderer). */
export interface TundraBridge {
  invoke(channel: string, args: unknown): Promise<unknown>;
  on(listener: (message: EventMessage) => void): () => void;
  /** Only in the desktop app: native dialogs and menu commands (absent in a browser). */
  readonly desktop?: DesktopBridge;
}
