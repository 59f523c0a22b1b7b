import { useSyncExternalStore } from 'react';
import { DARK_CHART_THEME, LIGHT_CHART_THEME, type ChartTheme } from './chart-theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => { query.removeEventListener('change', onChange); };
}

function prefersDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches;
}

/** The chart colours for the current colour scheme; follows the system setting live. */
export function useChartTheme(): ChartTheme {
  return useSyncExternalStore(subscribe, prefersDark) ? DARK_CHART_THEME : LIGHT_CHART_THEME;
}
