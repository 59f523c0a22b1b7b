/** Reconnect delays for the push WebSocket: exponential from 500 ms, capped at 10 s, with jitter
 * so that many tabs left open on a restarted server do not reconnect in lockstep. */
export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;

/** `attempt` counts failed tries since the last successful open, from 0. `random` is in [0, 1). */
export function reconnectDelay(attempt: number, random: number): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, Math.min(attempt, 20)));
  return Math.round(base * (0.75 + 0.5 * random));
}
