import { expect, test } from '@playwright/test';
import { seedDatabase } from '../../bench/ui/seed';
import { DENSITY_MARKERS } from '../../renderer/charts/density';
import { HIGHLIGHTED_CURVES } from '../../renderer/charts/learning-curves-figure';
import { serveForThisFile } from './support/serve';

// Past the thresholds where the dashboard summarises instead of drawing every trial (50 curves,
// 1,000 markers), yet quick to seed: the 10,000-trial figures are bench:ui's job, not a test's.
const TRIALS = 2000;
const STEPS = 20;

const serve = serveForThisFile();

test('a 2,000-trial dashboard draws the best curves over an envelope of the rest, and densities under the best trials in the analysis', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const { experimentId } = seedDatabase({
    file: serve.databaseFile,
    trials: TRIALS,
    steps: STEPS,
    // The experiment is never started here; its command only has to be valid.
    streamTrial: 'never-run.cjs',
    pointsPerSecondPerTrial: 1,
    trialSeconds: 1,
    parallel: 1,
    workdir: '/tmp',
  });
  await page.setViewportSize({ width: 1400, height: 1000 });
  const metricCalls: string[] = [];
  page.on('request', (request) => {
    const call = /\/api\/(metrics\/[a-z]+)/.exec(request.url())?.[1];
    if (call !== undefined) metricCalls.push(call);
  });
  await page.goto(`${serve.url}#/experiments/${experimentId}`);

  await expect(page.locator('table[aria-label="Trials"] tbody tr[data-trial]').first()).toBeVisible();
  // The 20 best trials on their own, plus the envelope's band edges and median.
  await expect(page.locator('.curves__plot .scatterlayer .trace')).toHaveCount(HIGHLIGHTED_CURVES + 3);
  // Drawn from the back end's summary (metrics/summary): the envelope of the other 1,980 trials
  // came without their points, and no point of them was fetched.
  expect(metricCalls).toEqual(['metrics/summary']);
  const envelope = await page.locator('.curves__plot').evaluate((node) => {
    const data = (node as unknown as { data: { uid?: string; name?: string; x: number[]; y: number[] }[] }).data;
    const median = data.find((trace) => trace.uid === 'envelope-median');
    const high = data.find((trace) => trace.uid === 'envelope-high');
    return { name: median?.name, steps: median?.x.length ?? 0, median: median?.y ?? [], high: high?.y ?? [] };
  });
  expect(envelope.name).toBe(`other ${TRIALS - HIGHLIGHTED_CURVES} trials: median, 10-90%`);
  expect(envelope.steps).toBe(STEPS);
  // The band is a band: its upper edge at or above the median at every step, and the curves fall.
  expect(envelope.median.every((value, index) => value <= envelope.high[index]!)).toBe(true);
  expect(envelope.median[STEPS - 1]!).toBeLessThan(envelope.median[0]!);
  await page.screenshot({ path: 'test-results/screens/large-01-curves.png' });

  const analysis = page.locator('section.analysis');
  await analysis.scrollIntoViewIfNeeded();
  const history = page.locator('[role="img"][aria-label="Optimisation history"]');
  await expect(history.locator('.hm image')).toHaveCount(1);
  await expect(history.locator('.scatterlayer .trace').first().locator('.point')).toHaveCount(DENSITY_MARKERS);
  await page.screenshot({ path: 'test-results/screens/large-02-history.png', fullPage: true });

  await page.getByRole('tab', { name: 'Slices', exact: true }).click();
  await expect(page.locator('[role="img"][aria-label="Slice plots"] .hm image')).toHaveCount(4);
  await page.screenshot({ path: 'test-results/screens/large-03-slices.png', fullPage: true });

  await page.getByRole('tab', { name: 'Contour', exact: true }).click();
  await expect(page.locator('[role="img"][aria-label="Contour of a parameter pair"] .scatterlayer .point')).toHaveCount(DENSITY_MARKERS);

  // A trial folded into the envelope still has its whole curve on its own page, fetched for it.
  await page.goto(`${serve.url}#/experiments/${experimentId}/trials/${TRIALS}`);
  await expect(page.getByRole('img', { name: 'val_loss curve' }).locator('.scatterlayer .trace .js-line')).toHaveCount(1);
  expect(metricCalls.filter((call) => call === 'metrics/series')).toHaveLength(1);
  await page.screenshot({ path: 'test-results/screens/large-05-trial.png' });
  expect(problems).toEqual([]);
});

test('Plotly loads after the first paint: without it the table still works and each chart says why it is missing', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  const { experimentId } = seedDatabase({ file: serve.databaseFile, trials: 60, steps: 5, streamTrial: 'never-run.cjs', pointsPerSecondPerTrial: 1, trialSeconds: 1, parallel: 1, workdir: '/tmp' });
  let blocked = true;
  await page.route('**/plotly.js', (route) => (blocked ? route.abort() : route.continue()));
  await page.goto(`${serve.url}#/experiments/${experimentId}`);
  await expect(page.locator('table[aria-label="Trials"] tbody tr[data-trial]').first()).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be drawn: could not load ./plotly.js' }).first()).toBeVisible();
  // The learning curves keep their still drawing, and their alert says so rather than that nothing can be drawn.
  await expect(page.locator('.curves').getByRole('alert')).toHaveText(/^The interactive chart cannot be drawn: could not load \.\/plotly\.js; this is a still drawing of it\./);
  await page.screenshot({ path: 'test-results/screens/large-04-no-plotly.png' });
  // The next chart to mount tries again (a failed load is not remembered): here, after a reload.
  blocked = false;
  await page.reload();
  await expect(page.locator('.curves__plot .scatterlayer .trace').first()).toBeAttached();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be drawn' })).toHaveCount(0);
  expect(errors).toEqual([]);
});
