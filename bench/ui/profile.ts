import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, tempDir } from '../scheduler/experiment';
import { envInt } from '../scheduler/stats';
import { CURVES_DRAWN, launchChromium } from './browser';
import { writeStreamTrial } from './fixtures';
import { seedDatabase } from './seed';
import { startServe } from './serve';

/**
 * `npm run bench:ui:profile`: one load of the dashboard of BENCH_TRIALS (10,000) completed trials
 * under a CPU profile (the DevTools protocol's Profiler domain), to see where the first seconds go
 * rather than guess. Prints when the requests were made and answered, when rows and curves
 * appeared, and the functions with the most self time in each half-second; writes the .cpuprofile
 * (open it in Chromium's DevTools) to test-results/. BENCH_PROFILE_DB reuses a seeded file.
 */

/** Page-side marks: when the first trials row and the first curve trace appear. */
const MARKS_SCRIPT = `(() => {
  const marks = {};
  window.__marks = marks;
  const observer = new MutationObserver(() => {
    if (marks.rows === undefined && document.querySelector('table[aria-label="Trials"] tbody tr[data-trial]')) marks.rows = performance.now();
    if (marks.curves === undefined && document.querySelector('.curves__chart canvas.plot-preview[data-drawn="true"], .curves__plot .scatterlayer .trace')) marks.curves = performance.now();
    if (marks.plotly === undefined && document.querySelector('.curves__plot .scatterlayer .trace')) marks.plotly = performance.now();
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] }));
})();`;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

