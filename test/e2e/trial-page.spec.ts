import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serveForThisFile } from './support/serve';
import { ExportMenuModel } from './support/io-pages';
import { WorkbenchPage } from './support/pages';

const repoRoot = path.resolve(__dirname, '..', '..');
const screens = path.join(repoRoot, 'test-results', 'screens');

// The quickstart's real trainer, shortened: each trial reports val_loss, val_acc and train_loss
// once per epoch and logs `epoch K train_loss=...` lines.
const EXPERIMENT = `name: trial-page
command: ["python3", "train.py", "--lr={lr}", "--hidden={hidden}", "--epochs=5"]
workdir: resources/examples/quickstart
objective: {metric: val_loss, mode: min}
space:
  lr: {type: float, low: 0.05, high: 0.5, log: true}
  hidden: {type: int, low: 8, high: 16}
search: {algorithm: random, seed: 3}
budget: {trials: 2, parallel: 2}
`;

interface ApiTrial {
  readonly id: number;
  readonly number: number;
  readonly params: Record<string, number>;
}

test.describe('on a machine without GPUs', () => {
  const serve = serveForThisFile();

  test('a finished trial\'s page shows its params, every metric, a searchable log and its timeline, and Back returns to the dashboard', async ({ page, context, request }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    const api = (channel: string, args: object) =>
      request.post(`${serve.origin}/api/${channel}`, { headers: { Authorization: `Bearer ${serve.token}`, Origin: serve.origin }, data: args });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });

    await page.goto(serve.url);
    const workbench = new WorkbenchPage(page);
    const editor = await workbench.openNewExperiment();
    await editor.write(EXPERIMENT, repoRoot);
    const dashboard = await editor.createAndStart();
    await expect(dashboard.trialState(1)).toHaveText('completed', { timeout: 60_000 });
    // No GPUs here: the GPU chart says why instead of drawing an empty plot.
    await expect(page.getByRole('main').getByText(/^No GPU utilisation to chart: trials run on the CPU/)).toBeVisible();
    await expect(page.getByRole('img', { name: 'GPU utilisation and memory over time' })).toHaveCount(0);
    const dashboardUrl = page.url();

    const trialPage = await dashboard.openTrial(1);
    await expect(trialPage.heading(1)).toBeVisible();
    await expect(page).toHaveURL(/#\/experiments\/\d+\/trials\/\d+$/);

    // Params in the order of the search space.
    await expect(trialPage.params.getByRole('rowheader')).toHaveText(['lr', 'hidden']);

    // One chart per reported metric, each with its one curve drawn.
    for (const metric of ['val_loss', 'val_acc', 'train_loss']) {
      await expect(trialPage.curve(metric).locator('.scatterlayer .trace')).toHaveCount(1);
    }

    // The timeline tells when it started and how it ended.
    await expect(trialPage.timeline.getByRole('listitem').filter({ hasText: 'started' })).toHaveCount(1);
    await expect(trialPage.timeline.getByRole('listitem').last()).toContainText('completed · exit code 0');
    await page.screenshot({ path: path.join(screens, 'trial-page.png') });

    // The checkpoint folder, and whether the back end finds a checkpoint in it.
    const checkpoint = (await (await api('trials/checkpoint', { trialId: Number(/trials\/(\d+)/.exec(page.url())?.[1]) })).json()) as { value: { dir: string; exists: boolean } };
    await expect(trialPage.main.getByText(checkpoint.value.dir, { exact: true })).toBeVisible();
    await expect(trialPage.main.getByText(checkpoint.value.exists ? 'A checkpoint is there: thaw resumes from it.' : 'No checkpoint written (yet).')).toBeVisible();

    // Search highlights, then filters, the log's lines.
    const stdout = trialPage.logStream('stdout');
    await expect(stdout).toContainText('epoch 5 train_loss=');
    await trialPage.logSearch.fill('EPOCH 3');
    await expect(stdout.locator('mark')).toHaveText(['epoch 3']);
    await expect(page.getByRole('main').getByText('1 matching line', { exact: false }).first()).toBeVisible();
    await expect(stdout).toContainText('epoch 4');
    await trialPage.onlyMatchingLines.check();
    await stdout.scrollIntoViewIfNeeded();
    await expect(stdout).not.toContainText('epoch 4');
    await expect(stdout).toContainText('epoch 3 train_loss=');
    await page.screenshot({ path: path.join(screens, 'trial-page-log-search.png') });

    // The download is the whole stdout, named after the experiment and trial.
    const [download] = await Promise.all([page.waitForEvent('download'), trialPage.downloadButton('stdout').click()]);
    expect(download.suggestedFilename()).toBe('trial-page-trial-1-stdout.log');
    const downloaded = readFileSync(await download.path(), 'utf8');
    expect(downloaded).toMatch(/^digits: /);
    expect(downloaded).toMatch(/^epoch 5 train_loss=/m);

    // The export menu copies exactly the params the API holds for the trial.
    const trials = await api('trials/list', { experimentId: Number(/experiments\/(\d+)/.exec(page.url())?.[1]) });
    const listed = (await trials.json()) as { ok: true; value: ApiTrial[] };
    const first = listed.value.find((trial) => trial.number === 1);
    expect(first).toBeDefined();
    const exportMenu = await ExportMenuModel.open(page);
    await expect(exportMenu.menu.getByRole('region', { name: "Trial 1's config" })).toBeVisible();
    await exportMenu.copy('JSON');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toEqual(first?.params);
    await exportMenu.copy('YAML');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^lr: [0-9.e-]+\nhidden: \d+\n$/);
    await page.keyboard.press('Escape');

    // A reload comes back to the trial; Back and Forward move between it and the dashboard.
    await page.reload();
    await expect(trialPage.heading(1)).toBeVisible();
    await expect(trialPage.curve('val_loss').locator('.scatterlayer .trace')).toHaveCount(1);
    await page.goBack();
    await expect(page).toHaveURL(dashboardUrl);
    await expect(dashboard.trials).toBeVisible();
    await page.goForward();
    await expect(trialPage.heading(1)).toBeVisible();
    await trialPage.backTo('trial-page').click();
    await expect(dashboard.trials).toBeVisible();
    await expect(page).toHaveURL(dashboardUrl);
    expect(problems).toEqual([]);
  });
});

