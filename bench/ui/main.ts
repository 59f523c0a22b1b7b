import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot, tempDir } from '../scheduler/experiment';
import { envInt, formatCount, formatMs, formatRatio, quantile, sleep } from '../scheduler/stats';
import { DashboardSession, launchChromium, type FrameStats, type TabTiming } from './browser';
import { writeStreamTrial } from './fixtures';
import { seedDatabase, type SeedResult } from './seed';
import { startServe } from './serve';

/**
 * `npm run bench:ui`: the dashboard of a real SQLite database of BENCH_TRIALS completed trials x
 * BENCH_STEPS steps (10,000 x 100: a million points), seeded through the store, served by the real
 * `tundra serve`, in Debian's Chromium driven by Playwright; then live trials of the same experiment
 * stream BENCH_RATE points a second through runner → store → WebSocket → event bridge → charts.
 * Baselines in the same run: a BENCH_BASELINE_TRIALS database through the same steps, and the same
 * page with nothing streaming. Prints a table and writes docs/benchmarks-ui.md.
 *
 * Sizes: BENCH_TRIALS (10000), BENCH_STEPS (100), BENCH_BASELINE_TRIALS (1000), BENCH_RATE (1000
 * points/s in all, the rate measured is what the table shows), BENCH_STREAM_TRIALS (live trials at
 * once, 5, each at BENCH_RATE / (BENCH_STREAM_TRIALS - 1) to cover the gaps as one ends and the
 * next starts), BENCH_TRIAL_SECONDS (each live trial's length, 10), BENCH_WINDOW_SECONDS (each frame-measuring window, 20); BENCH_KEEP=1 keeps the
 * temporary folder. A run with other sizes says so in the file.
 */

const INTERACTIVE_TARGET_MS = 1500;
const FRAME_TARGET_MS = 100;
const HEAP_TARGET_MB = 500;
const SIZE_VARIABLES = ['BENCH_TRIALS', 'BENCH_STEPS', 'BENCH_BASELINE_TRIALS', 'BENCH_RATE', 'BENCH_STREAM_TRIALS', 'BENCH_TRIAL_SECONDS', 'BENCH_WINDOW_SECONDS'];
const ANALYSIS_TABS = [
  { label: 'Parallel coordinates', plot: 'Parallel coordinates', key: 'parallel' },
  { label: 'Importance', plot: 'Parameter importance', key: 'importance' },
  { label: 'Slices', plot: 'Slice plots', key: 'slices' },
  { label: 'Contour', plot: 'Contour of a parameter pair', key: 'contour' },
  { label: 'History', plot: 'Optimisation history', key: 'history' },
] as const;

