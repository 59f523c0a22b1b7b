/** Colours the figure builders use; one set per colour scheme, matching styles/app.css. */
export interface ChartTheme {
  readonly text: string;
  readonly mutedText: string;
  readonly grid: string;
  readonly axisLine: string;
  readonly hoverBackground: string;
  readonly hoverBorder: string;
  readonly fontFamily: string;
  /** Trial colours, picked by trial number so a trial keeps its colour as others arrive. */
  readonly colorway: readonly string[];
  /**
   * The result's colour scale, worst to best (COLOR_BANDS stops of viridis). On a dark background
   * viridis's darkest end would vanish, so the dark theme starts it further up (at 0.28).
   */
  readonly resultScale: readonly string[];
}

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const LIGHT_CHART_THEME: ChartTheme = {
  text: '#1f2630',
  mutedText: '#5d6675',
  grid: '#e6e9ee',
  axisLine: '#c5cbd4',
  hoverBackground: '#ffffff',
  hoverBorder: '#c5cbd4',
  fontFamily: FONT_FAMILY,
  colorway: ['#2f6fdb', '#e07b1a', '#2a9d5c', '#c8364a', '#8a55c9', '#1f9fb4', '#b8860b', '#d45ca6', '#5b7083', '#6e9f2e'],
  resultScale: ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725'],
};

export const DARK_CHART_THEME: ChartTheme = {
  text: '#dfe3ea',
  mutedText: '#9aa3b2',
  grid: '#2c323c',
  axisLine: '#3d4552',
  hoverBackground: '#1d2129',
  hoverBorder: '#3d4552',
  fontFamily: FONT_FAMILY,
  colorway: ['#6ea2ff', '#f2a154', '#5cc98a', '#f0707f', '#b38cf0', '#4fc9dc', '#e0be4f', '#f08cc8', '#9aabbd', '#a3cf63'],
  resultScale: ['#375a8c', '#2b748e', '#228d8d', '#21a585', '#40bd72', '#77d153', '#bade28', '#fde725'],
};
