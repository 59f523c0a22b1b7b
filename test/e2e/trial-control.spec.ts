import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serveForThisFile } from './support/serve';
import { WorkbenchPage } from './support/pages';
import { pageProblems } from './support/page-problems';

const repoRoot = path.resolve(__dirname, '..', '..');

// The fixture trainer ignores control lines, so a freeze ends with SIGTERM after freeze_grace and
// no checkpoint: the trial is frozen, and thawing it restarts it from step 0.
const EXPERIMENT = `name: trial-control
command: ["python3", "test/fixtures/trainer.py", "--steps=4000", "--sleep=0.05", "--scale={x}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  x: {type: float, low: 0.5, high: 2.0}
search: {algorithm: random, seed: 7}
budget: {trials: 2, parallel: 2}
faults: {freeze_grace: 0.5}
`;

const serve = serveForThisFile();

test('a trial is paused, resumed, frozen and thawed from its row, and the experiment frozen and stopped from the header', async ({ page }) => {
  const problems = pageProblems(page);

  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const editor = await workbench.openNewExperiment();
  await editor.write(EXPERIMENT, repoRoot);
  const dashboard = await editor.createAndStart();
  await expect(workbench.experiment('trial-control')).toBeVisible();

  // serve found no nvidia-smi on this machine, and says so instead of listing GPUs.
  await expect(page.getByRole('main').getByText('CPU only', { exact: true })).toBeVisible();
  await expect(dashboard.experimentButton('Freeze all')).toHaveAttribute('title', 'Checkpoint every running trial and free its GPU');

  await expect(dashboard.trialState(1)).toHaveText('running');
  await dashboard.trialButton('Pause', 1).click();
  await expect(dashboard.trialState(1)).toHaveText('paused');
  await expect(dashboard.trialRow(1)).toContainText('keeps GPU memory');

  await dashboard.trialButton('Resume', 1).click();
  await expect(dashboard.trialState(1)).toHaveText('running');

  await dashboard.trialButton('Freeze', 1).click();
  await expect(dashboard.trialState(1)).toHaveText('frozen');
  await expect(dashboard.trialState(1)).toHaveAttribute('title', /^frozen at step \d+ without a checkpoint: thaw restarts it from step 0$/);
  await expect(dashboard.trialButton('Thaw', 1)).toBeVisible();
  await expect(dashboard.trialButton('Stop', 1)).toBeVisible();
  await expect(dashboard.trialButton('Pause', 1)).toHaveCount(0);
  // Written under test-results, not docs/: a test run must not rewrite tracked files.
  await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', 'trial-control.png') });

  await dashboard.trialButton('Thaw', 1).click();
  await expect(dashboard.trialState(1)).toHaveText('running');
  await expect(dashboard.experimentState).toHaveText('running');

  // "Free my GPU now": every running trial freezes and the experiment waits, resumable.
  await dashboard.experimentButton('Freeze all').click();
  await expect(dashboard.experimentState).toHaveText('paused');
  await expect(dashboard.trialState(1)).toHaveText('frozen');
  await expect(dashboard.experimentButton(/^Resume \(thaw \d+ frozen\)$/)).toBeVisible();

  await dashboard.stopExperiment.click();
  await expect(dashboard.experimentState).toHaveText('stopped');
  await expect(dashboard.rowsInState('running')).toHaveCount(0);
  expect(problems).toEqual([]);
});
