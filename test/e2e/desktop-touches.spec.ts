import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { type DashboardPage, EditorPanel, WorkbenchPage } from './support/pages';
import { desktopCalls, installDesktopBridgeStandIn, sendCommand } from './support/desktop-bridge-stand-in';
import { serveForThisFile } from './support/serve';

/**
 * The desktop touches as the browser has them: the app commands by keyboard (the desktop app's
 * native menu sends the same commands; test/e2e/electron.spec.ts covers that where Electron
 * runs), no native-only controls, and light and dark themes that follow the system.
 */

const repoRoot = path.resolve(__dirname, '..', '..');

// Long enough to pause, resume, freeze and stop while it runs.
const LONG = `name: shortcut-sweep
command: ["python3", "test/fixtures/trainer.py", "--steps=400", "--sleep=0.1", "--scale={scale}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  scale: {type: float, low: 0.5, high: 2.0}
budget: {trials: 2, parallel: 2}
`;

// Finishes in seconds, with a failure among its trials: badges, charts and the table in both themes.
const SHORT = `name: theme-sweep
command: ["python3", "test/fixtures/trainer.py", "--steps=6", "--sleep=0.02", "--scale={scale}", "--crash-at={crash}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  scale: {type: float, low: 0.5, high: 2.0}
  crash: {type: categorical, choices: [3, 99]}
search: {algorithm: random, seed: 3}
budget: {trials: 6, parallel: 3}
`;

const serve = serveForThisFile();

function noticeList(page: Page) {
  return page.getByRole('main').locator('.notices');
}

