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

/** The trials table's filter bar. */
export class TrialFilterBar {
  constructor(readonly page: Page) {}

  state(state: string): Locator {
    return this.page.getByRole('group', { name: 'Filter by state' }).getByRole('checkbox', { name: new RegExp(`^${state} \\d+$`) });
  }

  async openParameterFilters(): Promise<void> {
    await this.page.getByRole('button', { name: /^Parameter filters/ }).click();
  }

  bound(param: string, side: 'minimum' | 'maximum'): Locator {
    return this.page.getByRole('textbox', { name: `${param} ${side}`, exact: true });
  }

  choice(param: string, label: string): Locator {
    return this.page.getByRole('group', { name: param, exact: true }).getByRole('checkbox', { name: label, exact: true });
  }

  get clear(): Locator {
    return this.page.getByRole('button', { name: 'Clear filters' });
  }
}

/** The sidebar's tools and one experiment's row actions. */
export class ExperimentListPanel {
  readonly nav: Locator;
  readonly search: Locator;
  readonly sort: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Experiments' });
    this.search = this.nav.getByRole('searchbox', { name: 'Search experiments' });
    this.sort = this.nav.getByRole('combobox', { name: 'Sort experiments' });
  }

  /** The names in list order. */
  names(): Promise<string[]> {
    return this.nav.locator('.experiment-item__name').allTextContents();
  }

  entry(name: string): Locator {
    return this.nav.getByRole('listitem').filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  action(name: string, action: 'Duplicate' | 'Delete'): Locator {
    return this.entry(name).getByRole('button', { name: action, exact: true });
  }

  get confirmation(): Locator {
    return this.page.getByRole('dialog', { name: /^Delete/ });
  }
}
