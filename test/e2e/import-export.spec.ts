import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { ExportMenuModel, ImportDialogModel } from './support/io-pages';
import { EditorPanel, type DashboardPage } from './support/pages';
import { serveForThisFile } from './support/serve';
import { hasOptuna, NO_OPTUNA_REASON, writeOptunaStudies } from './support/optuna-study';

const repoRoot = path.resolve(__dirname, '..', '..');
const screens = path.join(repoRoot, 'test-results', 'screens');
const fixtures = path.join(repoRoot, 'test', 'fixtures');

// test/fixtures/trainer.py reports val_loss = scale / (step + 1) for --steps steps; a grid over
// three scales gives three trials with distinct results, so "best" is one of them.
const SWEEP = `program: trainer.py
method: grid
metric:
  name: val_loss
  goal: minimize
  target: 0.01
parameters:
  scale:
    values: [0.5, 1.5, 2.5]
  steps:
    value: 3
  sleep:
    value: 0.01
`;

interface ApiExperiment {
  readonly id: number;
  readonly best: { readonly number: number; readonly params: Record<string, unknown> } | null;
}

test.describe('import and export', () => {
  const serve = serveForThisFile();
  test.beforeAll(() => {
    mkdirSync(screens, { recursive: true });
  });

  test('a W&B sweep file imports with its report, runs, and its best config and trials export as the API has them', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    const api = async <T,>(channel: string, args: object): Promise<T> => {
      const response = await page.request.post(`${serve.origin}/api/${channel}`, { headers: { Authorization: `Bearer ${serve.token}`, Origin: serve.origin }, data: args });
      const reply = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
      if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
      return reply.value;
    };
    const sweepFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-sweep-')), 'sweep.yaml');
    writeFileSync(sweepFile, SWEEP);

    await page.goto(serve.url);
    // An Optuna file that is not there: the API's error is shown in the dialog, which stays open.
    let dialog = await ImportDialogModel.open(page);
    await dialog.importStudy(path.join(os.tmpdir(), 'no-such-study.db'));
    await expect(dialog.dialog.getByRole('alert')).toContainText('Could not import the study');
    await page.screenshot({ path: path.join(screens, 'import-optuna-error.png') });
    await dialog.dialog.getByRole('button', { name: 'Cancel' }).click();

    dialog = await ImportDialogModel.open(page);
    await page.screenshot({ path: path.join(screens, 'import-dialog.png') });
    await dialog.importSweepFile(sweepFile, fixtures);
    await expect(dialog.dialog).toBeHidden();
    const report = page.getByRole('region', { name: /^Imported from a W&B sweep/ });
    await expect(report).toBeVisible();
    // `target` has no counterpart in Tundra: the report says so, by its W&B field.
    await expect(report.getByRole('listitem').filter({ hasText: 'metric.target' })).toBeVisible();
    const editor = new EditorPanel(page);
    await expect(editor.yaml).toHaveValue(/trainer\.py/);
    await expect(editor.baseFolder).toHaveValue(fixtures);
    await expect(page.getByRole('status').filter({ hasText: '3 trials · minimize val_loss' })).toBeVisible();
    await page.screenshot({ path: path.join(screens, 'import-sweep-editor.png'), fullPage: true });

    const dashboard: DashboardPage = await editor.createAndStart();
    await expect(dashboard.experimentState).toHaveText('completed', { timeout: 60_000 });
    await expect(report).toHaveCount(0);
    const experimentId = Number(/#\/experiments\/(\d+)$/.exec(page.url())?.[1]);
    const experiment = await api<ApiExperiment>('experiments/get', { experimentId });
    expect(experiment.best).not.toBeNull();

    const menu = await ExportMenuModel.open(page);
    await expect(menu.menu.getByRole('region', { name: `The best trial's config (trial ${experiment.best?.number})` })).toBeVisible();
    await page.screenshot({ path: path.join(screens, 'export-menu.png') });
    const yamlDownload = await menu.download('YAML');
    expect(yamlDownload.suggestedFilename()).toMatch(/\.ya?ml$/);
    const downloaded = parse(readFileSync(await yamlDownload.path(), 'utf8')) as Record<string, unknown>;
    expect(downloaded).toEqual(experiment.best?.params);
    await expect(menu.menu.getByRole('status')).toHaveText(`Downloaded ${yamlDownload.suggestedFilename()}`);

    const csvDownload = await menu.download('CSV of all trials');
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    const trials = await api<unknown[]>('trials/list', { experimentId });
    const [header, ...rows] = csv.split('\r\n').filter((line) => line !== '');
    expect(header?.split(',')).toEqual(expect.arrayContaining(['trial', 'state', 'scale', 'val_loss']));
    expect(rows).toHaveLength(trials.length);
    expect(trials.length).toBe(3);

    // Refine opens the editor on a narrowed copy, with its changes listed above it.
    await menu.menu.getByRole('button', { name: 'Refine…' }).click();
    await expect(page.getByRole('heading', { name: 'New experiment', level: 1 })).toBeVisible();
    const refined = page.getByRole('region', { name: /^Refined/ });
    await expect(refined).toBeVisible();
    await page.screenshot({ path: path.join(screens, 'refine-editor.png'), fullPage: true });
    await refined.getByRole('button', { name: 'Dismiss' }).click();
    await expect(refined).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('an Optuna study file asks which study, then opens as a read-only record with no run controls', async ({ page }) => {
    test.skip(!hasOptuna, NO_OPTUNA_REASON);
    const studyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-optuna-')), 'study.db');
    writeOptunaStudies(studyFile);
    await page.goto(serve.url);
    const dialog = await ImportDialogModel.open(page);
    // The file holds two studies: the API's error names them, shown in the dialog.
    await dialog.importStudy(studyFile);
    const error = dialog.dialog.getByRole('alert');
    await expect(error).toContainText('min-study');
    await expect(error).toContainText('max-study');
    await page.screenshot({ path: path.join(screens, 'import-optuna-which-study.png') });
    await dialog.importStudy(studyFile, 'min-study');
    await expect(dialog.dialog).toBeHidden();

    const main = page.getByRole('main');
    // What did not carry over is listed above the dashboard, each item by its Optuna field.
    const report = main.getByRole('region', { name: /^Imported from an Optuna study/ });
    await expect(report.getByRole('listitem').filter({ hasText: 'trials.state' }).first()).toBeVisible();
    await expect(main.locator('.dash-header__title').getByText('imported, read-only')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Experiments' }).getByText('imported, read-only')).toBeVisible();
    await expect(main.getByRole('button', { name: /^(Start|Resume|Stop experiment|Pause all|Freeze all)/ })).toHaveCount(0);
    await expect(main.getByRole('table', { name: 'Trials' }).getByRole('button', { name: /^(Retry|Thaw|Resume|Stop) trial/ })).toHaveCount(0);
    await expect(main.getByRole('button', { name: 'Export…' })).toBeVisible();
    await page.screenshot({ path: path.join(screens, 'import-optuna-dashboard.png') });
    await report.getByRole('button', { name: 'Dismiss' }).click();
    await expect(report).toHaveCount(0);
  });
});
