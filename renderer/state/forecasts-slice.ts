import type { TrialForecast } from '../../shared/api';

/**
 * Learning-curve forecasts per experiment (`trials/forecasts`), as last fetched. Not pushed: the
 * event bridge refetches them, throttled, while the experiment's metrics arrive.
 */
export interface ForecastsData {
  readonly byExperiment: Readonly<Record<number, readonly TrialForecast[]>>;
}

export const emptyForecasts: ForecastsData = { byExperiment: {} };

const NONE: readonly TrialForecast[] = [];

export function replaceForecasts(data: ForecastsData, experimentId: number, list: readonly TrialForecast[]): ForecastsData {
  return { byExperiment: { ...data.byExperiment, [experimentId]: list } };
}

export function forecastsOf(data: ForecastsData, experimentId: number): readonly TrialForecast[] {
  return data.byExperiment[experimentId] ?? NONE;
}