async function main(): Promise<void> {
  const trials = envInt('BENCH_TRIALS', 10_000);
  const dir = tempDir('tundra-bench-profile-');
  let file = process.env.BENCH_PROFILE_DB ?? '';
  let experimentId = 1;
  if (file === '' || !existsSync(file)) {
    file = file === '' ? path.join(dir, 'profile.db') : file;
    const seed = seedDatabase({ file, trials, steps: envInt('BENCH_STEPS', 100), streamTrial: writeStreamTrial(dir), pointsPerSecondPerTrial: 250, trialSeconds: 10, parallel: 5, workdir: dir });
    experimentId = seed.experimentId;
  }
  const serve = await startServe(repoRoot, file);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.addInitScript(MARKS_SCRIPT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    // The token is traded for a cookie first, so the profiled load is the dashboard's alone.
    await page.goto(serve.url);
    await page.waitForLoadState('load');
    await page.goto('about:blank');
    await cdp.send('Profiler.start');
    await page.goto(`${serve.origin}/#/experiments/${experimentId}`, { waitUntil: 'commit' });
    await page.locator(CURVES_DRAWN).first().waitFor({ state: 'attached', timeout: 120_000 });
    mkdirSync(path.join(repoRoot, 'test-results', 'screens'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', `profile-${trials}-first-draw.png`) });
    await page.locator('.curves__plot .scatterlayer .trace').first().waitFor({ state: 'attached', timeout: 120_000 });
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', `profile-${trials}-plotly.png`) });
    await page.waitForTimeout(500);
    let { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    if (process.env.BENCH_PROFILE_STREAM === '1') {
      // The streaming phase instead: live trials of the same experiment, a few seconds in.
      await page.getByRole('tab', { name: 'History', exact: true }).scrollIntoViewIfNeeded();
      await page.waitForTimeout(3000);
      await page.locator('section.curves').scrollIntoViewIfNeeded();
      const started = await serve.call('experiments/start', { experimentId });
      if (!started.ok) throw new Error(started.error.message);
      await page.waitForTimeout(4000);
      await page.evaluate(() => {
        // Each Plotly.react's own time, by the chart it drew.
        const plotly = (window as unknown as { __tundraPlotly: { react: (node: HTMLElement, ...rest: unknown[]) => Promise<unknown> } }).__tundraPlotly;
        const reacts: { chart: string; ms: number }[] = [];
        (window as unknown as { __reacts: typeof reacts }).__reacts = reacts;
        const original = plotly.react.bind(plotly);
        plotly.react = (node, ...rest) => {
          const started = performance.now();
          const done = original(node, ...rest);
          reacts.push({ chart: node.className.split(' ')[0] ?? '', ms: performance.now() - started });
          return done;
        };
        const gaps: number[] = [];
        let last = 0;
        const tick = (now: number) => { if (last > 0) gaps.push(now - last); last = now; if (gaps.length < 100000) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        (window as unknown as { __gaps: number[] }).__gaps = gaps;
      });
      const tracing = process.env.BENCH_PROFILE_TRACE === '1';
      if (tracing) await browser.startTracing(page, { path: path.join(repoRoot, 'test-results', 'dashboard-stream-trace.json'), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      await cdp.send('Profiler.start');
      await page.waitForTimeout(8000);
      ({ profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile });
      if (tracing) await browser.stopTracing();
      const gaps = await page.evaluate(() => (window as unknown as { __gaps: number[] }).__gaps.slice());
      const reacts = await page.evaluate(() => (window as unknown as { __reacts: { chart: string; ms: number }[] }).__reacts.slice());
      const sorted = reacts.map((entry) => entry.ms).sort((a, b) => a - b);
      console.log(`Plotly.react: ${reacts.length} calls (${[...new Set(reacts.map((entry) => entry.chart))].join(', ')}), median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, longest ${sorted[sorted.length - 1]?.toFixed(0)} ms`);
      console.log(`frames ${gaps.length}, longest ${Math.max(...gaps).toFixed(0)} ms, over 50 ms: ${gaps.filter((gap) => gap > 50).map((gap) => gap.toFixed(0)).join(' ')}`);
      await serve.call('experiments/stop', { experimentId });
    }
    const timing = await page.evaluate(() => ({
      marks: (window as unknown as { __marks: Record<string, number> }).__marks,
      origin: performance.timeOrigin,
      resources: performance.getEntriesByType('resource').map((entry) => {
        const resource = entry as PerformanceResourceTiming;
        return { name: resource.name.replace(location.origin, ''), start: resource.startTime, response: resource.responseStart, end: resource.responseEnd, bytes: resource.encodedBodySize };
      }),
    }));
    const out = path.join(repoRoot, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `dashboard-${trials}.cpuprofile`), JSON.stringify(profile));

    console.log('marks (ms after navigation start):', Object.entries(timing.marks).map(([name, at]) => `${name} ${at.toFixed(0)}`).join(', '));
    for (const resource of timing.resources) {
      console.log(`  ${resource.name.padEnd(28)} asked ${resource.start.toFixed(0).padStart(6)}  first byte ${resource.response.toFixed(0).padStart(6)}  done ${resource.end.toFixed(0).padStart(6)}  ${(resource.bytes / 1e3).toFixed(0)} kB`);
    }
    // Self time per function per half-second, on the page's clock (profile times are µs, monotonic).
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const bucketMs = 500;
    const buckets = new Map<number, Map<string, number>>();
    let at = profile.startTime;
    profile.samples.forEach((id, index) => {
      at += profile.timeDeltas[index] ?? 0;
      const node = byId.get(id);
      if (node === undefined) return;
      const frame = node.callFrame;
      const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
      const bucket = Math.floor((at - profile.startTime) / 1000 / bucketMs);
      const held = buckets.get(bucket) ?? new Map<string, number>();
      held.set(name, (held.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
      buckets.set(bucket, held);
    });
    for (const [bucket, names] of [...buckets].sort((a, b) => a[0] - b[0])) {
      const busy = [...names].filter(([name]) => !name.startsWith('(idle)')).reduce((sum, [, ms]) => sum + ms, 0);
      const top = [...names].filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 6);
      console.log(`${(bucket * bucketMs).toString().padStart(6)} ms: busy ${busy.toFixed(0).padStart(4)} ms  ${top.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(' | ')}`);
    }
    await context.close();
  } finally {
    await browser.close();
    await serve.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
