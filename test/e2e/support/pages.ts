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
    this.baseFolder = page.getByLabel('Base folder');
    this.issues = page.getByRole('alert');
  }

  async tryExample(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Try an example' }).first().click();
    const examples = this.page.getByRole('dialog', { name: 'Examples' });
    await examples.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await expect(this.yaml).toHaveValue(new RegExp(`name: ${name}`));
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

  constructor(readonly page: Page) {
    this.trials = page.getByRole('table', { name: 'Trials' });
    this.curves = page.getByRole('img', { name: 'Learning curves' });
    this.stopExperiment = page.getByRole('button', { name: 'Stop experiment' });
  }

  trialRows(): Locator {
    return this.trials.locator('tbody tr');
  }

  rowsInState(state: string): Locator {
    return this.trialRows().filter({ hasText: state });
  }
}
