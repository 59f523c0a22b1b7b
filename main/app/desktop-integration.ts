import { app, type BrowserWindow, dialog, ipcMain, Menu, nativeTheme, Notification, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppCommand } from '../../shared/desktop';
import type { Experiment, Trial } from '../../shared/domain';
import { IPC_COMMAND, IPC_DESKTOP } from '../../shared/protocol';
import { fail } from '../../shared/result';
import type { Backend } from '../backend';
import { handleDesktopCall, type NativeDialogs } from './desktop-calls';
import { buildMenuTemplate } from './menu-template';
import { createNotificationPlanner } from './notification-planner';
import { NO_TASKBAR_PROGRESS, taskbarChanged, taskbarProgress, taskbarTicks, type TaskbarProgress } from './taskbar-progress';

/**
 * The desktop touches, wired to Electron: native menu, notifications, taskbar progress, native
 * dialogs, theme. Every decision is made by a pure module beside this one (menu-template,
 * notification-planner, taskbar-progress, desktop-calls); this file only connects them.
 */

export interface DesktopIntegrationOptions {
  readonly backend: Backend;
  readonly appRoot: string;
  readonly window: () => BrowserWindow | undefined;
  /** Whether an IPC call comes from our own top-level page (main.ts's sender check). */
  readonly isOurPage: (event: IpcMainInvokeEvent) => boolean;
}

/** How often the taskbar is refreshed while a wall-time budget makes it move by itself. */
const TASKBAR_TICK_MS = 5000;

export function installDesktopIntegration(options: DesktopIntegrationOptions): () => void {
  const { backend } = options;
  // Light or dark follows the OS: the page's prefers-color-scheme and the native menus and dialogs.
  nativeTheme.themeSource = 'system';

  function liveWindow(): BrowserWindow | null {
    const window = options.window();
    return window !== undefined && !window.isDestroyed() ? window : null;
  }

  function send(command: AppCommand): void {
    const window = liveWindow();
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    window.webContents.send(IPC_COMMAND, command);
  }

  const dialogs: NativeDialogs = {
    async chooseFolder(title, defaultPath) {
      const window = liveWindow();
      const settings = { title, properties: ['openDirectory' as const, 'createDirectory' as const], ...(defaultPath !== undefined ? { defaultPath } : {}) };
      const result = window !== null ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSaveTarget(defaultPath, extension) {
      const window = liveWindow();
      const filters = extension !== '' ? [{ name: extension.toUpperCase(), extensions: [extension] }, { name: 'All files', extensions: ['*'] }] : [];
      const settings = { title: 'Save export', defaultPath, filters };
      const result = window !== null ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings);
      return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
    },
    async chooseExperimentFile() {
      const window = liveWindow();
      const settings = {
        title: 'Open experiment file',
        properties: ['openFile' as const],
        filters: [{ name: 'Experiment file', extensions: ['yaml', 'yml'] }, { name: 'All files', extensions: ['*'] }],
      };
      const result = window !== null ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseDatabaseFile() {
      // An existing file; a new one is named in the path field beside the button (or, on Windows, here).
      const window = liveWindow();
      const settings = {
        title: 'Open a Tundra database',
        properties: ['openFile' as const, 'promptToCreate' as const],
        filters: [{ name: 'Tundra database', extensions: ['db', 'sqlite', 'sqlite3'] }, { name: 'All files', extensions: ['*'] }],
      };
      const result = window !== null ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };

  ipcMain.handle(IPC_DESKTOP, (event, call: unknown, args: unknown) => {
    if (!options.isOurPage(event)) return fail('invalid-arguments', 'Desktop calls are accepted only from the Tundra window.');
    return handleDesktopCall(call, args, { dialogs, downloadsDir: app.getPath('downloads') });
  });

  const template = buildMenuTemplate(
    { platform: process.platform, packaged: app.isPackaged, appName: app.name },
    {
      send,
      openExperimentFile: () => {
        void dialogs.chooseExperimentFile().then((file) => {
          if (file !== null) send({ command: 'open-experiment-file', path: file });
        });
      },
      openUserGuide: () => {
        const guide = userGuidePath(options.appRoot);
        if (guide !== null) void shell.openPath(guide);
      },
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  // Notifications and the taskbar start from the records as they are, so history never notifies.
  const experiments = new Map<number, Experiment>(backend.store.experiments.list().map((experiment) => [experiment.id, experiment]));
  const planner = createNotificationPlanner();
  const liveTrials: Trial[] = [];
  for (const experiment of experiments.values()) {
    if (['running', 'paused', 'stopping'].includes(experiment.state)) liveTrials.push(...backend.store.trials.listByExperiment(experiment.id));
  }
  planner.seed([...experiments.values()], liveTrials);

  let shownProgress: TaskbarProgress = NO_TASKBAR_PROGRESS;
  let ticker: NodeJS.Timeout | undefined;
  function refreshTaskbar(): void {
    const window = liveWindow();
    const next = taskbarProgress(experiments.values(), Date.now());
    if (window !== null && taskbarChanged(shownProgress, next)) {
      window.setProgressBar(next.progress, { mode: next.mode });
      shownProgress = next;
    }
    const ticks = taskbarTicks(experiments.values());
    if (ticks && ticker === undefined) ticker = setInterval(refreshTaskbar, TASKBAR_TICK_MS);
    if (!ticks && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  }

  // Kept so a notification is not garbage-collected (and its click lost) before it is clicked.
  const shown = new Set<Notification>();
  const unsubscribe = backend.hub.subscribe((message) => {
    if (message.event === 'experiments/updated') {
      for (const experiment of message.payload) {
        const known = experiments.get(experiment.id);
        if (known === undefined || experiment.revision >= known.revision) experiments.set(experiment.id, experiment);
      }
    } else if (message.event === 'experiments/deleted') {
      for (const id of message.payload) experiments.delete(id);
    } else if (message.event === 'database/opened') {
      experiments.clear(); // the other file's experiments follow in the next push
    }
    if (message.event !== 'metrics/appended' && message.event !== 'gpus/sampled' && message.event !== 'trials/updated') refreshTaskbar();
    if (!Notification.isSupported()) return;
    for (const request of planner.observe(message)) {
      const notification = new Notification({ title: request.title, body: request.body });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        send(request.onClick);
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    }
  });
  // The window may open after experiments were recovered as running: show their progress at once.
  app.on('browser-window-created', (_event, window) => window.once('ready-to-show', refreshTaskbar));

  return () => {
    unsubscribe();
    clearInterval(ticker);
    ipcMain.removeHandler(IPC_DESKTOP);
  };
}

/** docs/README.md of a checkout, or the copy electron-builder puts in the packaged resources. */
function userGuidePath(appRoot: string): string | null {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [path.join(appRoot, 'docs', 'README.md'), ...(packaged ? [path.join(packaged, 'docs', 'README.md')] : [])];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}