test('the app commands are reachable by keyboard in the browser, and the experiment ones act only where the header would', async ({ page }) => {
  // Runs real trials and several pages; on a loaded two-core machine that outlasts the default.
  test.setTimeout(300_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  await expect(workbench.experiments).toBeVisible();

  // With no experiment on screen, an Experiment shortcut says what to do instead of failing quietly.
  await page.keyboard.press('Control+Shift+KeyS');
  await expect(noticeList(page)).toContainText('Stop: open an experiment first');

  // Alt+Shift+N: New experiment (Ctrl+N belongs to the browser). No native Choose… in a browser.
  await page.keyboard.press('Alt+Shift+KeyN');
  await expect(page.getByRole('heading', { name: 'New experiment', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Choose the/ })).toHaveCount(0);

  // Ctrl+I: the Import dialog; while it is open the page's shortcuts are off.
  await page.keyboard.press('Control+KeyI');
  const importDialog = page.getByRole('dialog', { name: 'Import' });
  await expect(importDialog).toBeVisible();
  await page.keyboard.press('Alt+Shift+KeyN');
  await expect(importDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(importDialog).toBeHidden();

  const editor = new EditorPanel(page);
  await editor.write(LONG, repoRoot);
  const dashboard: DashboardPage = await editor.createAndStart();
  await expect(dashboard.experimentState).toHaveText('running');
  await expect(dashboard.rowsInState('running')).toHaveCount(2);

  // Typing in a box is not a shortcut; the chords below are pressed with the focus on the page.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // The header's buttons say which keys reach them (aria-keyshortcuts).
  await expect(dashboard.experimentButton('Pause all')).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+P');
  await expect(dashboard.stopExperiment).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+S');
  await page.keyboard.press('Control+Shift+KeyP');
  await expect(dashboard.experimentState).toHaveText('paused');
  await expect(dashboard.rowsInState('paused')).toHaveCount(2);

  await page.keyboard.press('Control+Shift+KeyU');
  await expect(dashboard.experimentState).toHaveText('running');
  await expect(dashboard.rowsInState('running')).toHaveCount(2);

  await page.keyboard.press('Control+Shift+KeyF');
  await expect(dashboard.rowsInState('frozen')).toHaveCount(2, { timeout: 60_000 });
  await expect(dashboard.experimentState).toHaveText('paused');

  // Resume thaws them; Stop ends it.
  await page.keyboard.press('Control+Shift+KeyU');
  await expect(dashboard.rowsInState('running')).toHaveCount(2, { timeout: 60_000 });
  await page.keyboard.press('Control+Shift+KeyS');
  await expect(dashboard.experimentState).toHaveText('stopped', { timeout: 60_000 });

  // A stopped experiment cannot be paused: the shortcut says so and calls nothing.
  await page.keyboard.press('Control+Shift+KeyP');
  await expect(noticeList(page)).toContainText('“shortcut-sweep” cannot be paused now: it is stopped.');
  await expect(dashboard.experimentState).toHaveText('stopped');

  // Exports download in a browser (the desktop app offers Save… with the native dialog instead).
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByRole('button', { name: 'Download CSV of all trials' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Save / })).toHaveCount(0);
  // A scroll that leaves the button where it was (the table's own) keeps the panel open; one that moves it closes it.
  const exportPanel = page.getByRole('dialog', { name: 'Export' });
  await page.locator('.trials__scroll').dispatchEvent('scroll');
  await expect(exportPanel).toBeVisible();
  await page.evaluate(() => { document.querySelector('main')?.scrollBy(0, 200); window.scrollBy(0, 200); });
  await expect(exportPanel).toBeHidden();
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(exportPanel).toBeVisible();
  await page.keyboard.press('Escape');
  expect(problems).toEqual([]);
});

/** The colour a box is painted on: its own background, or the nearest painted ancestor's. */
function paintedBackground(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((start) => {
    for (let node: Element | null = start; node !== null; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  });
}

interface ThemeSample {
  readonly page: string;
  readonly surface: string;
  readonly text: string;
  readonly chartBehind: string;
  readonly grid: string;
  readonly tickText: string;
  readonly failedBadge: { readonly fg: string; readonly bg: string };
}

async function sampleTheme(page: Page): Promise<ThemeSample> {
  const curves = page.getByRole('img', { name: 'Learning curves' });
  await expect(curves.locator('.gridlayer path').first()).toBeAttached();
  const colours = await page.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    const badge = style('.trials-table .badge--failed, table .badge--failed');
    return {
      page: style('body').backgroundColor,
      text: style('.dash-header h1').color,
      failedBadge: { fg: badge.color, bg: badge.backgroundColor },
    };
  });
  const grid = await curves.locator('.gridlayer path').first().evaluate((node) => getComputedStyle(node).stroke);
  const tickText = await curves.locator('.xtick text').first().evaluate((node) => getComputedStyle(node).fill);
  return {
    ...colours,
    surface: await paintedBackground(page, '.dash-header h1'),
    chartBehind: await paintedBackground(page, '[aria-label="Learning curves"]'),
    grid,
    tickText,
  };
}

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, bl] = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((channel) => {
      const value = channel / 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

test('light and dark themes follow the system, the charts with them, and both stay readable', async ({ browser }) => {
  // Runs real trials and several pages; on a loaded two-core machine that outlasts the default.
  test.setTimeout(300_000);
  const setup = await browser.newPage({ colorScheme: 'light' });
  await setup.goto(serve.url);
  const editor = await new WorkbenchPage(setup).openNewExperiment();
  await editor.write(SHORT, repoRoot);
  const dashboard = await editor.createAndStart();
  await expect(dashboard.experimentState).toHaveText(/completed|failed/, { timeout: 90_000 });
  await expect(dashboard.rowsInState('failed').first()).toBeVisible();
  // The page drops the token from its address once it has it; a fresh context needs it again.
  const dashboardUrl = `${serve.url}${new URL(setup.url()).hash}`;
  expect(dashboardUrl).toMatch(/\?token=[0-9a-f]+#\/experiments\/\d+$/);
  await setup.close();

  const samples: Record<'light' | 'dark', ThemeSample> = {} as Record<'light' | 'dark', ThemeSample>;
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(dashboardUrl);
    await expect(page.getByRole('table', { name: 'Trials' })).toBeVisible();
    samples[scheme] = await sampleTheme(page);
    await page.screenshot({ path: `test-results/screens/theme-${scheme}-dashboard.png`, fullPage: true });
    const analysis = page.getByRole('region', { name: 'Analysis' });
    await analysis.scrollIntoViewIfNeeded();
    await analysis.screenshot({ path: `test-results/screens/theme-${scheme}-analysis-history.png` });
    await analysis.getByRole('tab', { name: 'Parallel coordinates' }).click();
    await expect(analysis.getByRole('img', { name: 'Parallel coordinates' })).toBeVisible();
    await analysis.screenshot({ path: `test-results/screens/theme-${scheme}-analysis-parallel.png` });
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('dialog', { name: 'Export' }).screenshot({ path: `test-results/screens/theme-${scheme}-export.png` });
    await page.keyboard.press('Escape');
    // A dialog and the editor, whose boxes and hints must be readable too.
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByRole('dialog', { name: 'Import' }).screenshot({ path: `test-results/screens/theme-${scheme}-import-dialog.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New experiment' }).first().click();
    await page.screenshot({ path: `test-results/screens/theme-${scheme}-editor.png` });
    await context.close();
  }
  const { light, dark } = samples;
  expect(dark.page).not.toBe(light.page);
  expect(dark.surface).not.toBe(light.surface);
  expect(dark.text).not.toBe(light.text);
  // The charts draw on the page's own colour (transparent paper) with the theme's grid and text.
  expect(dark.chartBehind).not.toBe(light.chartBehind);
  expect(light.grid).toBe('rgb(230, 233, 238)');
  expect(dark.grid).toBe('rgb(44, 50, 60)');
  expect(dark.tickText).not.toBe(light.tickText);

  // Switching the system theme with the page open recolours the page and its charts at once.
  const live = await browser.newPage({ colorScheme: 'light' });
  await live.goto(dashboardUrl);
  const liveGrid = () => live.getByRole('img', { name: 'Learning curves' }).locator('.gridlayer path').first().evaluate((node) => getComputedStyle(node).stroke);
  await expect.poll(liveGrid).toBe('rgb(230, 233, 238)');
  await live.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(liveGrid).toBe('rgb(44, 50, 60)');
  expect(await live.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(dark.page);
  await live.close();
  // Readable: body text and the failed badge well above WCAG AA (4.5:1) in both; the grid visible but quiet.
  for (const sample of [light, dark]) {
    expect(contrast(sample.text, sample.surface)).toBeGreaterThan(7);
    expect(contrast(sample.tickText, sample.chartBehind)).toBeGreaterThan(4.5);
    expect(contrast(sample.failedBadge.fg, sample.failedBadge.bg)).toBeGreaterThan(4.5);
    expect(contrast(sample.grid, sample.chartBehind)).toBeGreaterThan(1.1);
  }
});

test('as the desktop renderer: native Choose… fills the folders, menu commands and notification clicks navigate, exports save through the native dialog', async ({ page }) => {
  // Runs real trials and several pages; on a loaded two-core machine that outlasts the default.
  test.setTimeout(300_000);
  const fixtures = path.join(repoRoot, 'test', 'fixtures');
  await installDesktopBridgeStandIn(page, { folders: [repoRoot, fixtures], saveTo: '/home/me/Downloads', databaseFile: '/home/me/tuning/other.db' });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(serve.url);
  await expect(new WorkbenchPage(page).experiments).toBeVisible();

  // File > New experiment.
  await sendCommand(page, { command: 'new-experiment' });
  const editor = new EditorPanel(page);
  await expect(page.getByRole('heading', { name: 'New experiment', level: 1 })).toBeVisible();
  await editor.yaml.fill(`name: desktop-sweep
command: ["python3", "trainer.py", "--steps=4", "--sleep=0.02", "--scale={scale}", "--crash-at={crash}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  scale: {type: float, low: 0.5, high: 2.0}
  crash: {type: categorical, choices: [2, 99]}
search: {algorithm: grid}
budget: {trials: 4, parallel: 2}
`);
  // The base folder and then the working folder from the native dialog; inside the base folder, the workdir is relative.
  await page.getByRole('button', { name: 'Choose the base folder' }).click();
  await expect(editor.baseFolder).toHaveValue(repoRoot);
  await page.getByRole('button', { name: 'Choose the working folder' }).click();
  await expect(page.getByRole('textbox', { name: 'Working folder', exact: true })).toHaveValue('test/fixtures');
  await expect(editor.yaml).toHaveValue(/workdir: test\/fixtures/);
  await page.screenshot({ path: 'test-results/screens/desktop-editor-choose.png' });
  expect(await desktopCalls(page)).toEqual([
    { call: 'choose-folder', args: { title: 'Base folder' } },
    { call: 'choose-folder', args: { title: 'Working folder', defaultPath: repoRoot } },
  ]);

  const dashboard = await editor.createAndStart();
  await expect(dashboard.experimentState).toHaveText(/completed|failed/, { timeout: 90_000 });
  await expect(dashboard.rowsInState('failed').first()).toBeVisible();

  // The page does not listen for shortcuts itself here: the native menu owns them (no double firing).
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Alt+Shift+KeyN');
  await expect(dashboard.trials).toBeVisible();

  // A clicked "trial failed" notification opens that trial.
  const experimentId = Number(/#\/experiments\/(\d+)/.exec(page.url())?.[1]);
  const trials = await page.evaluate(
    (id) => (window as unknown as { tundra: { invoke(c: string, a: unknown): Promise<{ value: { id: number; number: number; state: string }[] }> } }).tundra.invoke('trials/list', { experimentId: id }),
    experimentId,
  );
  const failed = trials.value.find((trial) => trial.state === 'failed')!;
  await sendCommand(page, { command: 'show-trial', experimentId, trialId: failed.id });
  await expect(page.getByRole('main').getByRole('heading', { name: `Trial ${failed.number}`, exact: true, level: 1 })).toBeVisible();
  // Experiment > Pause all on a finished one: a notice, nothing called.
  await sendCommand(page, { command: 'experiment-control', control: 'pause' });
  await expect(noticeList(page)).toContainText('“desktop-sweep” cannot be paused now');
  // "Experiment finished" clicked: back to its dashboard.
  await sendCommand(page, { command: 'show-experiment', experimentId });
  await expect(dashboard.trials).toBeVisible();

  // Export > Save… goes through the native save dialog with the export's name and content.
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByRole('button', { name: 'Download CSV of all trials' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save CSV of all trials' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText(/Saved \/home\/me\/Downloads\/.+\.csv/);
  const save = (await desktopCalls(page)).find((call) => call.call === 'save-file');
  const { suggestedName, content } = save?.args as { suggestedName: string; content: string };
  expect(suggestedName).toMatch(/\.csv$/);
  expect(content).toMatch(/^trial,state,scale,crash,val_loss/);
  // One record per trial (a failed one's message spans lines inside its quotes).
  expect(content.match(/^\d+,(completed|failed),/gm)).toHaveLength(4);
  await page.keyboard.press('Escape');

  // File > Import… opens the import dialog, whose sweep folder has Choose… too.
  await sendCommand(page, { command: 'import' });
  const importDialog = page.getByRole('dialog', { name: 'Import' });
  await expect(importDialog.getByRole('button', { name: 'Choose the experiment folder' })).toBeVisible();
  await importDialog.getByRole('radio', { name: 'A W&B sweep file' }).check();
  await expect(importDialog.getByRole('button', { name: 'Choose the sweep folder' })).toBeVisible();
  await page.keyboard.press('Escape');
  // File > Open experiment file… (main shows the dialog, the page gets the path).
  await sendCommand(page, { command: 'open-experiment-file', path: path.join(repoRoot, 'resources', 'examples', 'quickstart', 'experiment.yaml') });
  await expect(page.getByRole('textbox', { name: 'Experiment file path', exact: true })).toHaveValue(/quickstart\/experiment\.yaml$/);
  // Open database… has Browse… here: the native dialog's file lands in the path field (not opened until asked).
  await page.getByRole('button', { name: 'Open database…' }).click();
  const databaseDialog = page.getByRole('dialog', { name: 'Open database' });
  await databaseDialog.getByRole('button', { name: 'Browse…' }).click();
  await expect(databaseDialog.getByRole('textbox', { name: 'Database file' })).toHaveValue('/home/me/tuning/other.db');
  expect((await desktopCalls(page)).filter((call) => call.call === 'open-database-file')).toHaveLength(1);
  await databaseDialog.getByRole('button', { name: 'Cancel' }).click();
  expect(problems).toEqual([]);
});
