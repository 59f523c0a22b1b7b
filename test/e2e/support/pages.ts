import { expect, type Locator, type Page } from '@playwright/test';

/** Page models: what a person sees and does, located by role and label. */
export class WorkbenchPage {
  readonly experiments: Locator;
  readonly newExperimentButton: Locator;

  constructor(readonly page: Page) {
    this.experiments = page.getByRole('navigation', { name: 'Experiments' });
    this.newExperimentButton = page.getByRole('button', { name: 'New experiment' }).first();
  }

  async openNewExperiment(): Promise<EditorPanel> {
    await this.newExperimentButton.click();
    return new EditorPanel(this.page);
  }

  experiment(name: string): Locator {
    return this.experiments.getByRole('button', { name });
  }
}

export class EditorPanel {
  readonly yaml: Locator;
  readonly baseFolder: Locator;
  readonly issues: Locator;

  constructor(readonly page: Page) {
    this.yaml = page.getByLabel('Experiment file (YAML)');
    this.baseFolder = page.getByRole('textbox', { name: 'Base folder', exact: true });
    this.issues = page.getByRole('alert');
  }

  async tryExample(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Try an example' }).first().click();
    const examples = this.page.getByRole('dialog', { name: 'Examples' });
    await examples.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await expect(this.yaml).toHaveValue(new RegExp(`name: ${name}`));
  }

  /** Types an experiment file and the folder its `workdir` is relative to. */
  async write(yaml: string, baseFolder: string): Promise<void> {
    await this.yaml.fill(yaml);
    await this.baseFolder.fill(baseFolder);
  }

  async createAndStart(): Promise<DashboardPage> {
    await this.page.getByRole('button', { name: 'Create and start' }).click();
    return new DashboardPage(this.page);
  }
}

export class DashboardPage {
  readonly trials: Locator;
  readonly curves: Locator;
  readonly stopExperiment: Locator;
  /** The experiment's state badge, beside its name. */
  readonly experimentState: Locator;

  constructor(readonly page: Page) {
    this.trials = page.getByRole('table', { name: 'Trials' });
    this.curves = page.getByRole('img', { name: 'Learning curves' });
    this.stopExperiment = page.getByRole('button', { name: 'Stop experiment' });
    this.experimentState = page.getByRole('main').locator('.dash-header__title .badge');
  }

  /** A button in the header: `Pause all`, `Freeze all`, `Resume (thaw 2 frozen)` ... */
  experimentButton(name: string | RegExp): Locator {
    return this.page.getByRole('main').getByRole('button', { name, exact: typeof name === 'string' });
  }

  trialRow(trialNumber: number): Locator {
    return this.trialRows().filter({ has: this.page.getByRole('button', { name: `Show log of trial ${trialNumber}`, exact: true }) });
  }

  /** The state badge in a trial's row (its text is the state). */
  trialState(trialNumber: number): Locator {
    return this.trialRow(trialNumber).locator('.badge');
  }

  /** A row's control: `trialButton('Freeze', 3)` is the button named "Freeze trial 3". */
  trialButton(action: 'Pause' | 'Resume' | 'Freeze' | 'Thaw' | 'Stop' | 'Retry', trialNumber: number): Locator {
    return this.trials.getByRole('button', { name: `${action} trial ${trialNumber}`, exact: true });
  }

  trialRows(): Locator {
    return this.trials.locator('tbody tr');
  }

  async openTrial(trialNumber: number): Promise<TrialPageModel> {
    await this.trials.getByRole('button', { name: `Open trial ${trialNumber}`, exact: true }).click();
    return new TrialPageModel(this.page);
  }

  rowsInState(state: string): Locator {
    return this.trialRows().filter({ hasText: state });
  }
}

/** A trial's own page: its params, curves, timeline and log. */
export class TrialPageModel {
  readonly main: Locator;
  readonly params: Locator;
  readonly timeline: Locator;
  readonly logSearch: Locator;
  readonly onlyMatchingLines: Locator;
  /** The trial's state badge, beside its heading. */
  readonly state: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.state = this.main.locator('.trial-header__title .badge');
    this.params = this.main.getByRole('table', { name: 'Parameters' });
    this.timeline = this.main.getByRole('list', { name: 'Timeline' });
    this.logSearch = this.main.getByRole('searchbox', { name: 'Search the log' });
    this.onlyMatchingLines = this.main.getByRole('checkbox', { name: 'Only matching lines' });
  }

  heading(trialNumber: number): Locator {
    return this.main.getByRole('heading', { name: `Trial ${trialNumber}`, exact: true, level: 1 });
  }

  /** A control beside the heading: `trialButton('Pause', 3)` is the button named "Pause trial 3". */
  trialButton(action: 'Pause' | 'Resume' | 'Freeze' | 'Thaw' | 'Stop' | 'Retry', trialNumber: number): Locator {
    return this.main.getByRole('button', { name: `${action} trial ${trialNumber}`, exact: true });
  }

  /** The small chart of one metric. */
  curve(metric: string): Locator {
    return this.main.getByRole('img', { name: `${metric} curve`, exact: true });
  }

  /** The stdout or stderr box of the log. */
  logStream(stream: 'stdout' | 'stderr'): Locator {
    return this.main.getByLabel(stream, { exact: true });
  }

  downloadButton(stream: 'stdout' | 'stderr'): Locator {
    return this.main.getByRole('button', { name: `Download ${stream}`, exact: true });
  }

  /** The link back to the experiment's dashboard, named after the experiment. */
  backTo(experimentName: string): Locator {
    return this.main.getByRole('button', { name: `← ${experimentName}`, exact: true });
  }
}
