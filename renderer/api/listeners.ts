import type { EventName, EventPayloads } from '../../shared/api';
import type { EventMessage } from '../../shared/protocol';
import { assertNever } from '../../shared/result';

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;
type ListenerSets = { [E in EventName]: Set<Listener<E>> };

/** Subscribers to push events by name, shared by both transports. */
export interface ListenerRegistry {
  readonly on: <E extends EventName>(event: E, listener: Listener<E>) => () => void;
  readonly emit: (message: EventMessage) => void;
}

export function createListenerRegistry(onListenerError: (error: unknown) => void): ListenerRegistry {
  const sets: ListenerSets = {
    'experiments/updated': new Set(),
    'trials/updated': new Set(),
    'metrics/appended': new Set(),
    'gpus/sampled': new Set(),
    'experiments/deleted': new Set(),
    'database/opened': new Set(),
  };

  function deliver<E extends EventName>(listeners: Set<Listener<E>>, payload: EventPayloads[E]): void {
    for (const listener of listeners) {
      // One failing subscriber must not starve the others of the push.
      try {
        listener(payload);
      } catch (error) {
        onListenerError(error);
      }
    }
  }

  return {
    on(event, listener) {
      const listeners = sets[event];
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(message) {
      switch (message.event) {
        case 'experiments/updated':
          deliver(sets['experiments/updated'], message.payload);
          break;
        case 'trials/updated':
          deliver(sets['trials/updated'], message.payload);
          break;
        case 'metrics/appended':
          deliver(sets['metrics/appended'], message.payload);
          break;
        case 'gpus/sampled':
          deliver(sets['gpus/sampled'], message.payload);
          break;
        case 'experiments/deleted':
          deliver(sets['experiments/deleted'], message.payload);
          break;
        case 'database/opened':
          deliver(sets['database/opened'], message.payload);
          break;
        default:
          assertNever(message);
      }
    },
  };
}
