import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ExperimentFormPanel } from './support/editor-pages';
import { WorkbenchPage } from './support/pages';
import { serveForThisFile } from './support/serve';
import { pageProblems } from './support/page-problems';

const repoRoot = path.resolve(__dirname, '..', '..');
const SCREENS = path.join(repoRoot, 'test-results', 'screens');

const FILE = `name: gpu-form
command: ["python3", "train.py", "--lr={lr}", "--opt={optimizer}", "--momentum={momentum}"]
objective: {metric: val_loss, mode: min}
space:
  lr: {type: float, low: 0.0001, high: 0.1, log: true}
  optimizer: {type: categorical, choices: [adam, sgd]}
  momentum: {type: float, low: 0.5, high: 0.99, when: {optimizer: sgd}}
budget: {trials: 4}
`;

function watchProblems(page: Page): string[] {
  const problems = pageProblems(page);
  return problems;
}

async function openForm(page: Page, url: string): Promise<ExperimentFormPanel> {
  await page.goto(url);
  await new WorkbenchPage(page).openNewExperiment();
  const editor = new ExperimentFormPanel(page);
  await editor.yaml.fill(FILE);
  await editor.baseFolder.fill(repoRoot);
  return editor;
}

test.describe('with two GPUs (the fake nvidia-smi)', () => {
  const serve = serveForThisFile({
    PATH: `${path.join(repoRoot, 'test', 'fixtures', 'nvidia-smi', 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    TUNDRA_FAKE_NVIDIA_SMI: 'two',
  });

  test('the form lists the detected GPUs with their memory, and ticking them and GPUs per trial follow the YAML both ways', async ({ page }) => {
    const problems = watchProblems(page);
    const editor = await openForm(page, serve.url);
    const { gpus } = editor;
    await expect(gpus.devices).toHaveCount(2);
    await expect(gpus.devices.nth(0)).toContainText('GPU 0 · NVIDIA GeForce RTX 3090');
    await expect(gpus.devices.nth(0)).toContainText('0 / 24 GiB used');
    await expect(gpus.devices.nth(1)).toContainText('0.3 / 24 GiB used');
    // No gpus section: every GPU may be used.
    await expect(gpus.device(0)).toBeChecked();
    await expect(gpus.device(1)).toBeChecked();

    await gpus.device(0).uncheck();
    await expect(editor.yaml).toHaveValue(/\ngpus:\n {2}devices: \[1\]\n/);
    await gpus.field('GPUs per trial').fill('2');
    await expect(gpus.section.getByText('2 GPUs per trial but only 1 ticked; lower GPUs per trial or tick more.')).toBeVisible();
    await gpus.device(0).check();
    await expect(gpus.section.getByText(/GPUs per trial but only/)).toHaveCount(0);
    await expect(editor.yaml).toHaveValue(/\ngpus:\n {2}per_trial: 2\n/);
    await expect(editor.yaml).not.toHaveValue(/devices/);
    await gpus.section.screenshot({ path: path.join(SCREENS, 'form-gpus.png') });

    // The YAML drives the boxes too, and a GPU this machine lacks is named.
    const written = await editor.yamlText();
    await editor.yaml.fill(written.replace('  per_trial: 2\n', '  per_trial: 1\n  devices: [1, 3]\n'));
    await expect(gpus.device(0)).not.toBeChecked();
    await expect(gpus.device(1)).toBeChecked();
    await expect(gpus.field('GPUs per trial')).toHaveValue('1');
    await expect(gpus.section.getByText('gpus.devices names GPU 3, which this machine does not have (it has 0, 1); starting here would be refused.')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENS, 'form-gpus-page.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('renaming a parameter in the space editor renames its {name} in the command and in the conditions that test it', async ({ page }) => {
    const problems = watchProblems(page);
    const editor = await openForm(page, serve.url);
    const { space } = editor;
    await space.row('optimizer').input('Name').fill('opt');
    await expect(editor.yaml).toHaveValue(/"--opt=\{opt\}"/);
    await expect(editor.yaml).toHaveValue(/when: \{opt: sgd\}/);
    await expect(space.row('momentum').select('Only when')).toHaveValue('opt');
    // Typed letter by letter, through an empty box, the references follow.
    // By position: the row's accessible name follows its name as it is typed.
    const lr = space.rows.nth(0).getByLabel('Name', { exact: true });
    await lr.click();
    await lr.press('End');
    await lr.press('Backspace');
    await lr.press('Backspace');
    await lr.pressSequentially('eta');
    await expect(editor.yaml).toHaveValue(/"--lr=\{eta\}"/);
    await expect(editor.argument(2)).toHaveValue('--lr={eta}');
    await expect(editor.form.getByRole('alert').filter({ hasText: 'is not a parameter of space' })).toHaveCount(0);
    await editor.space.section.screenshot({ path: path.join(SCREENS, 'rename-parameter.png') });
    expect(problems).toEqual([]);
  });
});

test.describe('without GPUs', () => {
  const serve = serveForThisFile();

  test('the form says no GPU was found and that trials run on CPU slots, and warns when the file asks for GPUs', async ({ page }) => {
    const problems = watchProblems(page);
    const editor = await openForm(page, serve.url);
    const { gpus } = editor;
    await expect(gpus.section.getByText('No GPU detected')).toBeVisible();
    await expect(gpus.section).toContainText('no nvidia-smi on PATH');
    await expect(gpus.section).toContainText('Trials run on CPU slots');
    await expect(gpus.devices).toHaveCount(0);
    await gpus.field('GPUs per trial').fill('1');
    await expect(gpus.section.getByText(/This file asks for 1 GPU per trial, so starting it here would be refused/)).toBeVisible();
    await gpus.section.screenshot({ path: path.join(SCREENS, 'form-no-gpus.png') });
    await gpus.field('GPUs per trial').fill('0');
    await expect(gpus.section.getByText(/would be refused/)).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});
