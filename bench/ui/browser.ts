import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';

/** The flags the end-to-end tests use: software rendering, nothing phoning home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Injected before the page's own scripts (through the DevTools protocol, so the page's CSP does
 * not apply): collects long animation frames as Chromium reports them, and runs a
 * requestAnimationFrame loop on demand that keeps every interval between two frames.
 */
const INIT_SCRIPT = `(() => {
  const bench = { loaf: [], gaps: [], looping: false, last: 0 };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.loaf.push({ start: entry.startTime, duration: entry.duration, blocking: entry.blockingDuration || 0 });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (error) { bench.loafError = String(error); }
  const tick = (now) => {
    if (!bench.looping) return;
    if (bench.last > 0) bench.gaps.push(now - bench.last);
    bench.last = now;
    requestAnimationFrame(tick);
  };
  bench.startFrames = () => { bench.gaps = []; bench.last = 0; bench.looping = true; requestAnimationFrame(tick); };
  bench.stopFrames = () => { bench.looping = false; return bench.gaps; };
})();`;

/** The learning curves have drawn their traces: by Plotly, or as the preview before it (renderer/charts/preview-chart.ts). */
export const CURVES_DRAWN = '.curves__plot .scatterlayer .trace, .curves__chart canvas.plot-preview[data-drawn="true"]';

interface BenchGlobals {
  readonly __bench: {
    readonly loaf: { start: number; duration: number; blocking: number }[];
    readonly loafError?: string;
    startFrames(): void;
    stopFrames(): number[];
  };
}

export interface FrameStats {
  /** Intervals between consecutive animation frames, ms. */
  readonly gaps: readonly number[];
  readonly seconds: number;
  /** Long animation frames (over 50 ms) Chromium reported in the window. */
  readonly longFrames: readonly number[];
}

export interface TabTiming {
  readonly tab: string;
  readonly ms: number;
  readonly longestFrameMs: number;
}

export class DashboardSession {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async open(browser: Browser): Promise<DashboardSession> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.addInitScript(INIT_SCRIPT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    return new DashboardSession(context, page, cdp);
  }

  private rows() {
    return this.page.locator('table[aria-label="Trials"] tbody tr[data-trial]');
  }

  /**
   * Navigation → rows, → the learning curves drawn, → a click on the Value header re-sorted the
   * rows (the dashboard answered input). Times from just before navigating, in ms.
   */
  async loadDashboard(url: string): Promise<{ rowsMs: number; curvesMs: number; sortedMs: number; clickMs: number }> {
    const started = performance.now();
    await this.page.goto(url, { waitUntil: 'commit' });
    await this.rows().first().waitFor({ state: 'visible', timeout: 120_000 });
    const rowsMs = performance.now() - started;
    // Drawn: Plotly's traces, or the canvas preview of the same figure drawn before Plotly is loaded.
    await this.page.locator(CURVES_DRAWN).first().waitFor({ state: 'attached', timeout: 120_000 });
    const curvesMs = performance.now() - started;
    const before = await this.rows().first().getAttribute('data-trial');
    const clicked = performance.now();
    await this.page.locator('table[aria-label="Trials"] th button.th-sort', { hasText: 'Value' }).click({ timeout: 120_000 });
    await this.page.waitForFunction(
      (held) => document.querySelector('table[aria-label="Trials"] tbody tr[data-trial]')?.getAttribute('data-trial') !== held,
      before,
      { timeout: 120_000, polling: 'raf' },
    );
    const sortedMs = performance.now() - started;
    return { rowsMs, curvesMs, sortedMs, clickMs: performance.now() - clicked };
  }

  /** Each analysis tab: click → its figure drawn (the frame after Plotly's draw). */
  async visitAnalysisTabs(tabs: readonly { label: string; plot: string; key: string }[]): Promise<TabTiming[]> {
    const timings: TabTiming[] = [];
    await this.page.locator('section.analysis').scrollIntoViewIfNeeded();
    for (const { label, plot, key } of tabs) {
      const loafBefore = await this.page.evaluate(() => (window as unknown as BenchGlobals).__bench.loaf.length);
      const started = performance.now();
      await this.page.getByRole('tab', { name: label, exact: true }).click({ timeout: 120_000 });
      // Drawn = Plotly holds this tab's figure: the figure's uirevision names its tab.
      await this.page.waitForFunction(
        ({ label, key }) => {
          const node = document.querySelector<HTMLElement & { layout?: { uirevision?: unknown } }>(`[role="img"][aria-label="${label}"] .js-plotly-plot`);
          return typeof node?.layout?.uirevision === 'string' && node.layout.uirevision.includes(`:${key}:`);
        },
        { label: plot, key },
        { timeout: 120_000, polling: 'raf' },
      );
      await this.afterNextFrame();
      const ms = performance.now() - started;
      const frames = await this.page.evaluate((from) => (window as unknown as BenchGlobals).__bench.loaf.slice(from).map((entry) => entry.duration), loafBefore);
      timings.push({ tab: label, ms, longestFrameMs: Math.max(0, ...frames) });
    }
    // Back to the learning curves: the panel the stream redraws is the one in view while frames are measured.
    await this.page.locator('section.curves').scrollIntoViewIfNeeded();
    return timings;
  }

  /** Resolves after two animation frames: the one that drew what was pending, and the next. */
  async afterNextFrame(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  async startFrames(): Promise<{ loafFrom: number; at: number }> {
    const loafFrom = await this.page.evaluate(() => {
      const bench = (window as unknown as BenchGlobals).__bench;
      bench.startFrames();
      return bench.loaf.length;
    });
    return { loafFrom, at: performance.now() };
  }

  async stopFrames(mark: { loafFrom: number; at: number }): Promise<FrameStats> {
    const { gaps, longFrames } = await this.page.evaluate((from) => {
      const bench = (window as unknown as BenchGlobals).__bench;
      return { gaps: bench.stopFrames(), longFrames: bench.loaf.slice(from).map((entry) => entry.duration) };
    }, mark.loafFrom);
    return { gaps, longFrames, seconds: (performance.now() - mark.at) / 1000 };
  }

  async loafSupported(): Promise<string | null> {
    return this.page.evaluate(() => (window as unknown as BenchGlobals).__bench.loafError ?? null);
  }

  /** The renderer's JS heap in use, MB; after a full collection when `collect`. */
  async heapMb(collect: boolean): Promise<number> {
    if (collect) await this.cdp.send('HeapProfiler.collectGarbage');
    const usage = await this.cdp.send('Runtime.getHeapUsage');
    return usage.usedSize / 1e6;
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file, fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
