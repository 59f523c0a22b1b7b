import Plotly from 'plotly.js-dist-min';
import { PLOTLY_GLOBAL } from './load-plotly';

/**
 * The entry point of dist/renderer/plotly.js: Plotly alone, published where load-plotly.ts finds
 * it. Kept out of app.js because it is most of the renderer's code (about 4.8 MB of 5.8 MB):
 * compiling it before the first paint held every screen back by seconds, charts or not.
 */
Reflect.set(globalThis, PLOTLY_GLOBAL, Plotly);
