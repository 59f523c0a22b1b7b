import type { Locator, Page } from '@playwright/test';

/** Page model of the dashboard's analysis area, by role and label. */
export class AnalysisPanel {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Analysis' });
  }

  tab(name: 'History' | 'Parallel coordinates' | 'Importance' | 'Slices' | 'Contour'): Locator {
    return this.region.getByRole('tab', { name, exact: true });
  }

  /** The drawn plot (role img, named like "Optimisation history"). */
  plot(name: string): Locator {
    return this.region.getByRole('img', { name, exact: true });
  }

  /** Plotly's traces in a plot, SVG ones and WebGL ones alike. */
  traces(name: string): Locator {
    return this.plot(name).locator('.scatterlayer .trace, .barlayer .trace, .contourlayer .contour, .gl-container canvas');
  }

  parameterSelect(axis: 'X parameter' | 'Y parameter'): Locator {
    return this.region.getByLabel(axis);
  }
}
