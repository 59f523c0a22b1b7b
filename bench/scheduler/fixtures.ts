import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The trial scripts of the benchmark, written into its temporary folder at start (plain
 * JavaScript that `node` runs as it is; kept here as text so that lint and the build need no
 * special case for them). Both write CLOCK_MONOTONIC readings (process.hrtime, one clock for
 * every process on Linux) to stderr, which Tundra neither parses nor reads for metrics.
 */

/** The smallest trial: one report, then exit; its first and last statement are stamped. */
const INSTANT_TRIAL = `'use strict';
const started = process.hrtime.bigint();
const { writeSync } = require('node:fs');
writeSync(1, '@tundra {"step":0,"val_loss":1}\\n');
writeSync(2, 'bench-clock ' + started + ' ' + process.hrtime.bigint() + '\\n');
`;

/**
 * Reports as fast as it can: argv[2] lines of two metrics each, in 8192-line writes straight to
 * stdout (a file under Tundra); stamps when it started and when it finished writing.
 */
const FLOOD_TRIAL = `'use strict';
const started = process.hrtime.bigint();
const { writeSync } = require('node:fs');
const lines = Number(process.argv[2] || 100000);
const writeAll = (text) => {
  const buffer = Buffer.from(text);
  let written = 0;
  while (written < buffer.length) written += writeSync(1, buffer, written);
};
let parts = [];
for (let step = 0; step < lines; step++) {
  const loss = 1 / (step + 1) + (step % 7) * 1e-4;
  parts.push('@tundra {"step":' + step + ',"loss":' + loss.toFixed(6) + ',"acc":' + (1 - loss / 2).toFixed(6) + '}\\n');
  if (parts.length === 8192) {
    writeAll(parts.join(''));
    parts = [];
  }
}
if (parts.length > 0) writeAll(parts.join(''));
writeSync(2, 'bench-clock ' + started + ' ' + process.hrtime.bigint() + '\\n');
`;

/** The line FLOOD_TRIAL prints for `step`, for the parse-only baseline (kept identical). */
export function floodLine(step: number): string {
  const loss = 1 / (step + 1) + (step % 7) * 1e-4;
  return `@tundra {"step":${step},"loss":${loss.toFixed(6)},"acc":${(1 - loss / 2).toFixed(6)}}`;
}

export interface Fixtures {
  readonly instantTrial: string;
  readonly floodTrial: string;
}

export function writeFixtures(dir: string): Fixtures {
  const instantTrial = path.join(dir, 'instant-trial.cjs');
  const floodTrial = path.join(dir, 'flood-trial.cjs');
  writeFileSync(instantTrial, INSTANT_TRIAL);
  writeFileSync(floodTrial, FLOOD_TRIAL);
  return { instantTrial, floodTrial };
}
