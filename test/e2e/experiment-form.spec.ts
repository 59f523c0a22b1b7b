import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ExperimentFormPanel } from './support/editor-pages';
import { DashboardPage, WorkbenchPage } from './support/pages';
import { serveForThisFile } from './support/serve';
import { pageProblems } from './support/page-problems';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

const serve = serveForThisFile();

test('a person builds a conditional space in the form, fixes a validation error, sees the YAML follow and runs it', async ({ page }) => {
  const problems = pageProblems(page);

  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  await workbench.openNewExperiment();
  const editor = new ExperimentFormPanel(page);
  await editor.baseFolder.fill(FIXTURES);

  await editor.field('Experiment name').fill('form-built');
  await editor.writeCommand(['python3', 'trainer.py', '--steps=3', '--sleep=0.01', '--scale={scale}', '--optimizer={optimizer}', '--momentum={momentum}']);
  await editor.field('Objective metric').fill('val_loss');
  await editor.field('Direction').selectOption('min');
  await editor.field('Searcher').selectOption('random');
  await expect(editor.form.getByText('Independent random draws')).toBeVisible();
  await editor.field('Seed').fill('7');
  // The file's validation shows at the field it is about.
  await editor.field('Trials').fill('0');
  await expect(editor.form.getByText('must be at least 1')).toBeVisible();
  await expect(editor.field('Trials')).toHaveAttribute('aria-invalid', 'true');
  await editor.field('Trials').fill('4');
  await expect(editor.form.getByText('must be at least 1')).toHaveCount(0);
  await editor.field('In parallel').fill('2');
  await page.screenshot({ path: 'test-results/screens/09-experiment-form-top.png' });

  // A log scale with low 0: the row names the problem and the fix.
  const { space } = editor;
  await space.add();
  const first = space.row('param');
  await expect(first.input('Name')).toBeFocused();
  await first.input('Name').fill('scale');
  const scale = space.row('scale');
  await scale.input('Low').fill('0');
  await scale.input('High').fill('2');
  await scale.select('Scale').selectOption('log');
  await expect(scale.issues).toContainText(['low must be > 0 when log is true; raise low or set log: false']);
  await expect(scale.input('Low')).toHaveAttribute('aria-invalid', 'true');
  await expect(scale.histogram).toHaveCount(0);
  await editor.space.section.screenshot({ path: 'test-results/screens/10-space-editor-error.png' });
  await scale.input('Low').fill('0.5');
  await expect(scale.issues).toHaveCount(0);
  await expect(scale.histogram).toHaveAttribute('aria-label', /1000 draws of scale on a log scale from 0.5 to 2/);

  // Enter adds the next row below the one being edited.
  await scale.input('High').press('Enter');
  await expect(space.row('param').input('Name')).toBeFocused();
  await space.row('param').input('Name').fill('optimizer');
  const optimizer = space.row('optimizer');
  await optimizer.select('Type').selectOption('categorical');
  await optimizer.input('Choices').fill('adam, sgd');
  await optimizer.input('Choices').press('Enter');
  await space.row('param').input('Name').fill('momentum');
  const momentum = space.row('momentum');
  await momentum.input('Low').fill('0.5');
  await momentum.input('High').fill('0.99');
  await momentum.select('Scale').selectOption('reverse-log');
  await momentum.select('Only when').selectOption('optimizer');
  await expect(momentum.input('is')).toHaveValue('adam');
  await momentum.input('is').fill('sgd');
  await expect(momentum.histogram).toBeVisible();

  // The YAML follows the form.
  await expect(editor.yaml).toHaveValue(/momentum: \{type: float, low: 0\.5, high: 0\.99, reverse_log: true, when: \{optimizer: sgd\}\}/);
  await expect(editor.yaml).toHaveValue(/scale: \{type: float, low: 0\.5, high: 2, log: true\}/);
  await expect(editor.yaml).toHaveValue(/command: \["python3", "trainer\.py", .*"--momentum=\{momentum\}"\]/);

  // Keyboard reorder, duplicate and delete.
  await momentum.input('Name').press('Alt+ArrowUp');
  expect(await space.names()).toEqual(['scale', 'momentum', 'optimizer']);
  await expect(editor.yaml).toHaveValue(/momentum:[^\n]*\n\s*optimizer:/);
  await momentum.button('Move down').click();
  expect(await space.names()).toEqual(['scale', 'optimizer', 'momentum']);
  await scale.button('Duplicate').click();
  expect(await space.names()).toEqual(['scale', 'scale_copy', 'optimizer', 'momentum']);
  await space.row('scale_copy').button('Delete').click();
  expect(await space.names()).toEqual(['scale', 'optimizer', 'momentum']);

  // The preview shows the argv of the default configuration (the centre of each scale), and an
  // inactive parameter's argument is left out.
  await expect(editor.previewArgv()).toHaveText(['python3', 'trainer.py', '--steps=3', '--sleep=0.01', '--scale=1', '--optimizer=sgd', /^--momentum=0\.92/]);
  await optimizer.input('Default').fill('adam');
  await expect(editor.previewArgv()).toHaveText(['python3', 'trainer.py', '--steps=3', '--sleep=0.01', '--scale=1', '--optimizer=adam']);

  // The metric tester reads pasted output with the trial's own matcher.
  await editor.field('Test with your script’s output').fill('loading...\nepoch 2 train_loss=0.4 val_loss=0.25');
  const extracted = editor.form.getByRole('table', { name: 'Extracted metrics' });
  await expect(extracted.getByRole('row').nth(2)).toContainText('val_loss = 0.25');
  await expect(extracted.getByRole('row').nth(1)).toContainText('nothing');
  await extracted.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/13-metric-tester.png' });

  await expect(page.getByRole('status').filter({ hasText: 'form-built · 3 parameters · 4 trials, 2 at a time' })).toBeVisible();
  await editor.form.screenshot({ path: 'test-results/screens/11-experiment-form.png' });
  await page.screenshot({ path: 'test-results/screens/12-form-and-yaml.png' });

  // The form follows the YAML, and waits while the YAML does not parse.
  const written = await editor.yamlText();
  await editor.yaml.fill(written.replace('trials: 4', 'trials: 6').replace('optimizer: {type: categorical, choices: [adam, sgd]', 'optimizer: {type: categorical, choices: [adam, sgd, rmsprop]'));
  await expect(editor.field('Trials')).toHaveValue('6');
  await expect(optimizer.input('Choices')).toHaveValue('adam, sgd, rmsprop');
  await editor.yaml.fill(`${written}\nspace: [oops`);
  await expect(editor.waiting).toBeVisible();
  await expect(editor.field('Trials')).toBeDisabled();
  await editor.yaml.fill(written);
  await expect(editor.waiting).toHaveCount(0);
  await expect(editor.field('Trials')).toHaveValue('4');

  // Created from the form, it runs.
  await page.getByRole('button', { name: 'Create and start' }).click();
  const dashboard = new DashboardPage(page);
  await expect(workbench.experiment('form-built')).toBeVisible();
  await expect.poll(() => dashboard.rowsInState('completed').count(), { timeout: 60_000 }).toBe(4);
  expect(problems).toEqual([]);
});

