import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannel, isEventName } from '../../shared/api';
import { IPC_EVENT, IPC_INVOKE, type EventMessage, type TundraBridge } from '../../shared/protocol';

/**
 * The renderer's only door to the main process: two functions, typed by the shared contract.
 * The channel allow-list is checked here too, so a compromised page cannot name raw IPC channels.
 */
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
};

contextBridge.exposeInMainWorld('tundra', bridge);
