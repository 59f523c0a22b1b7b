import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The experiments list's "Import…" dialog. */
export class ImportDialogModel {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Import' });
  }

  static async open(page: Page): Promise<ImportDialogModel> {
    await page.getByRole('complementary').getByRole('button', { name: 'Import…' }).click();
    const model = new ImportDialogModel(page);
    await expect(model.dialog).toBeVisible();
    return model;
  }

  /** Chooses an experiment file from disk (read in the browser) and the folder its workdir is relative to. */
  async importExperimentFile(file: string, folder: string): Promise<void> {
    await this.dialog.getByRole('radio', { name: 'An experiment file' }).check();
    await this.dialog.getByLabel('Experiment file', { exact: true }).setInputFiles(file);
    await expect(this.dialog.getByText(/^Read .+: it opens in the editor/)).toBeVisible();
    await this.dialog.getByLabel('Experiment folder').fill(folder);
    await this.dialog.getByRole('button', { name: 'Open in the editor' }).click();
  }

  /** Chooses a W&B sweep file from disk (read in the browser) and the folder its program is in. */
  async importSweepFile(file: string, folder: string): Promise<void> {
    await this.dialog.getByRole('radio', { name: 'A W&B sweep file' }).check();
    await this.dialog.getByLabel('Sweep file', { exact: true }).setInputFiles(file);
    await expect(this.dialog.getByLabel('Sweep YAML')).not.toHaveValue('');
    await this.dialog.getByLabel('Sweep folder').fill(folder);
    await this.dialog.getByRole('button', { name: 'Import sweep' }).click();
  }

  async importStudy(file: string, study?: string): Promise<void> {
    await this.dialog.getByRole('radio', { name: 'An Optuna study' }).check();
    await this.dialog.getByLabel('Study file').fill(file);
    if (study !== undefined) await this.dialog.getByLabel('Study name (optional)').fill(study);
    await this.dialog.getByRole('button', { name: 'Import study' }).click();
  }
}

/** The shared "Export…" menu on the dashboard header and the trial page. */
export class ExportMenuModel {
  readonly menu: Locator;

  constructor(readonly page: Page) {
    this.menu = page.getByRole('dialog', { name: 'Export' });
  }

  static async open(page: Page): Promise<ExportMenuModel> {
    const button = page.getByRole('main').getByRole('button', { name: 'Export…' });
    // The menu closes when the page scrolls (it would drift from its button): let Playwright's
    // scroll into view settle before the click, as a person's scrolling has.
    await button.scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await button.click();
    const model = new ExportMenuModel(page);
    await expect(model.menu).toBeVisible();
    return model;
  }

  /** `label` is the menu's short name: `YAML`, `CSV of all trials`, ... */
  async download(label: string): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.menu.getByRole('button', { name: `Download ${label}`, exact: true }).click()]);
    return download;
  }

  async copy(label: string): Promise<void> {
    await this.menu.getByRole('button', { name: `Copy ${label}`, exact: true }).click();
    await expect(this.menu.getByRole('status')).toHaveText(`Copied ${label}`);
  }
}
