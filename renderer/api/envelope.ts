import { isEventName, type EventName } from '../../shared/api';
import type { EventMessage } from '../../shared/protocol';
import type { ApiError, Result } from '../../shared/result';

/**
 * Checks on what arrives from the back end. The back end is trusted, but a reply from a proxy, an
 * older server or a half-written frame should become an error the user can read, not a crash deep
 * in a component.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

export function isResultEnvelope(value: unknown): value is Result<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isApiError(value.error);
}

const isNumber = (value: unknown): value is number => typeof value === 'number';

const record =
  (check: (item: Record<string, unknown>) => boolean) =>
  (item: unknown): boolean =>
    isRecord(item) && check(item);

/** The fields every item of a push must have; the rest is trusted to follow shared/domain. */
const ITEM_CHECKS: { readonly [E in EventName]: (item: unknown) => boolean } = {
  'experiments/updated': record((item) => isNumber(item.id) && typeof item.name === 'string' && typeof item.state === 'string' && isRecord(item.counts) && isRecord(item.spec)),
  'trials/updated': record((item) => isNumber(item.id) && isNumber(item.experimentId) && isNumber(item.number) && typeof item.state === 'string' && isRecord(item.params)),
  'metrics/appended': record((item) => isNumber(item.trialId) && isNumber(item.step) && typeof item.name === 'string' && isNumber(item.value)),
  'gpus/sampled': record((item) => isNumber(item.time) && isNumber(item.index) && isNumber(item.memoryUsedMiB)),
  'experiments/deleted': (item) => isNumber(item) && Number.isInteger(item) && item > 0,
  'database/opened': record((item) => typeof item.file === 'string' && typeof item.runsDir === 'string' && typeof item.created === 'boolean'),
};

/** A push from `window.tundra.on` or a WebSocket frame (already parsed), or null if malformed. */
export function toEventMessage(value: unknown): EventMessage | null {
  if (!isRecord(value) || !isEventName(value.event) || !Array.isArray(value.payload)) return null;
  const check = ITEM_CHECKS[value.event];
  const payload: unknown[] = value.payload.filter((item: unknown) => check(item));
  // The item checks above are what makes this cast hold.
  return { event: value.event, payload } as EventMessage;
}

/** A WebSocket text frame, or null if it is not a well-formed push. */
export function parseEventFrame(text: string): EventMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return toEventMessage(value);
}
