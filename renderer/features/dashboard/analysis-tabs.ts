/** The views of the dashboard's analysis area, in tab order. */
export const ANALYSIS_TABS = ['history', 'parallel', 'importance', 'slices', 'contour'] as const;
export type AnalysisTab = (typeof ANALYSIS_TABS)[number];

export const ANALYSIS_TAB_LABELS: { readonly [T in AnalysisTab]: string } = {
  history: 'History',
  parallel: 'Parallel coordinates',
  importance: 'Importance',
  slices: 'Slices',
  contour: 'Contour',
};

/** What the plot is called for screen readers (and tests). */
export const ANALYSIS_PLOT_NAMES: { readonly [T in AnalysisTab]: string } = {
  history: 'Optimisation history',
  parallel: 'Parallel coordinates',
  importance: 'Parameter importance',
  slices: 'Slice plots',
  contour: 'Contour of a parameter pair',
};

/** Arrow keys move between tabs (WAI-ARIA tabs pattern), wrapping at the ends. */
export function neighbourTab(current: AnalysisTab, key: string): AnalysisTab | null {
  const index = ANALYSIS_TABS.indexOf(current);
  const count = ANALYSIS_TABS.length;
  if (key === 'ArrowRight') return ANALYSIS_TABS[(index + 1) % count] ?? null;
  if (key === 'ArrowLeft') return ANALYSIS_TABS[(index - 1 + count) % count] ?? null;
  if (key === 'Home') return ANALYSIS_TABS[0];
  if (key === 'End') return ANALYSIS_TABS[count - 1] ?? null;
  return null;
}

/**
 * The pair the contour shows unless the user picks one: the two most important parameters, or the
 * first two. A pick that no longer exists (another experiment's) falls back the same way.
 */
export function defaultPair(names: readonly string[], byImportance: readonly string[], picked: readonly [string | null, string | null]): [string, string] | null {
  if (names.length < 2) return null;
  const ranked = [...byImportance.filter((name) => names.includes(name)), ...names.filter((name) => !byImportance.includes(name))];
  const x = picked[0] !== null && names.includes(picked[0]) ? picked[0] : ranked[0]!;
  const y = picked[1] !== null && names.includes(picked[1]) && picked[1] !== x ? picked[1] : ranked.find((name) => name !== x)!;
  return [x, y];
}

/** Slice panels are this tall; the plot grows with the rows it needs. */
export const SLICE_ROW_HEIGHT = 220;
