import type { Locator, Page } from '@playwright/test';

/** The "Clone trial N with edits" dialog (features/dashboard/CloneTrialDialog), located by role and label. */
export class CloneDialogModel {
  readonly dialog: Locator;
  readonly queue: Locator;
  readonly cancel: Locator;

  constructor(
    readonly page: Page,
    trialNumber: number,
  ) {
    this.dialog = page.getByRole('dialog', { name: `Clone trial ${trialNumber} with edits` });
    this.queue = this.dialog.getByRole('button', { name: 'Queue clone' });
    this.cancel = this.dialog.getByRole('button', { name: 'Cancel' });
  }

  /** The field of one parameter: a number box, a choice, a checkbox or the fixed value. */
  field(name: string): Locator {
    return this.dialog.getByLabel(name, { exact: true });
  }

  /** What is wrong with the values, each message naming its field. */
  errors(): Locator {
    return this.dialog.locator('.field-error');
  }
}

/** Opens the clone dialog of a trial from its row in the trials table, or from the trial page's controls. */
export async function openCloneDialog(scope: Locator, page: Page, trialNumber: number): Promise<CloneDialogModel> {
  await scope.getByRole('button', { name: `Clone trial ${trialNumber} with edits`, exact: true }).click();
  return new CloneDialogModel(page, trialNumber);
}
