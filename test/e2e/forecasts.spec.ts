import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { serveForThisFile } from './support/serve';
import { WorkbenchPage } from './support/pages';
import { pageProblems } from './support/page-problems';

const repoRoot = path.resolve(__dirname, '..', '..');

// The checkpointing fixture's loss is x / (step + 1): freeze_thaw freezes the large-x trials, whose
// forecasts then stay on the chart as bands.
const EXPERIMENT = `name: forecasts
command: ["python3", "test/fixtures/checkpointing-trainer.py", "--steps=60", "--sleep=0.03", "--scale={x}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  x: {type: float, low: 0.1, high: 10, log: true}
search: {algorithm: random, seed: 3}
budget: {trials: 8, parallel: 2}
resource: {max: 15, min: 2}
policy: {name: freeze_thaw}
faults: {freeze_grace: 5}
`;

const serve = serveForThisFile();

/** How many forecast medians the learning-curves plot draws (its traces' uids say which). */
async function forecastTraces(curves: Locator): Promise<number> {
  return curves.locator('.js-plotly-plot').evaluate((plot) => ((plot as unknown as { data?: { uid?: string }[] }).data ?? []).filter((trace) => trace.uid?.startsWith('forecast-median-')).length);
}

test('the frozen trials of a freeze_thaw experiment carry their forecast bands on the learning curves, and the toggle hides them', async ({ page }) => {
  const problems = pageProblems(page);

  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const editor = await workbench.openNewExperiment();
  await editor.write(EXPERIMENT, repoRoot);
  const dashboard = await editor.createAndStart();
  await expect(dashboard.experimentState).toHaveText('completed', { timeout: 60_000 });
  await expect(dashboard.rowsInState('frozen').first()).toBeVisible();

  const toggle = dashboard.curves.page().getByRole('checkbox', { name: 'Forecasts' });
  await expect(toggle).toBeChecked();
  // Every frozen trial (at most a dozen are drawn) once the forecasts are refetched after the last change.
  const frozen = await dashboard.rowsInState('frozen').count();
  await expect.poll(() => forecastTraces(dashboard.curves), { timeout: 15_000 }).toBe(Math.min(frozen, 12));
  await page.screenshot({ path: 'test-results/screens/forecasts-01-bands.png', fullPage: true });

  await toggle.uncheck();
  await expect.poll(() => forecastTraces(dashboard.curves)).toBe(0);
  expect(problems).toEqual([]);
});
