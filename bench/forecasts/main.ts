import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { forecastCurve } from '../../main/policies/curves/forecast';
import type { CurvePoint } from '../../main/policies/policy';
import { createRng } from '../../main/searchers/rng';
import { digitsTable, lcbenchTables, type CurveTable } from '../policies/tables';

/**
 * `npm run bench:forecasts`: how honest the learning-curve forecasts are on recorded curves. For
 * each table and cut step S, a configuration's curve up to S is forecast to the last step, with
 * peers drawn from the other configurations' whole curves (the trials a policy would have at max),
 * and the recorded final value is checked against the forecast's 80% band: a calibrated band holds
 * it 80% of the time, with 10% below and 10% above. The same draws are forecast with the sources'
 * weights learned from the peers (what Tundra does) and with the set weights (the baseline), so the
 * two are compared in one run. Writes docs/benchmarks-forecasts.md.
 *
 * BENCH_DRAWS (forecasts per cell, 150), BENCH_PEERS (peers per forecast, 8).
 */

const root = path.resolve(__dirname, '..', '..');
const dataDir = process.env.TUNDRA_BENCH_DATA ?? path.resolve(root, '..', 'shared', 'data');
const DRAWS = Number(process.env.BENCH_DRAWS ?? 150);
const PEERS = Number(process.env.BENCH_PEERS ?? 8);
const CUT_STEPS = [1, 3, 5, 10, 16, 25, 35];

interface Cell {
  readonly inside: number;
  readonly below: number;
  readonly above: number;
}

function curveOf(table: CurveTable, configuration: number, upTo: number): CurvePoint[] {
  return Array.from({ length: upTo }, (_, i) => ({ step: i + 1, value: table.losses[configuration]![i]! }));
}

/** Coverage of the 80% band at one cut step, for the configurations whose final is in the best `share`. */
function measure(table: CurveTable, cut: number, share: number, learnWeights: boolean): Cell {
  const finals = table.losses.map((losses) => losses[table.maxStep - 1]!);
  const sorted = finals.filter(Number.isFinite).sort((a, b) => a - b);
  const threshold = sorted[Math.floor((sorted.length - 1) * share)]!;
  const candidates = finals.flatMap((final, i) => (Number.isFinite(final) && final <= threshold ? [i] : []));
  const usable = finals.flatMap((final, i) => (Number.isFinite(final) ? [i] : []));
  // The same draws for both weightings and every run: the seed is the cell's.
  const rng = createRng(cut * 7919 + Math.round(share * 1000), 0xf0ca);
  let inside = 0;
  let below = 0;
  let above = 0;
  for (let draw = 0; draw < DRAWS; draw++) {
    const configuration = candidates[Math.floor(rng.next() * candidates.length)]!;
    const peers: CurvePoint[][] = [];
    while (peers.length < PEERS) {
      const peer = usable[Math.floor(rng.next() * usable.length)]!;
      if (peer !== configuration) peers.push(curveOf(table, peer, table.maxStep));
    }
    const forecast = forecastCurve(curveOf(table, configuration, cut), table.maxStep, { peers, learnWeights });
    const final = finals[configuration]!;
    if (final < forecast.low) below += 1;
    else if (final > forecast.high) above += 1;
    else inside += 1;
  }
  return { inside: inside / DRAWS, below: below / DRAWS, above: above / DRAWS };
}

const percent = (x: number) => `${Math.round(100 * x)}%`;

async function main(): Promise<void> {
  const digits = digitsTable(dataDir);
  const lcbench = await lcbenchTables(dataDir);
  const tables = [...(digits ? [digits] : []), ...lcbench.tables];
  if (lcbench.skipped) console.log(lcbench.skipped);
  if (tables.length === 0) throw new Error(`no recorded curves under ${dataDir}`);
  const lines: string[] = [
    '# Forecast calibration',
    '',
    `From \`npm run bench:forecasts\`, ${new Date().toISOString().slice(0, 10)}. Each cell: ${DRAWS} configurations, each curve cut at step S and forecast ` +
      `to the last step with ${PEERS} other configurations' whole curves as peers; the share of recorded finals inside the 80% band ` +
      '(a calibrated band: 80%), and in brackets below / above it (10% / 10%). "learned": the sources weighted by how well each forecasts the peers ' +
      '(main/policies/curves/forecast.ts, 4.), what Tundra does; "set": the set weights, the baseline, on the same draws.',
    '',
  ];
  for (const table of tables) {
    for (const [share, label] of [[1, 'every configuration'], [0.2, 'the best 20% by final value (those a policy must not freeze)']] as const) {
      lines.push(`## ${table.name}: ${label}`, '', `| cut at step | ${CUT_STEPS.join(' | ')} |`, `| --- | ${CUT_STEPS.map(() => '---').join(' | ')} |`);
      for (const learn of [true, false]) {
        const cells = CUT_STEPS.map((cut) => measure(table, cut, share, learn));
        lines.push(`| ${learn ? 'learned' : 'set'} | ${cells.map((c) => `${percent(c.inside)} (${percent(c.below)} / ${percent(c.above)})`).join(' | ')} |`);
      }
      lines.push('');
      console.log(lines.slice(-5).join('\n'));
    }
  }
  const file = path.join(root, 'docs', 'benchmarks-forecasts.md');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
