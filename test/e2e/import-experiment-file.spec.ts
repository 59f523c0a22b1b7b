import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ExperimentFormPanel } from './support/editor-pages';
import { ImportDialogModel } from './support/io-pages';
import { EditorPanel } from './support/pages';
import { serveForThisFile } from './support/serve';

const repoRoot = path.resolve(__dirname, '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures');

const FILE = `# kept: a comment of the file
name: from-disk
command: ["python3", "trainer.py", "--steps=2", "--sleep=0.01", "--scale={x}"]
objective: {metric: val_loss, mode: min}
space:
  x: {type: float, low: 0.5, high: 2.0}
budget: {trials: 1}
`;

const serve = serveForThisFile();

test('an experiment file chosen from disk opens in the editor with its folder, and runs from there', async ({ page }) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-file-')), 'experiment.yaml');
  writeFileSync(file, FILE);
  await page.goto(serve.url);
  const dialog = await ImportDialogModel.open(page);
  await dialog.importExperimentFile(file, fixtures);
  await expect(dialog.dialog).toBeHidden();
  const form = new ExperimentFormPanel(page);
  await expect(form.yaml).toHaveValue(FILE);
  await expect(form.baseFolder).toHaveValue(fixtures);
  await expect(form.field('Experiment name')).toHaveValue('from-disk');
  const dashboard = await new EditorPanel(page).createAndStart();
  await expect(dashboard.trialState(1)).toHaveText('completed');
});
