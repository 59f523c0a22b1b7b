import type PlotlyModule from 'plotly.js-dist-min';

export type Plotly = typeof PlotlyModule;

/** Where plotly-bundle.ts puts Plotly once its script has run. */
export const PLOTLY_GLOBAL = '__tundraPlotly';
/** The separate bundle, beside app.js (scripts/build.mjs); same origin, so the CSP's script-src 'self' allows it. */
export const PLOTLY_SCRIPT = './plotly.js';

let loading: Promise<Plotly> | null = null;
const loadedListeners = new Set<(plotly: Plotly) => void>();

function published(): Plotly | null {
  const plotly: unknown = Reflect.get(globalThis, PLOTLY_GLOBAL);
  return typeof plotly === 'object' && plotly !== null ? (plotly as Plotly) : null;
}

/** Plotly if its script has already run (draws can then start in the same frame), else null. */
export function loadedPlotly(): Plotly | null {
  return published();
}

/**
 * Plotly, loading its script the first time it is asked for. The page paints and fetches its data
 * while the script downloads and compiles; charts draw when both are there. A failed load is not
 * cached, so the next chart tries again.
 */
export function loadPlotly(): Promise<Plotly> {
  const ready = published();
  if (ready !== null) return Promise.resolve(ready);
  loading ??= new Promise<Plotly>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = PLOTLY_SCRIPT;
    script.async = true;
    script.addEventListener('load', () => {
      const plotly = published();
      if (plotly !== null) {
        resolve(plotly);
        for (const listener of loadedListeners) listener(plotly);
        loadedListeners.clear();
      } else reject(new Error(`${PLOTLY_SCRIPT} ran but did not publish Plotly`));
    });
    script.addEventListener('error', () => {
      script.remove();
      reject(new Error(`could not load ${PLOTLY_SCRIPT}`));
    });
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * Calls back once Plotly is loaded, by whichever chart asked for it, without asking for it itself
 * (a chart drawn as a preview waits for a good moment to load it; another chart may load it
 * first). Returns the unsubscribe.
 */
export function onPlotlyLoaded(listener: (plotly: Plotly) => void): () => void {
  const ready = published();
  if (ready !== null) {
    listener(ready);
    return () => undefined;
  }
  loadedListeners.add(listener);
  return () => { loadedListeners.delete(listener); };
}
