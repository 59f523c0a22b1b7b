import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serveForThisFile } from './support/serve';
import { WorkbenchPage } from './support/pages';
import { pageProblems } from './support/page-problems';

const repoRoot = path.resolve(__dirname, '..', '..');

// Maximised, the fixture's x / (step + 1) falls with the steps: ASHA's stopping variant ends the
// small-x trials at a rung, where their values are still higher than the winners' final ones.
const EXPERIMENT = `name: stopped-early
command: ["python3", "test/fixtures/trainer.py", "--steps=9", "--sleep=0.01", "--scale={x}"]
workdir: .
objective: {metric: val_loss, mode: max}
space:
  x: {type: float, low: 0.1, high: 10}
search: {algorithm: random, seed: 1}
budget: {trials: 9, parallel: 1}
resource: {max: 8, min: 1}
policy: {name: asha, eta: 3, variant: stopping}
`;

const serve = serveForThisFile();

test('the trials table marks the trials a policy stopped early, and the best mark is on a trial that ran to the end', async ({ page }) => {
  const problems = pageProblems(page);

  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const editor = await workbench.openNewExperiment();
  await editor.write(EXPERIMENT, repoRoot);
  const dashboard = await editor.createAndStart();
  await expect(dashboard.experimentState).toHaveText('completed', { timeout: 60_000 });

  const early = dashboard.trialRows().filter({ has: page.locator('.state-note', { hasText: 'stopped early' }) });
  await expect(early.first()).toBeVisible();
  const earlyCount = await early.count();
  expect(earlyCount).toBeGreaterThan(0);
  expect(earlyCount).toBeLessThan(9);
  await expect(early.first().locator('.state-note', { hasText: 'stopped early' })).toHaveAttribute('title', /^Ended by the policy at step \d+: .*never the best trial$/);
  // Every trial completed; the best mark sits on one without the note.
  await expect(dashboard.rowsInState('completed')).toHaveCount(9);
  const best = dashboard.trialRows().filter({ has: page.getByTitle('Best trial so far') });
  await expect(best).toHaveCount(1);
  await expect(best.locator('.state-note', { hasText: 'stopped early' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/stopped-early-01-dashboard.png', fullPage: true });
  await dashboard.trials.scrollIntoViewIfNeeded();
  await early.first().locator('.state-note').hover();
  await dashboard.trials.screenshot({ path: 'test-results/screens/stopped-early-02-table.png' });
  expect(problems).toEqual([]);
});
