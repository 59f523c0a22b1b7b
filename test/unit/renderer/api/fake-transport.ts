import type { ApiArgs, ApiReply, Channel, EventName, EventPayloads } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import type { EventMessage } from '../../../../shared/protocol';
import { createListenerRegistry } from '../../../../renderer/api/listeners';
import type { ConnectionState, Transport } from '../../../../renderer/api/transport';

type Handler = (args: unknown) => unknown;

/**
 * A scripted transport: replies per channel, pushes and connection changes on demand. A channel
 * with neither a reply nor a failure answers `unknown-channel` with the channel as its message.
 */
export function fakeTransport(replies: Partial<Record<Channel, Handler>>, failures: Partial<Record<Channel, ApiError>> = {}) {
  const registry = createListenerRegistry((error) => {
    throw error;
  });
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const calls: { channel: Channel; args: unknown }[] = [];
  let state: ConnectionState = 'connecting';
  const transport: Transport = {
    kind: 'browser',
    invoke<K extends Channel>(channel: K, args: ApiArgs<K>): Promise<ApiReply<K>> {
      calls.push({ channel, args });
      const failure = failures[channel];
      if (failure !== undefined) return Promise.resolve({ ok: false, error: failure });
      const handler = replies[channel];
      if (handler === undefined) return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: channel } });
      return Promise.resolve({ ok: true, value: handler(args) } as ApiReply<K>);
    },
    on: registry.on,
    connection: () => state,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close: () => undefined,
  };
  return {
    transport,
    calls,
    push: <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
      registry.emit({ event, payload } as EventMessage);
    },
    setConnection: (next: ConnectionState): void => {
      state = next;
      for (const listener of connectionListeners) listener(next);
    },
  };
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}
