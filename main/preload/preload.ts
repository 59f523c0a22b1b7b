import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannel, isEventName } from '../../shared/api';
import { desktopArgs, parseAppCommand, type AppCommand, type DesktopBridge, type DesktopCall, type DesktopResults } from '../../shared/desktop';
import { IPC_COMMAND, IPC_DESKTOP, IPC_EVENT, IPC_INVOKE, type EventMessage, type TundraBridge } from '../../shared/protocol';
import type { Result } from '../../shared/result';

/**
 * The renderer's only door to the main process, typed by the shared contract: `invoke` and `on`
 * for the API, and `desktop` for native dialogs and menu commands. The allow-lists are checked
 * here too (main checks them again), so a compromised page cannot name raw IPC channels or send
 * a dialog arguments main would refuse.
 */

function desktopCall<K extends DesktopCall>(call: K, args: unknown): Promise<Result<DesktopResults[K]>> {
  const parsed = desktopArgs[call].safeParse(args);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(arguments)'} ${issue.message}`).join('; ');
    return Promise.resolve({ ok: false, error: { code: 'invalid-arguments', message: `Invalid arguments for ${call}: ${message}` } });
  }
  return ipcRenderer.invoke(IPC_DESKTOP, call, parsed.data) as Promise<Result<DesktopResults[K]>>;
}

const desktop: DesktopBridge = {
  chooseFolder: (args) => desktopCall('choose-folder', args),
  saveFile: (args) => desktopCall('save-file', args),
  openExperimentFile: () => desktopCall('open-experiment-file', {}),
  openDatabaseFile: () => desktopCall('open-database-file', {}),
  onCommand(listener) {
    const handler = (_event: IpcRendererEvent, message: unknown) => {
      const command: AppCommand | null = parseAppCommand(message);
      if (command !== null) listener(command);
    };
    ipcRenderer.on(IPC_COMMAND, handler);
    return () => ipcRenderer.off(IPC_COMMAND, handler);
  },
};

const bridge: TundraBridge = {
  invoke(channel, args) {
    if (!isChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `Unknown API call ${channel}` } });
    return ipcRenderer.invoke(IPC_INVOKE, channel, args);
  },
  on(listener) {
    const handler = (_event: IpcRendererEvent, message: EventMessage) => {
      if (isEventName(message?.event)) listener(message);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
  desktop,
};

contextBridge.exposeInMainWorld('tundra', bridge);
