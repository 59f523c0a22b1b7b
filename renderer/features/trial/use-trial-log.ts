import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrialLog } from '../../../shared/api';
import { LIVE_TRIAL_STATES, type TrialState } from '../../../shared/domain';
import { useCommands } from '../../state/hooks';

/** While a trial runs its log is re-read this often. */
const REFRESH_MS = 2000;

export type TrialLogState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly log: TrialLog }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A trial's log tail: read now, again every few seconds while it runs, and once more as it stops
 * running (its last lines). Only a live process writes to the log; a queued, frozen or finished
 * trial's log stands still. Used by the dashboard's log panel and the trial page.
 */
export function useTrialLog(trialId: number, state: TrialState | undefined): { readonly log: TrialLogState; readonly reload: () => void } {
  const { trialLog } = useCommands();
  const [log, setLog] = useState<TrialLogState>({ kind: 'loading' });
  const latest = useRef(0);
  const running = state !== undefined && LIVE_TRIAL_STATES.includes(state);

  const load = useCallback(async () => {
    const request = ++latest.current;
    const reply = await trialLog(trialId);
    if (request !== latest.current) return;
    setLog(reply.ok ? { kind: 'loaded', log: reply.value } : { kind: 'failed', message: reply.error.message });
  }, [trialId, trialLog]);

  useEffect(() => { setLog({ kind: 'loading' }); }, [trialId]);

  useEffect(() => {
    void load();
    if (!running) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => { clearInterval(timer); };
  }, [running, load]);

  const reload = useCallback(() => void load(), [load]);
  return { log, reload };
}
