import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DatabaseBarModel } from './support/database-pages';
import { DashboardPage, WorkbenchPage } from './support/pages';
import { serveForThisFile } from './support/serve';
import { pageProblems } from './support/page-problems';

const repoRoot = path.resolve(__dirname, '..', '..');
const SCREENS = path.join(repoRoot, 'test-results', 'screens');

function experimentFile(name: string, steps: number): string {
  return `name: ${name}
command: ["python3", "test/fixtures/trainer.py", "--steps=${steps}", "--sleep=0.05", "--scale={x}"]
workdir: .
objective: {metric: val_loss, mode: min}
space:
  x: {type: float, low: 0.5, high: 2.0}
search: {algorithm: random, seed: 3}
budget: {trials: 1, parallel: 1}
`;
}

const serve = serveForThisFile();

async function createExperiment(request: APIRequestContext, name: string, steps: number, start: boolean): Promise<void> {
  const response = await request.post(`${serve.origin}/api/experiments/create`, {
    headers: { Authorization: `Bearer ${serve.token}`, Origin: serve.origin },
    data: { source: { kind: 'text', yaml: experimentFile(name, steps), baseDir: repoRoot }, start },
  });
  const reply = (await response.json()) as { ok: boolean };
  expect(reply.ok).toBe(true);
}

test('another database file is opened from the experiments list: its experiments replace the old ones in every window, and a bad path or a running experiment is refused', async ({ page, context, request }) => {
  const problems = pageProblems(page);

  await createExperiment(request, 'first-file', 2, false);
  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const database = new DatabaseBarModel(page);
  await expect(database.fileName).toHaveText('tundra.db');
  await expect(database.fileName.locator('..')).toHaveAttribute('title', serve.databaseFile);
  await workbench.experiment('first-file').click();
  await expect(page.getByRole('main').getByRole('heading', { name: 'first-file' })).toBeVisible();

  // A second window on the same Tundra follows the switch without being touched.
  const other = await context.newPage();
  await other.goto(serve.url);
  await expect(new WorkbenchPage(other).experiment('first-file')).toBeVisible();

  // A relative path and a folder are refused in the dialog, naming the field and the fix.
  await database.openFile('other.db');
  await expect(database.error).toContainText('must be an absolute path on the machine that runs Tundra');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tundra-e2e-other-'));
  await database.path.fill(folder);
  await database.open.click();
  await expect(database.error).toContainText(`${folder} is a folder; give the path of a database file inside it`);
  await page.screenshot({ path: path.join(SCREENS, 'open-database-error.png') });

  const second = path.join(folder, 'other.db');
  await database.path.fill(second);
  await database.open.click();
  await expect(database.dialog).toHaveCount(0);
  await expect(database.fileName).toHaveText('other.db');
  await expect(page.getByText('No experiments yet.').or(page.getByRole('heading', { name: /new experiment|get started/i })).first()).toBeVisible();
  await expect(workbench.experiment('first-file')).toHaveCount(0);
  await expect(new DatabaseBarModel(other).fileName).toHaveText('other.db');
  await expect(new WorkbenchPage(other).experiment('first-file')).toHaveCount(0);

  // The new file runs an experiment of its own; while it runs, switching back is refused.
  await createExperiment(request, 'second-file', 400, true);
  await expect(workbench.experiment('second-file')).toBeVisible();
  await workbench.experiment('second-file').click();
  const dashboard = new DashboardPage(page);
  await expect(dashboard.trialState(1)).toHaveText('running');
  await database.openFile(serve.databaseFile);
  await expect(database.error).toContainText(`"second-file" is running in ${second}; stop it (or let it finish) before opening another database.`);
  await page.screenshot({ path: path.join(SCREENS, 'open-database-running.png') });
  await database.cancel.click();
  await dashboard.stopExperiment.click();
  await expect(dashboard.experimentState).toHaveText('stopped');

  await database.openFile(serve.databaseFile);
  await expect(database.dialog).toHaveCount(0);
  await expect(database.fileName).toHaveText('tundra.db');
  await expect(workbench.experiment('first-file')).toBeVisible();
  await expect(workbench.experiment('second-file')).toHaveCount(0);
  await expect(new WorkbenchPage(other).experiment('first-file')).toBeVisible();
  await expect(new WorkbenchPage(other).experiment('second-file')).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENS, 'open-database.png') });
  expect(problems).toEqual([]);
});
