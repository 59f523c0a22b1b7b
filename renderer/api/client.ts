import { createElectronTransport, findElectronBridge } from './electron-transport';
import { createHttpTransport } from './http-transport';
import type { Transport } from './transport';

/**
 * The API client for this page, chosen once at start: the preload's `window.tundra` inside the
 * desktop app, otherwise HTTP + WebSocket to the `tundra serve` that served the page.
 */
export function createApiClient(): Transport {
  const bridge = findElectronBridge(window);
  return bridge !== null ? createElectronTransport(bridge) : createHttpTransport();
}

export type { ConnectionState, Transport, TransportKind } from './transport';
