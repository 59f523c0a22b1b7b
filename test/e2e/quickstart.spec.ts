import { expect, test } from '@playwright/test';
import { serveForThisFile } from './support/serve';
import { WorkbenchPage } from './support/pages';
import { pageProblems } from './support/page-problems';

const serve = serveForThisFile();

test('a new user runs the quickstart from the browser, watches it live and stops it', async ({ page }) => {
  const problems = pageProblems(page);

  await page.goto(serve.url);
  // The token was traded for a cookie: the address bar no longer shows it.
  await expect(page).toHaveURL(`${serve.origin}/`);
  const workbench = new WorkbenchPage(page);
  await expect(page.getByRole('button', { name: 'Try an example' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/01-empty.png' });

  const editor = await workbench.openNewExperiment();
  await editor.tryExample('quickstart');
  await expect(editor.baseFolder).toHaveValue(/resources[/\\]examples[/\\]quickstart$/);
  await page.screenshot({ path: 'test-results/screens/02-new-experiment.png' });
  // A budget it cannot finish while the test watches: on a loaded machine the example's 12 short
  // trials could all end before the Stop click, and stopping is what this test is about.
  await editor.yaml.fill((await editor.yaml.inputValue()).replace('budget: {trials: 12, parallel: 2}', 'budget: {trials: 200, parallel: 2}'));
  await expect(editor.yaml).toHaveValue(/trials: 200/);

  const dashboard = await editor.createAndStart();
  await expect(workbench.experiment('quickstart')).toBeVisible();
  await expect(dashboard.trials).toBeVisible();
  // Trials appear, and at least two finish, while the curves draw.
  await expect(dashboard.rowsInState('completed')).not.toHaveCount(0, { timeout: 60_000 });
  await expect.poll(() => dashboard.rowsInState('completed').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await expect(dashboard.curves.locator('.js-plotly-plot')).toBeVisible();
  await expect.poll(() => dashboard.curves.locator('.scatterlayer .trace').count()).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: 'test-results/screens/03-dashboard-running.png' });

  await dashboard.stopExperiment.click();
  await expect(page.getByRole('main').getByText('stopped', { exact: true }).first()).toBeVisible();
  await expect(dashboard.rowsInState('running')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/04-dashboard-stopped.png' });

  // Everything is stored: a reload shows the same experiment and its trials.
  await page.reload();
  await workbench.experiment('quickstart').click();
  await expect.poll(() => dashboard.trialRows().count()).toBeGreaterThanOrEqual(2);
  expect(problems).toEqual([]);
});

test('a broken experiment file shows the field and the fix as you type, and nothing is lost', async ({ page }) => {
  await page.goto(serve.url);
  const workbench = new WorkbenchPage(page);
  const editor = await workbench.openNewExperiment();
  await editor.tryExample('quickstart');
  const fixed = await editor.yaml.inputValue();
  await editor.yaml.fill(fixed.replace(/low: [0-9.e-]+, high: 1\.0, log: true/, 'low: 0, high: 1.0, log: true'));
  await expect(editor.issues.filter({ hasText: 'space.lr' })).toContainText('low must be > 0 when log is true');
  await page.screenshot({ path: 'test-results/screens/05-validation-error.png' });
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(editor.yaml).toHaveValue(/low: 0, high: 1\.0, log: true/);
  await editor.yaml.fill(fixed);
  await expect(editor.issues.filter({ hasText: 'space.lr' })).toHaveCount(0);
});

test('the server refuses requests without the token and from a foreign origin', async ({ browser, request }) => {
  const bare = await request.get(`${serve.origin}/`);
  expect(bare.status()).toBe(401);
  const api = await request.post(`${serve.origin}/api/experiments/list`, { data: {} });
  expect(api.status()).toBe(401);
  const foreign = await request.post(`${serve.origin}/api/experiments/list`, {
    data: {},
    headers: { Authorization: `Bearer ${serve.token}`, Origin: 'http://evil.example' },
  });
  expect(foreign.status()).toBe(403);

  // A page on another origin cannot open our event stream even in a real browser.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('http://evil.example/', (route) => route.fulfill({ contentType: 'text/html', body: '<title>evil</title>' }));
  await page.goto('http://evil.example/');
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    `ws://127.0.0.1:${new URL(serve.origin).port}/api/events?token=${serve.token}`,
  );
  expect(outcome).toBe('refused');
  await context.close();
});
