import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serveForThisFile } from './support/serve';
import { WorkbenchPage } from './support/pages';
import { openCloneDialog } from './support/row-pages';
import { pageProblems } from './support/page-problems';

const repoRoot = path.resolve(__dirname, '..', '..');
const SCREENS = path.join(repoRoot, 'test-results', 'screens');

const EXPERIMENT = `name: clone-edits
command: ["python3", "test/fixtures/trainer.py", "--steps=3", "--sleep=0.01", "--scale={x}", "--opt={optimizer}", "--momentum={momentum}", "--layers={layers}", "--aug={augment}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  x: {type: float, low: 0.5, high: 2.0}
  layers: {type: int, low: 1, high: 4}
  optimizer: {type: categorical, choices: [adam, sgd]}
  momentum: {type: float, low: 0.5, high: 0.99, default: 0.9, when: {optimizer: sgd}}
  augment: {type: bool}
search: {algorithm: grid, grid_points: 2}
budget: {trials: 1, parallel: 1}
`;

const serve = serveForThisFile();

test('a trial is cloned with edited parameters from its row and from its page: the form checks them against the space and the new trials run', async ({ page }) => {
  const problems = pageProblems(page);

  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const editor = await workbench.openNewExperiment();
  await editor.write(EXPERIMENT, repoRoot);
  const dashboard = await editor.createAndStart();
  await expect(dashboard.trialState(1)).toHaveText('completed');
  await expect(dashboard.experimentState).toHaveText('completed');

  // The grid's first configuration: x 0.5, layers 1, sgd with momentum 0.5, no augment.
  await expect(dashboard.trialRow(1).locator('td.col-param')).toHaveText(['0.5', '1', 'sgd', '0.5', 'false']);

  const clone = await openCloneDialog(dashboard.trials, page, 1);
  await expect(clone.dialog).toBeVisible();
  // Prefilled with the trial: one input per parameter by its type, with its range.
  await expect(clone.field('x')).toHaveValue('0.5');
  await expect(clone.field('optimizer')).toHaveJSProperty('tagName', 'SELECT');
  await expect(clone.field('augment')).toHaveAttribute('type', 'checkbox');
  await expect(clone.field('momentum')).toHaveValue('0.5');
  await expect(clone.dialog.getByText('0.5 .. 2 · was 0.5')).toBeVisible();

  // Out of range and not whole: the field says so, naming itself, and nothing can be sent.
  await clone.field('x').fill('3');
  await clone.field('layers').fill('2.5');
  await expect(clone.errors()).toHaveText(['x: 3 is outside 0.5..2', 'layers: must be a whole number']);
  await expect(clone.field('x')).toHaveAttribute('aria-invalid', 'true');
  await expect(clone.queue).toBeDisabled();
  await page.screenshot({ path: path.join(SCREENS, 'clone-dialog-errors.png') });

  await clone.field('x').fill('1.25');
  await clone.field('layers').fill('3');
  // momentum exists only under sgd: choosing adam takes its field away.
  await clone.field('optimizer').selectOption('adam');
  await expect(clone.field('momentum')).toHaveCount(0);
  await clone.field('augment').check();
  await expect(clone.errors()).toHaveCount(0);
  await clone.queue.click();
  await expect(clone.dialog).toHaveCount(0);

  // The new trial appears in the table with the edited values and runs to the end.
  await expect(dashboard.trialRows()).toHaveCount(2);
  await expect(dashboard.trialState(2)).toHaveText('completed');
  await expect(dashboard.trialRow(2).locator('td.col-param')).toHaveText(['1.25', '3', 'adam', '—', 'true']);

  // From the trial's page: choosing sgd brings momentum back, starting at its default.
  const trialPage = await dashboard.openTrial(2);
  await expect(trialPage.heading(2)).toBeVisible();
  const again = await openCloneDialog(trialPage.main, page, 2);
  await again.field('optimizer').selectOption('sgd');
  await expect(again.field('momentum')).toHaveValue('0.9');
  await expect(again.dialog.getByText('0.5 .. 0.99 · new for this configuration')).toBeVisible();
  await again.field('momentum').fill('0.95');
  await page.screenshot({ path: path.join(SCREENS, 'clone-dialog.png') });
  await again.queue.click();
  await expect(again.dialog).toHaveCount(0);
  await trialPage.backTo('clone-edits').click();
  await expect(dashboard.trialRows()).toHaveCount(3);
  await expect(dashboard.trialState(3)).toHaveText('completed');
  await expect(dashboard.trialRow(3).locator('td.col-param')).toHaveText(['1.25', '3', 'sgd', '0.95', 'true']);
  await page.screenshot({ path: path.join(SCREENS, 'clone-table.png') });
  expect(problems).toEqual([]);
});
