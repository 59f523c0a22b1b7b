import type { ApiArgs, ApiReply, Channel } from '../../shared/api';
import type { TundraBridge } from '../../shared/protocol';
import { fail } from '../../shared/result';
import { isResultEnvelope, toEventMessage } from './envelope';
import { createListenerRegistry } from './listeners';
import type { Transport } from './transport';

/** The preload's bridge, if this page runs inside the Tundra window. */
export function findElectronBridge(scope: object): TundraBridge | null {
  const candidate: unknown = Reflect.get(scope, 'tundra');
  if (typeof candidate !== 'object' || candidate === null) return null;
  const invoke: unknown = Reflect.get(candidate, 'invoke');
  const on: unknown = Reflect.get(candidate, 'on');
  return typeof invoke === 'function' && typeof on === 'function' ? (candidate as TundraBridge) : null;
}

export function createElectronTransport(bridge: TundraBridge): Transport {
  const registry = createListenerRegistry((error) => { console.error('push listener failed', error); });
  const unsubscribe = bridge.on((message) => {
    const checked = toEventMessage(message);
    if (checked !== null) registry.emit(checked);
  });

  return {
    kind: 'electron',
    async invoke<K extends Channel>(channel: K, args: ApiArgs<K>): Promise<ApiReply<K>> {
      let reply: unknown;
      try {
        reply = await bridge.invoke(channel, args);
      } catch (error) {
        return fail('internal', `The call ${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!isResultEnvelope(reply)) return fail('internal', `The call ${channel} returned something that is not a result.`);
      // The envelope is checked; its value follows the contract in shared/api.
      return reply as ApiReply<K>;
    },
    on: registry.on,
    connection: () => 'connected',
    // IPC does not drop; nothing ever changes.
    onConnectionChange: () => () => undefined,
    close: unsubscribe,
  };
}
