import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { createCommands } from './api/commands';
import { findDesktopBridge } from './api/desktop';
import { createEventBridge } from './api/event-bridge';
import { installAppCommands } from './app-commands';
import { App } from './App';
import { bindViewToLocation } from './navigation';
import { AppServicesContext } from './state/services-context';
import { createAppStore } from './state/store';
import { viewFromHash } from './state/ui-slice';
import './styles/app.css';

const transport = createApiClient();
const store = createAppStore({ ui: { view: viewFromHash(window.location.hash) } });
const bridge = createEventBridge(transport, store);
const commands = createCommands(transport, bridge, store);
bindViewToLocation(store, commands);
const desktop = transport.kind === 'electron' ? findDesktopBridge(window) : null;
installAppCommands(store, commands, desktop);
bridge.start();

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <AppServicesContext.Provider value={{ store, commands, transportKind: transport.kind, desktop }}>
      <App />
    </AppServicesContext.Provider>
  </StrictMode>,
);
