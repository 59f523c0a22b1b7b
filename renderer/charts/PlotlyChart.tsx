import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadedPlotly, loadPlotly, onPlotlyLoaded, type Plotly } from './load-plotly';
import { drawPreview } from './preview-chart';

interface PlotlyChartProps {
  readonly data: Data[];
  readonly layout: Partial<Layout>;
  readonly className?: string;
  /**
   * Until Plotly is loaded, draw the figure's lines on a canvas (preview-chart.ts) and load
   * Plotly only once the page has been quiet for a while, or when the pointer or focus comes to
   * the chart. For the chart a page opens with: its first draw does not wait for Plotly, and
   * Plotly's seconds of evaluation do not land on the user's first clicks.
   */
  readonly preview?: boolean;
}

interface PendingFigure {
  readonly data: Data[];
  readonly layout: Partial<Layout>;
}

const CONFIG: Partial<Config> = {
  displaylogo: false,
  // Our own ResizeObserver below follows the panel, not just the window.
  responsive: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'toImage'],
  scrollZoom: false,
};

/**
 * The least time between two draws of one chart: streamed points redraw it at most about four times
 * a second, which still reads as live, instead of on every push (several a second, each a long frame
 * for a large SVG figure). The first draw is not held back.
 */
export const MIN_REDRAW_GAP_MS = 250;

/**
 * How long after its preview is drawn a chart waits before loading Plotly (then at the next idle
 * moment): the page has just shown its data, and the first thing a user does with it (a sort, a
 * filter, a scroll) should not wait behind two seconds of script evaluation.
 */
export const PREVIEW_PLOTLY_DELAY_MS = 1500;

/** What `Plotly.Plots` really is: its types say resize returns void, but it returns a promise that
 * rejects for a plot that is not displayed. */
interface PlotsAsImplemented {
  resize(root: HTMLElement): Promise<unknown>;
}

function resizePlot(plotly: Plotly, root: HTMLElement): Promise<unknown> {
  return (plotly.Plots as unknown as PlotsAsImplemented).resize(root);
}

/**
 * The one place Plotly touches the DOM. Updates go through `Plotly.react`, which diffs against the
 * previous figure and, with `layout.uirevision` unchanged, keeps the user's zoom and hidden traces.
 *
 * Note: Plotly injects its own <style> elements, which is why the page's CSP allows
 * `style-src 'unsafe-inline'`.
 */
export function PlotlyChart({ data, layout, className, preview = false }: PlotlyChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const newest = useRef<PendingFigure | null>(null);
  const loadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [plotted, setPlotted] = useState(false);
  const pending = useRef<PendingFigure | null>(null);
  const drawing = useRef(false);
  const drawFrame = useRef(0);
  const waitTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastDrawn = useRef(-Infinity);
  const [loadError, setLoadError] = useState<string | null>(null);

  // Pushes can arrive faster than a large figure redraws, and each redraw of an SVG plot is a
  // long frame on a slow machine. Only the newest figure matters, so draws are coalesced to one per
  // animation frame, never overlap, and follow each other no closer than MIN_REDRAW_GAP_MS.
  const flush = useCallback(() => {
    const node = element.current;
    const figure = pending.current;
    if (node === null || figure === null || drawing.current) return;
    const plotly = loadedPlotly();
    if (plotly === null && preview) {
      // Kept pending: Plotly draws the newest figure once it is here (onPlotlyLoaded below).
      const drawn = canvas.current !== null && drawPreview(canvas.current, figure.data, figure.layout);
      if (drawn && canvas.current !== null && loadTimer.current === undefined) {
        canvas.current.dataset.drawn = 'true';
        loadTimer.current = setTimeout(() => {
          const load = () => { void loadPlotly().catch((error: unknown) => { setLoadError(error instanceof Error ? error.message : String(error)); }); };
          if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: PREVIEW_PLOTLY_DELAY_MS });
          else load();
        }, PREVIEW_PLOTLY_DELAY_MS);
      }
      return;
    }
    if (plotly === null) {
      // Plotly's own script is still on its way (load-plotly.ts): draw the newest figure once it is here.
      loadPlotly().then(
        () => {
          setLoadError(null);
          drawFrame.current = requestAnimationFrame(flush);
        },
        (error: unknown) => { setLoadError(error instanceof Error ? error.message : String(error)); },
      );
      return;
    }
    const wait = lastDrawn.current + MIN_REDRAW_GAP_MS - performance.now();
    if (wait > 0) {
      clearTimeout(waitTimer.current);
      waitTimer.current = setTimeout(() => { drawFrame.current = requestAnimationFrame(flush); }, wait);
      return;
    }
    pending.current = null;
    drawing.current = true;
    plotly.react(node, figure.data, figure.layout, CONFIG)
      .then(() => { setPlotted(true); })
      // A plot purged or hidden mid-draw rejects; there is nothing left to update then.
      .catch(() => undefined)
      .finally(() => {
        drawing.current = false;
        lastDrawn.current = performance.now();
        if (pending.current !== null) drawFrame.current = requestAnimationFrame(flush);
      });
  }, [preview]);

  useEffect(() => {
    pending.current = { data, layout };
    newest.current = { data, layout };
    cancelAnimationFrame(drawFrame.current);
    clearTimeout(waitTimer.current);
    drawFrame.current = requestAnimationFrame(flush);
  }, [data, layout, flush]);

  useEffect(() => {
    const node = element.current;
    if (node === null) return;
    let resizeFrame = 0;
    // Whoever loads Plotly (this chart's timer, its pointer, another chart): draw then.
    const unsubscribe = preview
      ? onPlotlyLoaded(() => {
          setLoadError(null);
          if (pending.current === null) pending.current = newest.current;
          drawFrame.current = requestAnimationFrame(flush);
        })
      : () => undefined;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(resizeFrame);
      resizeFrame = requestAnimationFrame(() => {
        const shown = newest.current;
        if (!node.classList.contains('js-plotly-plot')) {
          if (canvas.current !== null && shown !== null) drawPreview(canvas.current, shown.data, shown.layout);
          return;
        }
        // A plot hidden in the meantime rejects; it is resized when it is drawn again.
        const plotly = loadedPlotly();
        if (plotly !== null) void resizePlot(plotly, node).catch(() => undefined);
      });
    });
    observer.observe(node);
    return () => {
      unsubscribe();
      cancelAnimationFrame(resizeFrame);
      cancelAnimationFrame(drawFrame.current);
      clearTimeout(waitTimer.current);
      clearTimeout(loadTimer.current);
      pending.current = null;
      observer.disconnect();
      loadedPlotly()?.purge(node);
    };
  }, [flush, preview]);

  const startLoading = () => {
    if (!preview || loadedPlotly() !== null) return;
    void loadPlotly().catch((error: unknown) => { setLoadError(error instanceof Error ? error.message : String(error)); });
  };

  return (
    <>
      {loadError !== null && (
        <p className="issues" role="alert">
          {/* With the still drawing on screen, "cannot be drawn" would contradict what the user sees. */}
          {preview && !plotted
            ? `The interactive chart cannot be drawn: ${loadError}; this is a still drawing of it. Reload the page to try again.`
            : `The chart cannot be drawn: ${loadError}. Reload the page to try again.`}
        </p>
      )}
      <div ref={element} className={className} onPointerEnter={startLoading} onFocus={startLoading} />
      {preview && !plotted && <canvas ref={canvas} className="plot-preview" aria-hidden="true" onPointerEnter={startLoading} />}
    </>
  );
}
