import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { createCommands } from './api/commands';
import { findDesktopBridge } from './api/desktop';
import { createEventBridge } from './api/event-bridge';
import { separateCurveLimit } from './charts/learning-curves-figure';
import { canUseWebGlTraces } from './charts/webgl-support';
import { installAppCommands } from './app-commands';
import { App } from './App';
import { loadPlotly } from './charts/load-plotly';
import { bindViewToLocation } from './navigation';
import { AppServicesContext } from './state/services-context';
import { createAppStore } from './state/store';
import { viewFromHash } from './state/ui-slice';
import './styles/app.css';

const transport = createApiClient();
const firstView = viewFromHash(window.location.hash);
const store = createAppStore({ ui: { view: firstView } });
const bridge = createEventBridge(transport, store, { curveLimit: () => separateCurveLimit(canUseWebGlTraces()) });
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
// Charts need Plotly, which loads as its own script. A page opened on an experiment's dashboard
// draws its learning curves without it (charts/preview-chart.ts) and asks for it once the page is
// quiet, so its first clicks do not wait behind seconds of script evaluation. Any other first
// screen starts it after the first paint, so it has compiled before a chart needs it (on a busy
// machine the evaluation alone can take several seconds). A failure here is retried (and shown) by
// the first chart.
if (firstView.kind !== 'experiment') requestAnimationFrame(() => setTimeout(() => void loadPlotly().catch(() => undefined), 0));
