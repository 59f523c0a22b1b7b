import type { Layout } from 'plotly.js-dist-min';
import type { ChartTheme } from './chart-theme';

/** Shared look of the analysis figures, matching the learning curves. */

export function axisStyle(theme: ChartTheme) {
  return {
    gridcolor: theme.grid,
    zerolinecolor: theme.grid,
    linecolor: theme.axisLine,
    tickfont: { color: theme.mutedText },
    automargin: true,
  } as const;
}

export function axisTitle(text: string, theme: ChartTheme) {
  return { text, font: { color: theme.mutedText } };
}

export function baseLayout(theme: ChartTheme, revision: string): Partial<Layout> {
  return {
    uirevision: revision,
    autosize: true,
    margin: { l: 56, r: 12, t: 30, b: 40 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: theme.fontFamily, size: 12, color: theme.text },
    hovermode: 'closest',
    hoverlabel: { bgcolor: theme.hoverBackground, bordercolor: theme.hoverBorder, font: { color: theme.text } },
    showlegend: false,
  };
}

/**
 * Colour scale for the result: the good end is the bright one, whatever the objective's direction.
 * The theme's viridis stops as a Plotly colour scale, dark (low) to bright (high).
 */
export function resultColorscale(theme: ChartTheme): [number, string][] {
  const stops = theme.resultScale;
  return stops.map((colour, index) => [stops.length === 1 ? 0 : index / (stops.length - 1), colour]);
}

/** The scale runs dark (low) to bright (high); for a minimised objective low is good, so flip it. */
export function reverseForMode(mode: 'min' | 'max'): boolean {
  return mode === 'min';
}
