import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseExperimentFile } from '../../shared/experiment-file';
import { Store } from '../../main/store/store';
import { AnalysisPanel, ExperimentListPanel, TrialFilterBar } from './support/analysis-pages';
import { type DashboardPage, WorkbenchPage } from './support/pages';
import { serveForThisFile } from './support/serve';
import { pageProblems } from './support/page-problems';

const repoRoot = path.resolve(__dirname, '..', '..');

// The fixture trainer reports scale / (step + 1), so `scale` decides the result; the other
// parameters go to argv (the trainer ignores them) to give every kind of axis: log, int, choices.
const EXPERIMENT = `name: analysis-sweep
command: ["python3", "test/fixtures/trainer.py", "--steps=3", "--sleep=0.01", "--scale={scale}", "--lr={lr}", "--layers={layers}", "--opt={optimizer}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  scale: {type: float, low: 0.5, high: 2.0}
  lr: {type: float, low: 0.0001, high: 0.1, log: true}
  layers: {type: int, low: 1, high: 4}
  optimizer: {type: categorical, choices: [sgd, adam]}
search: {algorithm: random, seed: 11}
budget: {trials: 16, parallel: 4}
`;

const serve = serveForThisFile();

test('a finished sweep shows its analysis plots, its table filters by state and parameter range, and it is deleted after confirming', async ({ page }) => {
  const problems = pageProblems(page);
  await page.setViewportSize({ width: 1400, height: 1000 });

  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const editor = await workbench.openNewExperiment();
  await editor.write(EXPERIMENT, repoRoot);
  const dashboard: DashboardPage = await editor.createAndStart();
  await expect(dashboard.experimentState).toHaveText('completed', { timeout: 90_000 });
  await expect(dashboard.rowsInState('completed')).toHaveCount(16);

  const analysis = new AnalysisPanel(page);
  await expect(analysis.tab('History')).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => analysis.traces('Optimisation history').count()).toBe(2);
  await analysis.region.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/analysis-01-history.png', fullPage: true });

  await analysis.tab('Parallel coordinates').click();
  // Colour bands of lines, the best trial's line, and the result axis's points.
  await expect.poll(() => analysis.traces('Parallel coordinates').count()).toBeGreaterThanOrEqual(3);
  await expect(analysis.plot('Parallel coordinates')).toContainText('adam');
  await expect(analysis.plot('Parallel coordinates')).toContainText('0.001');
  await analysis.region.screenshot({ path: 'test-results/screens/analysis-02-parallel.png' });

  await analysis.tab('Importance').click();
  await expect.poll(() => analysis.traces('Parameter importance').count()).toBe(1);
  await expect(analysis.region).toContainText('ε²');
  await analysis.region.screenshot({ path: 'test-results/screens/analysis-03-importance.png' });

  await analysis.tab('Slices').click();
  await expect.poll(() => analysis.traces('Slice plots').count()).toBe(4);
  await analysis.region.screenshot({ path: 'test-results/screens/analysis-04-slices.png' });

  await analysis.tab('Contour').click();
  await expect(analysis.parameterSelect('X parameter')).toHaveValue('scale');
  await analysis.parameterSelect('Y parameter').selectOption('lr');
  await expect.poll(() => analysis.plot('Contour of a parameter pair').locator('.contourlayer .contour').count()).toBe(1);
  await expect.poll(() => analysis.plot('Contour of a parameter pair').locator('.scatterlayer .trace').count()).toBe(1);
  await analysis.region.screenshot({ path: 'test-results/screens/analysis-05-contour.png' });

  // The table: a range on one parameter and a value set on another, then a state nobody is in.
  const filters = new TrialFilterBar(page);
  const rows = dashboard.trialRows().filter({ has: page.getByRole('button', { name: /^Show log of trial/ }) });
  await filters.openParameterFilters();
  await filters.bound('scale', 'maximum').fill('1.2');
  await expect.poll(() => rows.count()).toBeLessThan(16);
  const narrowed = await rows.count();
  expect(narrowed).toBeGreaterThan(0);
  for (const cell of await rows.locator('td:nth-child(3)').allTextContents()) expect(Number(cell)).toBeLessThanOrEqual(1.2);
  await filters.choice('optimizer', 'adam').check();
  await expect.poll(() => rows.count()).toBeLessThanOrEqual(narrowed);
  for (const cell of await rows.locator('td:nth-child(6)').allTextContents()) expect(cell).toBe('adam');
  await filters.bound('lr', 'minimum').fill('abc');
  await expect(page.getByRole('alert').filter({ hasText: 'lr minimum' })).toContainText('not a number');
  await filters.bound('lr', 'minimum').fill('');
  await page.getByRole('region', { name: 'Trials' }).screenshot({ path: 'test-results/screens/analysis-06-filtered-table.png' });
  await filters.state('completed').check();
  await expect(page.getByText(/^\d+ of 16 trials/)).toBeVisible();
  await filters.clear.click();
  await expect(rows).toHaveCount(16);
  await expect(filters.bound('scale', 'maximum')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/analysis-07-dashboard.png', fullPage: true });

  // Duplicate opens the editor with the same file and base folder; created as a draft, it joins the list.
  const list = new ExperimentListPanel(page);
  await list.action('analysis-sweep', 'Duplicate').click();
  await expect(editor.yaml).toHaveValue(EXPERIMENT);
  await expect(editor.baseFolder).toHaveValue(repoRoot);
  await editor.yaml.fill(EXPERIMENT.replace('name: analysis-sweep', 'name: another-sweep'));
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(workbench.experiment('another-sweep')).toBeVisible();

  // Search and sort.
  expect(await list.names()).toEqual(['another-sweep', 'analysis-sweep']);
  await list.sort.selectOption({ label: 'Oldest first' });
  expect(await list.names()).toEqual(['analysis-sweep', 'another-sweep']);
  await list.search.fill('another');
  await expect(list.nav.locator('.experiment-item__name')).toHaveText(['another-sweep']);
  await list.search.fill('');
  await page.screenshot({ path: 'test-results/screens/analysis-08-list.png' });

  // Delete the finished sweep: a confirmation first; cancelling keeps it.
  await workbench.experiment('analysis-sweep').click();
  await list.action('analysis-sweep', 'Delete').click();
  await expect(list.confirmation).toContainText('16 trials');
  await page.screenshot({ path: 'test-results/screens/analysis-09-delete-confirmation.png' });
  await list.confirmation.getByRole('button', { name: 'Cancel' }).click();
  await expect(list.confirmation).toHaveCount(0);
  await expect(workbench.experiment('analysis-sweep')).toBeVisible();
  await list.action('analysis-sweep', 'Delete').click();
  await list.confirmation.getByRole('button', { name: 'Delete experiment' }).click();
  await expect(workbench.experiment('analysis-sweep')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Choose an experiment' })).toBeVisible();
  // Gone on the server too.
  await page.reload();
  await expect(workbench.experiment('another-sweep')).toBeVisible();
  await expect(workbench.experiment('analysis-sweep')).toHaveCount(0);

  expect(problems).toEqual([]);
});

/** Writes a finished experiment of `count` completed trials straight into serve's database. */
function seedLargeSweep(databaseFile: string, count: number): void {
  const parsed = parseExperimentFile(EXPERIMENT.replace('name: analysis-sweep', 'name: large-sweep').replace('trials: 16', `trials: ${count}`));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const store = Store.open(databaseFile);
  try {
    store.transaction(() => {
      const now = Date.now();
      const id = store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: EXPERIMENT }, now);
      store.experiments.transition(id, ['draft'], 'completed', { startedAt: now - 60_000, finishedAt: now });
      for (let index = 0; index < count; index += 1) {
        const scale = 0.5 + ((index * 7919) % count) / count * 1.5;
        const params = { scale, lr: 10 ** (-4 + ((index * 104729) % count) / count * 3), layers: 1 + (index % 4), optimizer: index % 3 === 0 ? 'adam' : 'sgd' };
        const trial = store.trials.create(id, params, (number) => path.join(os.tmpdir(), 'tundra-large', String(number)), now);
        store.trials.transition(trial.id, ['queued'], 'completed', { value: scale / 3, lastStep: 2, startedAt: now - 1000, endedAt: now });
      }
    });
  } finally {
    store.close();
  }
}

