import type { ExperimentState, TrialState } from '../../shared/domain';

/** A coloured state label; the colour comes from `.badge--<state>` in app.css. */
export function StateBadge({ state, title }: { readonly state: ExperimentState | TrialState; readonly title?: string | undefined }) {
  return (
    <span className={`badge badge--${state}`} title={title}>
      {state}
    </span>
  );
}