test.describe('with two GPUs (the fake nvidia-smi)', () => {
  const serve = serveForThisFile({
    PATH: `${path.join(repoRoot, 'test', 'fixtures', 'nvidia-smi', 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    TUNDRA_FAKE_NVIDIA_SMI: 'two',
  });

  test('the dashboard charts each GPU\'s utilisation and memory, and a running trial is paused, resumed and stopped from its page', async ({ page }) => {
    await page.goto(serve.url);
    const workbench = new WorkbenchPage(page);
    const editor = await workbench.openNewExperiment();
    await editor.write(
      `name: gpu-chart
command: ["python3", "test/fixtures/trainer.py", "--steps=3000", "--sleep=0.05", "--scale={x}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  x: {type: float, low: 0.5, high: 2.0}
budget: {trials: 1, parallel: 1}
`,
      repoRoot,
    );
    const dashboard = await editor.createAndStart();
    await expect(dashboard.trialState(1)).toHaveText('running');
    // serve samples every 5 s; the chart appears with the first sample and grows with the next.
    const chart = page.getByRole('img', { name: 'GPU utilisation and memory over time' });
    await expect(chart.locator('.scatterlayer .trace')).toHaveCount(4, { timeout: 20_000 });
    await expect(page.getByRole('main').getByText(/^No GPU utilisation to chart/)).toHaveCount(0);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screens, 'dashboard-gpu-usage.png') });

    // The trial page's controls are the row's: each one lands in the timeline.
    const trialPage = await dashboard.openTrial(1);
    await expect(trialPage.state).toHaveText('running');
    await trialPage.trialButton('Pause', 1).click();
    await expect(trialPage.state).toHaveText('paused');
    await expect(trialPage.timeline.getByRole('listitem').filter({ hasText: 'pausedits GPU memory stays held' })).toHaveCount(1);
    await trialPage.trialButton('Resume', 1).click();
    await expect(trialPage.state).toHaveText('running');
    await expect(trialPage.timeline.getByRole('listitem').filter({ hasText: 'resumed' })).toHaveCount(1);
    await expect(trialPage.logStream('stdout')).toContainText('log step');
    await page.screenshot({ path: path.join(screens, 'trial-page-running.png') });
    await trialPage.trialButton('Stop', 1).click();
    await expect(trialPage.state).toHaveText('stopped');
    await expect(trialPage.timeline.getByRole('listitem').last()).toContainText(/stopped · (exit code -?\d+|no exit code)/);
    await expect(trialPage.trialButton('Retry', 1)).toBeVisible();
    await page.screenshot({ path: path.join(screens, 'trial-page-stopped.png') });
  });
});