test('the form keeps the comments and the fields it does not know when it edits an example', async ({ page }) => {
  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const editor = await workbench.openNewExperiment();
  await editor.tryExample('quickstart');
  const form = new ExperimentFormPanel(page);
  await expect(form.field('Experiment name')).toHaveValue('quickstart');
  expect(await form.space.names()).toEqual(['lr', 'hidden', 'activation']);
  await form.field('Trials').fill('20');
  await form.space.row('hidden').select('Scale').selectOption('linear');
  const yaml = await form.yamlText();
  expect(yaml).toContain('# Tundra quickstart: tune a small neural network on handwritten digits');
  expect(yaml).toContain('budget: {trials: 20, parallel: 2}');
  expect(yaml).toContain('hidden: {type: int, low: 8, high: 64}');
  expect(yaml).toContain('env: {}');
  expect(yaml).toContain('search: {algorithm: random, seed: 1}');

  // A policy brings its own settings and needs the resource it spends.
  await form.field('Policy').selectOption('asha');
  await expect(form.form.getByText('Asynchronous successive halving')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Problems in the experiment file' })).toContainText('policy asha needs the resource it spends');
  await form.field('Resource max (steps)').fill('10');
  await form.field('eta').fill('2');
  await form.field('Variant').selectOption('promotion');
  await expect(form.form.getByText('Freezes each trial at its rung')).toBeVisible();
  await expect(form.yaml).toHaveValue(/policy:\n {2}name: asha\n {2}eta: 2\n {2}variant: promotion\n/);
  await expect(form.yaml).toHaveValue(/resource:\n {2}max: 10\n/);
  await expect(page.getByRole('status').filter({ hasText: 'quickstart · 3 parameters · 20 trials' })).toBeVisible();
  await form.field('Policy').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/14-policy.png' });
});
