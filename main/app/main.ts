import { app, BrowserWindow, dialog, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/protocol';
import { fail } from '../../shared/result';
import { createBackend, type Backend } from '../backend';
import type { ShutdownMode } from '../scheduler/scheduler';
import { detectGpus, sampleGpus } from '../runner/gpu/nvidia-smi';
import { resolveDatabasePath } from '../paths';
import { CONTENT_SECURITY_POLICY } from '../server/security';
import { installDesktopIntegration } from './desktop-integration';
import { electronNativeBinding } from './native-binding';

/**
 * The Electron shell, kept thin: a window, the IPC transport of the shared API, and lifecycle;
 * the menu, notifications, taskbar and native dialogs are in desktop-integration.ts. Everything
 * else is the same code `serve` and the CLI run.
 */
const appRoot = path.resolve(__dirname, '..', '..');
const rendererIndex = path.join(appRoot, 'dist', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

let backend: Backend | undefined;
let window: BrowserWindow | undefined;

function isOurPage(event: IpcMainInvokeEvent): boolean {
  // Only our own top-level page may call the API, never a frame or a navigated-away page.
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  // The renderer keeps its view in the hash (#/experiments/3); the document is what matters.
  return frame.url.split('#')[0] === rendererUrl;
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Tundra',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window?.show());
  // No navigation away from the app; links open in the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (url.split('#')[0] !== rendererUrl) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadFile(rendererIndex);
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  const nativeBinding = electronNativeBinding(appRoot, process.versions.electron ?? '');
  const gpus = await detectGpus();
  backend = createBackend({
    databaseFile: resolveDatabasePath(undefined),
    ...(nativeBinding ? { nativeBinding } : {}),
    recover: 'all',
    gpus: { initial: gpus, sample: () => sampleGpus() },
  });
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, args: unknown) => {
    if (!isOurPage(event)) return fail('invalid-arguments', 'API calls are accepted only from the Tundra window.');
    return backend!.dispatch(channel, args);
  });
  backend.hub.subscribe((message) => {
    if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENT, message);
  });
  installDesktopIntegration({ backend, appRoot, window: () => window, isOurPage });
  createWindow();
}

app.on('window-all-closed', () => app.quit());
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !backend) return;
  // Close the database before really quitting; with trials running, ask what becomes of them.
  event.preventDefault();
  const live = backend.scheduler.liveTrialCount();
  const mode = live === 0 ? 'stop' : askQuitMode(live);
  if (mode === null) return; // cancelled: keep running
  quitting = true;
  void backend.close(mode).finally(() => app.quit());
});

/** The quit dialog: freeze the running trials, leave them running (re-adopted next time), or stop them. */
function askQuitMode(live: number): ShutdownMode | null {
  const choices: { label: string; mode: ShutdownMode | null }[] = [
    { label: 'Freeze them', mode: 'freeze' },
    { label: 'Leave them running', mode: 'leave' },
    { label: 'Stop them', mode: 'stop' },
    { label: 'Cancel', mode: null },
  ];
  const options = {
    type: 'question' as const,
    buttons: choices.map((c) => c.label),
    defaultId: 0,
    cancelId: 3,
    message: `${live} trial${live === 1 ? ' is' : 's are'} running.`,
    detail:
      'Freeze: each writes a checkpoint and exits, freeing the GPU; thaw them later.\n' +
      'Leave running: they go on training; Tundra re-adopts them when it starts again.\n' +
      'Stop: they are stopped now.',
  };
  const index = window && !window.isDestroyed() ? dialog.showMessageBoxSync(window, options) : dialog.showMessageBoxSync(options);
  return choices[index]?.mode ?? null;
}

void start().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
