import type { Page } from '@playwright/test';
import type { AppCommand } from '../../../shared/desktop';

/**
 * Runs the page as the desktop app's renderer without Electron (whose binary cannot be fetched
 * here): before the page's own script, `window.tundra` is defined as the preload defines it:
 * `invoke` and `on` over the real `serve` (HTTP + WebSocket, the same API the IPC carries) and
 * `desktop` answering as a person at the native dialogs would: the folders and files queued in
 * `answers`, and every save recorded. `sendCommand` delivers an app command as the native menu
 * or a clicked notification does. What this leaves to test/e2e/electron.spec.ts: the real preload,
 * IPC and dialogs.
 */

export interface DesktopAnswers {
  /** Returned by chooseFolder, one per call, then null (cancelled). */
  readonly folders: readonly string[];
  /** Where save dialogs "save"; null cancels. */
  readonly saveTo: string | null;
  readonly experimentFile?: string;
  readonly databaseFile?: string;
}

export interface DesktopCallRecord {
  readonly call: 'choose-folder' | 'save-file' | 'open-experiment-file' | 'open-database-file';
  readonly args: unknown;
}

interface StandInWindow {
  __desktopStandIn: { calls: DesktopCallRecord[]; send(command: AppCommand): void };
}

export async function installDesktopBridgeStandIn(page: Page, answers: DesktopAnswers): Promise<void> {
  await page.addInitScript((given: DesktopAnswers) => {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    const eventListeners = new Set<(message: unknown) => void>();
    const commandListeners = new Set<(command: unknown) => void>();
    const folders = [...given.folders];
    const calls: { call: string; args: unknown }[] = [];
    const socket = new WebSocket(`${window.location.origin.replace(/^http/, 'ws')}/api/events?token=${token}`);
    socket.addEventListener('message', (event: MessageEvent<string>) => {
      const message: unknown = JSON.parse(event.data);
      for (const listener of eventListeners) listener(message);
    });
    const ok = (value: unknown) => Promise.resolve({ ok: true, value });
    Object.defineProperty(window, 'tundra', {
      value: Object.freeze({
        invoke: async (channel: string, args: unknown) => {
          const response = await fetch(`/api/${channel}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify(args ?? {}),
          });
          return response.json() as Promise<unknown>;
        },
        on: (listener: (message: unknown) => void) => {
          eventListeners.add(listener);
          return () => eventListeners.delete(listener);
        },
        desktop: Object.freeze({
          chooseFolder: (args: unknown) => {
            calls.push({ call: 'choose-folder', args });
            return ok(folders.shift() ?? null);
          },
          saveFile: (args: { suggestedName: string }) => {
            calls.push({ call: 'save-file', args });
            return ok(given.saveTo === null ? null : { path: `${given.saveTo}/${args.suggestedName}` });
          },
          openExperimentFile: () => {
            calls.push({ call: 'open-experiment-file', args: {} });
            return ok(given.experimentFile ?? null);
          },
          openDatabaseFile: () => {
            calls.push({ call: 'open-database-file', args: {} });
            return ok(given.databaseFile ?? null);
          },
          onCommand: (listener: (command: unknown) => void) => {
            commandListeners.add(listener);
            return () => commandListeners.delete(listener);
          },
        }),
      }),
    });
    Object.defineProperty(window, '__desktopStandIn', {
      value: {
        calls,
        send: (command: unknown) => {
          for (const listener of commandListeners) listener(command);
        },
      },
    });
  }, answers);
}

/** An app command, as the native menu or a clicked notification delivers it. */
export function sendCommand(page: Page, command: AppCommand): Promise<void> {
  return page.evaluate((sent) => { (window as unknown as StandInWindow).__desktopStandIn.send(sent); }, command);
}

export function desktopCalls(page: Page): Promise<DesktopCallRecord[]> {
  return page.evaluate(() => [...(window as unknown as StandInWindow).__desktopStandIn.calls]);
}