/** How the figures are taken, under the table of every run. */
const METHOD = [
  '## What is measured',
  '',
  '- **Database**: a real SQLite file written through the store (`Store`, its repositories, one transaction): one stopped experiment of ' +
    'BENCH_TRIALS completed trials (four parameters: float, log float, int, categorical) with BENCH_STEPS points of `val_loss` each. The baseline is the same with BENCH_BASELINE_TRIALS trials.',
  '- **Server and browser**: the built `tundra serve` on that file; Debian\'s Chromium (`--disable-gpu`, so software rendering; our CSP rules out WebGL traces anyway) through Playwright, a 1400 x 1000 window, a fresh browser context per database (nothing cached).',
  '- **Interactive**: from just before navigating to `/#/experiments/<id>` until (1) the trials table shows rows, (2) the learning-curves chart has drawn its traces ' +
    '(Plotly\'s, or the canvas drawing of the same figure that the dashboard shows until Plotly is loaded: renderer/charts/preview-chart.ts), and (3) a click on the ' +
    'table\'s *Value* header has re-sorted the rows (the first row changed). The click is Playwright\'s, so it waits for the page to be able to take it.',
  '- **Analysis tabs**: a click on each tab until the frame after Plotly holds its figure (the figure\'s uirevision names the tab); in brackets the longest animation frame Chromium reported meanwhile.',
  '- **Streaming**: the experiment is started again through the API, so the scheduler runs new trials of it (a node script printing `@tundra` metric lines, BENCH_RATE / (BENCH_STREAM_TRIALS - 1) points a second each to cover the gaps between trials, ' +
    'BENCH_TRIAL_SECONDS long, BENCH_STREAM_TRIALS at once): points go runner → store → WebSocket → event bridge → charts, and trials keep finishing and starting. The rate in the table is the points stored during the window, counted in the database.',
  '- **Frames**: a requestAnimationFrame loop in the page (injected through the DevTools protocol) keeps every interval between two frames for BENCH_WINDOW_SECONDS; the longest is the figure held to the target. ' +
    '"Idle" is the same page for the same time before streaming starts. Chromium\'s long-animation-frame entries are what the tab rows use.',
  '- **Heap**: `Runtime.getHeapUsage` (used JS heap of the page) once a second while streaming, the peak held to the target; and after `HeapProfiler.collectGarbage`.',
  '',
  '## Where the time goes',
  '',
  'Measured with `npm run bench:ui:profile` (a CPU profile and request timings of one load; BENCH_PROFILE_STREAM=1 profiles the streaming phase and times each Plotly.react). ' +
    '**Opening**: the learning curves are first drawn on a canvas from the same figure Plotly gets (renderer/charts/preview-chart.ts), a few hundred ms after the metrics arrive; ' +
    'Plotly (4.8 MB: about 1.5 s to evaluate and 1 s for its first draw on this machine, up to 8 s when the machine is busy) is loaded 1.5 s after that drawing at an idle moment, or when the pointer comes to the chart, ' +
    'so the first click does not wait behind it; the analysis is built only once scrolled into view after the curves have their data. The price: the first analysis tab clicked right after opening waits for Plotly (the Parallel coordinates row above). ' +
    'The page does not fetch every point: metrics/summary (main/api/curve-summary.ts with shared/curve-envelope.ts, the split and envelope code the chart itself draws with) sends what the learning-curves chart draws, ' +
    'the live trials\' and the ~20 highlighted curves whole and the other finished trials as the envelope: about 100 kB for 10,000 x 100 where metrics/series was 22 MB, and the page holds no million points (the heap rows above). ' +
    'The server computes it from every point of the metric on the first open after it starts (SQLite builds each trial\'s curve as JSON arrays, read in ranges of 500 trials with other work let in between: 0.6-0.9 s for a million points on this busy machine, ' +
    'where a row per point through the binding took 1.9 s) and keeps the finished trials\' part until one of them changes, so opening it again costs tens of ms. ' +
    'What remains at 10,000 trials is the server\'s one thread answering trials/list (4.6 MB: 0.4-1 s to read and serialise here) and then that first summary, and the page parsing the list; ' +
    'a leaner trials/list was not tried (the Trial record is one type through the renderer). ' +
    'Before any fetch the page starts (a new tab, app.js: 743 kB since zod\'s 40 locales were left out of it, a quarter of the 1 MB before, about 0.3-0.4 s to evaluate here) and connects its push channel (about 0.1 s): ' +
    'that, not data, is most of the 1,000-trial rows\' time. The bench\'s navigation is also the first of a fresh browser context with the token in the address (a 303 that sets the cookie, then the page, in a new renderer process): ' +
    'the profile, which trades the token before it measures, sees the 1,000-trial rows 1.2 s after navigation and 10,000 at 1.6 s (curves 1.4 s and 2.5 s), where the bench sees 2.2-2.7 s. ' +
    'The fetches still wait for the push channel: fetching before it is up would lose the pushes sent in between. ' +
    '**Streaming**: the app\'s own work per push is a few ms (pushes delivered once per animation frame, selectors no longer map every trial, the split of curves carried over while only live trials move, the analysis not redrawn out of view), ' +
    'and the learning curves are redrawn at most every 750 ms (renderer/lib/use-throttled-value.ts; a new metric, the first data or a fetched summary at once); the summary is fetched again only when more than 2% of its trials finished since or one of them is thawed. ' +
    'What a long frame is made of is still one Plotly.react of the learning curves (about 25 traces: 25-45 ms on a quiet machine, 100-400 ms with the other work here) or a young-generation GC or the other processes on the two cores (the idle page\'s own longest frame is 50-150 ms here); ' +
    'fewer redraws make fewer long frames, not a shorter longest one.',
  '',
  '## Before the dashboard work (same bench, same machine, first run)',
  '',
  'Before the learning-curves envelope, the analysis densities, the single start-up fetch and `metrics/series`: 10,000 trials were interactive after 76 s (1,000: 28 s); the tabs took ' +
    'parallel coordinates 7.6 s, importance 1.5 s, slices 16.8 s, contour 6.5 s, history 5.3 s; while streaming the page did not paint a screenshot within 30 s. ' +
    'The machine\'s load average was about 7 on 2 cores then too. ' +
    'Before the preview drawing, the deferred Plotly and analysis and the per-push work above (same bench, 2026-12-03, two runs): interactive 9.5 s and 7.8 s at 10,000 trials (1,000: 6.3 s and 7.7 s), ' +
    'the curves drawn 5-6 s after the rows; longest frame while streaming 233 ms and 317 ms (1,000 trials: 167 ms). ' +
    'Before metrics/summary, the throttled curves and the smaller app.js (same bench, 2026-12-03, load average 4.8): interactive 5.6 s at 10,000 trials (rows 3.0 s, curves 5.4 s; 1,000 trials: 2.8 s), ' +
    'longest frame while streaming 183 ms (1,000 trials: 267 ms), page heap after load 46 MB and 163 MB at its peak while streaming.',
];

