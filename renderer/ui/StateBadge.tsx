import type { ExperimentState, TrialState } from '../../shared/domain';

/** A coloured state label; the colour comes from `.badge--<state>` in app.css. */
export function StateBadge({ state }: { readonly state: ExperimentState | TrialState }) {
  return <span className={`badge badge--${state}`}>{state}</span>;
}
