import type { Data } from 'plotly.js-dist-min';
import { axisStyle, axisTitle, baseLayout } from './analysis-layout';
import type { ChartTheme } from './chart-theme';
import { escapeLabel, type Figure } from './learning-curves-figure';
import type { ParamImportance } from './param-importance';

export interface ParamImportanceInput {
  readonly importances: readonly ParamImportance[];
  readonly theme: ChartTheme;
  readonly revision: string;
}

/** Horizontal bars, most important on top; parameters without an estimate are listed as such. */
export function buildParamImportance(input: ParamImportanceInput): Figure {
  const { theme } = input;
  const estimated = input.importances.filter((entry) => entry.importance !== null);
  // Plotly draws the first category of a horizontal bar chart at the bottom.
  const ascending = [...estimated].sort((a, b) => (a.importance ?? 0) - (b.importance ?? 0) || b.name.localeCompare(a.name));
  const data: Data[] = [
    {
      type: 'bar',
      orientation: 'h',
      x: ascending.map((entry) => entry.importance ?? 0),
      y: ascending.map((entry) => escapeLabel(entry.name)),
      text: ascending.map((entry) => (entry.importance ?? 0).toFixed(2)),
      textposition: 'outside',
      cliponaxis: false,
      customdata: ascending.map((entry) => entry.trials),
      marker: { color: theme.colorway[0] },
      hovertemplate: '<b>%{y}</b>: %{x:.3f}<br>from %{customdata} trials<extra></extra>',
    },
  ];
  const axis = axisStyle(theme);
  return {
    data,
    layout: {
      ...baseLayout(theme, input.revision),
      margin: { l: 56, r: 36, t: 16, b: 40 },
      xaxis: { ...axis, range: [0, 1.05], title: axisTitle('importance (ε², 0 = none, 1 = decides the ranking alone)', theme) },
      yaxis: { ...axis, type: 'category' },
      bargap: 0.35,
    },
  };
}
