import type { Locator, Page } from '@playwright/test';

/** The experiments list's database line and its "Open database" dialog (features/experiments/DatabaseBar). */
export class DatabaseBarModel {
  readonly fileName: Locator;
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly path: Locator;
  readonly open: Locator;
  readonly cancel: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.fileName = page.getByLabel('Database file', { exact: true }).and(page.locator('.database-bar__name'));
    this.openButton = page.getByRole('button', { name: 'Open database…' });
    this.dialog = page.getByRole('dialog', { name: 'Open database' });
    this.path = this.dialog.getByLabel('Database file', { exact: true });
    this.open = this.dialog.getByRole('button', { name: 'Open', exact: true });
    this.cancel = this.dialog.getByRole('button', { name: 'Cancel' });
    this.error = this.dialog.getByRole('alert');
  }

  /** Types a path into the dialog and presses Open; the dialog stays open when it is refused. */
  async openFile(file: string): Promise<void> {
    await this.openButton.click();
    await this.path.fill(file);
    await this.open.click();
  }
}
