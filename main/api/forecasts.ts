import type { ForecastBand, TrialForecast } from '../../shared/api';
import type { Experiment } from '../../shared/domain';
import { fail, ok, type Result } from '../../shared/result';
import { bandInObjectiveUnits, forecastsFor } from '../policies/freeze-thaw';
import type { PolicyTrialView } from '../policies/policy';
import { lastStep } from '../policies/views';
import { PolicyViews } from '../scheduler/policy-views';
import type { Store } from '../store/store';

/** Points along each forecast path: enough for a smooth band, few enough for hundreds of trials. */
const PATH_POINTS = 16;

/**
 * The freeze_thaw policy's forecasts for an experiment's running, paused and frozen trials, in the
 * objective's units. `liveViews` are the running scheduler's own (what its policy decides on now);
 * without them (an experiment not running here) the views are loaded from the store, as the policy
 * would rebuild them after a restart. Loading them on every call made each refetch while metrics
 * streamed read every point of the experiment.
 * Any experiment with a resource has them, whatever its policy: they say where each curve is
 * heading, which is worth seeing under ASHA too.
 */
export function experimentForecasts(store: Store, experiment: Experiment, liveViews: readonly PolicyTrialView[] | null = null): Result<TrialForecast[]> {
  const resource = experiment.spec.resource;
  if (!resource) {
    return fail('invalid-arguments', `Experiment "${experiment.name}" has no resource: forecasts need resource.max, the step trials are forecast to (add resource: {max: N} to its file).`);
  }
  const objective = experiment.spec.objective.mode;
  const views = liveViews ?? PolicyViews.load(store, experiment.id, experiment.spec.objective.metric).list();
  const forecasts = forecastsFor({ objective, resource, trials: views });
  const result: TrialForecast[] = [];
  for (const view of views) {
    const forecast = forecasts.get(view.id);
    const from = lastStep(view);
    if (!forecast || from === null) continue;
    const steps = pathSteps(from, resource.max);
    const toBand = (step: number, band: { median: number; low: number; high: number }): ForecastBand => ({ step, ...bandInObjectiveUnits(band, objective) });
    const bands = forecast.bands(steps);
    result.push({
      trialId: view.id,
      final: toBand(resource.max, forecast),
      path: steps.map((step, i) => toBand(step, bands[i]!)),
      basis: forecast.basis,
    });
  }
  return ok(result);
}

/** Whole steps from `from` to `to`, both included, at most PATH_POINTS of them. */
function pathSteps(from: number, to: number): number[] {
  if (from >= to) return [to];
  const steps = new Set<number>();
  for (let i = 0; i < PATH_POINTS; i++) steps.add(Math.round(from + ((to - from) * i) / (PATH_POINTS - 1)));
  return [...steps];
}