test('a sweep of 10,000 trials keeps only the rows in view in the table, and scrolls and sorts through all of them', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  // Drawing thousands of SVG points on a loaded 2-core machine is slow; the assertions are about
  // what is rendered, not how fast (bench:ui measures that).
  test.setTimeout(240_000);
  seedLargeSweep(serve.databaseFile, 10_000);
  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  await workbench.experiment('large-sweep').click();
  const trials = page.getByRole('region', { name: 'Trials' });
  await expect(trials).toContainText('10000 trials');
  const rendered = page.locator('tr[data-trial]');
  await expect(page.getByRole('button', { name: 'Show log of trial 1', exact: true })).toBeVisible();
  expect(await rendered.count()).toBeLessThan(80);

  // To the end: the last trial is rendered, still only a window of rows.
  await page.locator('.trials__scroll').evaluate((node) => { node.scrollTop = node.scrollHeight; });
  await expect(page.getByRole('button', { name: 'Show log of trial 10000', exact: true })).toBeVisible();
  expect(await rendered.count()).toBeLessThan(80);

  // Sorting by value puts the best first, through all 10,000.
  await page.locator('.trials__scroll').evaluate((node) => { node.scrollTop = 0; });
  await page.getByRole('button', { name: /^Value/ }).click();
  const firstValue = Number.parseFloat((await rendered.first().locator('td').nth(6).textContent()) ?? '');
  expect(firstValue).toBeCloseTo(0.5 / 3, 3);

  const analysis = new AnalysisPanel(page);
  await analysis.tab('Parallel coordinates').click();
  await expect.poll(() => analysis.traces('Parallel coordinates').count()).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: 'test-results/screens/analysis-10-large-sweep.png' });
  expect(problems).toEqual([]);
});
