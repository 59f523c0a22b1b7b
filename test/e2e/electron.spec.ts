import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const electronDir = path.join(repoRoot, 'node_modules', 'electron');
// electron/path.txt is written only once the binary has been downloaded (npm start does that).
const pathFile = path.join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
const nativeBuilt = existsSync(path.join(repoRoot, 'build', 'electron-native'));

test.skip(
  binary === null || !existsSync(binary) || !nativeBuilt,
  'No Electron binary here: the electron package downloads it at first `npm start`, and this machine cannot reach the download. The same UI and API are tested through `serve` in Chromium.',
);

test('the desktop window opens the workbench with the sandboxed bridge', async () => {
  const app = await electron.launch({
    executablePath: binary!,
    args: [repoRoot],
    env: { ...process.env, TUNDRA_DB: path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-electron-')), 'tundra.db') },
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation', { name: 'Experiments' })).toBeVisible();
  // contextIsolation + sandbox: the page sees only window.tundra, no Node.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await window.evaluate(() => typeof (window as unknown as { tundra?: { invoke?: unknown } }).tundra?.invoke)).toBe('function');
  await window.screenshot({ path: 'test-results/screens/electron.png' });
  await app.close();
});

test('the native menu has the app commands with their shortcuts, and a menu click reaches the page through the desktop bridge', async () => {
  const app = await electron.launch({
    executablePath: binary!,
    args: [repoRoot],
    env: { ...process.env, TUNDRA_DB: path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-electron-')), 'tundra.db') },
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation', { name: 'Experiments' })).toBeVisible();
  const items = await app.evaluate(({ Menu }) =>
    (Menu.getApplicationMenu()?.items ?? []).flatMap((menu) => (menu.submenu?.items ?? []).filter((item) => item.id !== '').map((item) => ({ id: item.id, accelerator: item.accelerator ?? null }))),
  );
  expect(items).toEqual(
    expect.arrayContaining([
      { id: 'new-experiment', accelerator: 'CmdOrCtrl+N' },
      { id: 'import', accelerator: 'CmdOrCtrl+I' },
      { id: 'pause', accelerator: 'CmdOrCtrl+Shift+P' },
      { id: 'stop', accelerator: 'CmdOrCtrl+Shift+S' },
    ]),
  );
  // The bridge's desktop half is there, and only functions cross contextIsolation.
  const members = await window.evaluate(() => Object.keys((window as unknown as { tundra: { desktop: object } }).tundra.desktop).sort());
  expect(members).toEqual(['chooseFolder', 'onCommand', 'openExperimentFile', 'saveFile']);
  // A bad argument is refused in the preload and again in main, never reaching a dialog.
  const refused = await window.evaluate(() =>
    (window as unknown as { tundra: { desktop: { saveFile(args: unknown): Promise<{ ok: boolean; error?: { message: string } }> } } }).tundra.desktop.saveFile({ suggestedName: '../x', content: '' }),
  );
  expect(refused.ok).toBe(false);
  expect(refused.error?.message).toMatch(/suggestedName/);

  // File > New experiment, clicked in main: the page shows the editor.
  await app.evaluate(({ Menu, BrowserWindow }) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById('new-experiment');
    item?.click(undefined, BrowserWindow.getAllWindows()[0]);
  });
  await expect(window.getByRole('heading', { name: 'New experiment', level: 1 })).toBeVisible();
  // Experiment > Stop with no experiment open: a notice says so.
  await app.evaluate(({ Menu, BrowserWindow }) => {
    Menu.getApplicationMenu()?.getMenuItemById('stop')?.click(undefined, BrowserWindow.getAllWindows()[0]);
  });
  await expect(window.getByRole('alert').filter({ hasText: 'open an experiment first' })).toBeVisible();
  // Light or dark follows the system (the page's prefers-color-scheme with it).
  expect(await app.evaluate(({ nativeTheme }) => nativeTheme.themeSource)).toBe('system');
  await window.screenshot({ path: 'test-results/screens/electron-menu-new-experiment.png' });
  await app.close();
});