interface DashboardRun {
  readonly trials: number;
  readonly seed: SeedResult;
  readonly rowsMs: number;
  readonly curvesMs: number;
  readonly sortedMs: number;
  readonly clickMs: number;
  readonly heapAfterLoadMb: number;
  readonly tabs: readonly TabTiming[];
  readonly idle: FrameStats;
  readonly stream: FrameStats;
  readonly streamedPoints: number;
  readonly heapPeakMb: number;
  readonly heapAfterStreamMb: number;
}

const progress = (() => {
  const started = performance.now();
  return (text: string) => process.stderr.write(`[bench:ui] ${text} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
})();

/** Points stored for the live trials (numbered after the seeded ones), read beside the server. */
function streamedPointCount(file: string, seeded: number): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM metrics m JOIN trials t ON t.id = m.trial_id WHERE t.number > ?').get(seeded);
    return row?.n ?? 0;
  } finally {
    db.close();
  }
}

async function measureDashboard(browser: Awaited<ReturnType<typeof launchChromium>>, dir: string, trials: number, options: { steps: number; rate: number; parallel: number; trialSeconds: number; windowSeconds: number }): Promise<DashboardRun> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `tundra-${trials}.db`);
  const streamTrial = writeStreamTrial(dir);
  progress(`seeding ${formatCount(trials)} trials x ${options.steps} steps`);
  // One slot's worth more than the rate: each trial's start (node, the scheduler filling the slot)
  // leaves a gap, and the rate wanted is the one that reaches the page.
  const perTrial = Math.ceil(options.rate / Math.max(1, options.parallel - 1));
  const seed = seedDatabase({ file, trials, steps: options.steps, streamTrial, pointsPerSecondPerTrial: perTrial, trialSeconds: options.trialSeconds, parallel: options.parallel, workdir: dir });
  progress(`seeded ${formatCount(seed.points)} points in ${seed.seconds.toFixed(1)} s`);
  const serve = await startServe(repoRoot, file);
  const session = await DashboardSession.open(browser);
  try {
    const load = await session.loadDashboard(`${serve.url}#/experiments/${seed.experimentId}`);
    progress(`${trials} trials: interactive after ${formatMs(load.sortedMs)}`);
    const loafProblem = await session.loafSupported();
    if (loafProblem !== null) progress(`long-animation-frame entries unavailable: ${loafProblem}`);
    const heapAfterLoadMb = await session.heapMb(true);
    const tabs = await session.visitAnalysisTabs(ANALYSIS_TABS);
    progress(`analysis tabs: ${tabs.map((tab) => `${tab.tab} ${formatMs(tab.ms)}`).join(', ')}`);

    await sleep(1000);
    const idleMark = await session.startFrames();
    await sleep(options.windowSeconds * 1000);
    const idle = await session.stopFrames(idleMark);

    const started = await serve.call('experiments/start', { experimentId: seed.experimentId });
    if (!started.ok) throw new Error(`could not start the streaming trials: ${started.error.message}`);
    const deadline = Date.now() + 30_000;
    while (streamedPointCount(file, trials) === 0) {
      if (Date.now() > deadline) throw new Error('the live trials stored no point in 30 s');
      await sleep(200);
    }
    await sleep(1000);
    const before = streamedPointCount(file, trials);
    const streamMark = await session.startFrames();
    let heapPeakMb = 0;
    const windowEnd = Date.now() + options.windowSeconds * 1000;
    while (Date.now() < windowEnd) {
      heapPeakMb = Math.max(heapPeakMb, await session.heapMb(false));
      await sleep(1000);
    }
    const stream = await session.stopFrames(streamMark);
    const streamedPoints = streamedPointCount(file, trials) - before;
    mkdirSync(path.join(repoRoot, 'test-results', 'screens'), { recursive: true });
    // A page too busy to paint would fail the run here; the figures above are what matter.
    await session.screenshot(path.join(repoRoot, 'test-results', 'screens', `bench-ui-${trials}.png`)).catch((error: unknown) => { progress(`no screenshot: ${String(error).split('\n')[0]}`); });
    await serve.call('experiments/stop', { experimentId: seed.experimentId });
    const heapAfterStreamMb = await session.heapMb(true);
    progress(`${trials} trials streamed ${formatCount(streamedPoints)} points in ${stream.seconds.toFixed(1)} s; longest frame ${formatMs(Math.max(...stream.gaps))}`);
    return { trials, seed, ...load, heapAfterLoadMb, tabs, idle, stream, streamedPoints, heapPeakMb, heapAfterStreamMb };
  } finally {
    await session.close();
    await serve.stop();
  }
}

const longest = (frames: FrameStats) => Math.max(0, ...frames.gaps);
const over = (frames: FrameStats, ms: number) => frames.gaps.filter((gap) => gap > ms).length;
const verdict = (met: boolean, text: string) => `${text}: ${met ? 'met' : '**missed**'}`;

type Row = readonly [measure: string, large: string, baseline: string, ratio: string, target: string];

function rows(large: DashboardRun, small: DashboardRun): Row[] {
  const b = formatCount(small.trials);
  const ratio = (a: number, c: number) => formatRatio(a / c);
  const rate = (run: DashboardRun) => run.streamedPoints / run.stream.seconds;
  return [
    [`interactive: navigation → rows and curves drawn → a click on Value re-sorted the rows`, formatMs(large.sortedMs), `${b} trials: ${formatMs(small.sortedMs)}`, ratio(large.sortedMs, small.sortedMs), verdict(large.sortedMs <= INTERACTIVE_TARGET_MS, '≤ 1.5 s')],
    ['… trials table rows visible', formatMs(large.rowsMs), formatMs(small.rowsMs), ratio(large.rowsMs, small.rowsMs), ''],
    ['… learning curves drawn', formatMs(large.curvesMs), formatMs(small.curvesMs), ratio(large.curvesMs, small.curvesMs), ''],
    ['… click on the Value header → rows re-sorted', formatMs(large.clickMs), formatMs(small.clickMs), ratio(large.clickMs, small.clickMs), ''],
    [
      `longest frame while streaming (${(rate(large) / 1000).toFixed(2)} k points/s, ${large.stream.seconds.toFixed(0)} s)`,
      formatMs(longest(large.stream)),
      `same page, nothing streaming: ${formatMs(longest(large.idle))}; ${b} trials streaming: ${formatMs(longest(small.stream))}`,
      ratio(longest(large.stream), longest(large.idle)),
      verdict(longest(large.stream) <= FRAME_TARGET_MS, '≤ 100 ms'),
    ],
    ['frames over 50 ms while streaming', `${over(large.stream, 50)} of ${formatCount(large.stream.gaps.length)}`, `idle: ${over(large.idle, 50)} of ${formatCount(large.idle.gaps.length)}; ${b} trials: ${over(small.stream, 50)} of ${formatCount(small.stream.gaps.length)}`, '', ''],
    ['frame interval while streaming, p99', formatMs(quantile(large.stream.gaps, 0.99)), `idle: ${formatMs(quantile(large.idle.gaps, 0.99))}; ${b} trials: ${formatMs(quantile(small.stream.gaps, 0.99))}`, '', ''],
    ['renderer JS heap, peak sampled while streaming', `${large.heapPeakMb.toFixed(0)} MB`, `${b} trials: ${small.heapPeakMb.toFixed(0)} MB`, ratio(large.heapPeakMb, small.heapPeakMb), verdict(large.heapPeakMb < HEAP_TARGET_MB, '< 500 MB')],
    ['renderer JS heap after load, after a full GC', `${large.heapAfterLoadMb.toFixed(0)} MB`, `${b} trials: ${small.heapAfterLoadMb.toFixed(0)} MB`, ratio(large.heapAfterLoadMb, small.heapAfterLoadMb), ''],
    ['renderer JS heap after streaming, after a full GC', `${large.heapAfterStreamMb.toFixed(0)} MB`, `${b} trials: ${small.heapAfterStreamMb.toFixed(0)} MB`, ratio(large.heapAfterStreamMb, small.heapAfterStreamMb), ''],
    ...large.tabs.map((tab, index): Row => {
      const other = small.tabs[index]!;
      return [`analysis tab ${tab.tab}: click → drawn (its longest frame)`, `${formatMs(tab.ms)} (${formatMs(tab.longestFrameMs)})`, `${formatMs(other.ms)} (${formatMs(other.longestFrameMs)})`, ratio(tab.ms, other.ms), ''];
    }),
  ];
}

function table(list: readonly Row[], large: number, small: number): string[] {
  return [`| measure | ${formatCount(large)} trials | baseline, same run (${formatCount(small)} trials or idle) | ratio | target |`, '| --- | --- | --- | --- | --- |', ...list.map((row) => `| ${row.join(' | ')} |`)];
}

async function main(): Promise<void> {
  const trials = envInt('BENCH_TRIALS', 10_000);
  const baselineTrials = envInt('BENCH_BASELINE_TRIALS', 1000);
  const options = {
    steps: envInt('BENCH_STEPS', 100),
    rate: envInt('BENCH_RATE', 1000),
    parallel: envInt('BENCH_STREAM_TRIALS', 5),
    trialSeconds: envInt('BENCH_TRIAL_SECONDS', 10),
    windowSeconds: envInt('BENCH_WINDOW_SECONDS', 20),
  };
  const loadAtStart = os.loadavg().map((value) => value.toFixed(1)).join(', ');
  const dir = tempDir('tundra-bench-ui-');
  const browser = await launchChromium();
  try {
    const small = await measureDashboard(browser, path.join(dir, 'small'), baselineTrials, options);
    const large = await measureDashboard(browser, path.join(dir, 'large'), trials, options);
    const list = rows(large, small);
    const resized = SIZE_VARIABLES.filter((name) => process.env[name] !== undefined);
    const load = os.loadavg().map((value) => value.toFixed(1)).join(', ');
    const lines = [
      '# Dashboard benchmark',
      '',
      `From \`npm run bench:ui\` on ${os.cpus().length} CPU cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}; ` +
        `load average at the start ${loadAtStart}, at the end ${load} (other work on the machine slows every figure alike; compare within a run).`,
      ...(resized.length > 0 ? ['', `**Not the standard sizes**: ${resized.map((name) => `${name}=${process.env[name]}`).join(', ')}.`] : []),
      '',
      ...table(list, trials, baselineTrials),
      '',
      ...METHOD,
    ];
    console.log(lines.join('\n'));
    writeFileSync(path.join(repoRoot, 'docs', 'benchmarks-ui.md'), `${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
