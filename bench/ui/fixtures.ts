import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The trial script of the streaming phase, written into the benchmark's temporary folder (plain
 * JavaScript for `node`, kept as text so that lint and the build need no special case). It reports
 * val_loss at `--rate` steps a second, on a 20 ms timer, for `--seconds`, then exits: several of
 * them at once make the stream, and each one ending completes a trial, as in a real sweep.
 */
const STREAM_TRIAL = `'use strict';
const { writeSync } = require('node:fs');
const arg = (name, fallback) => Number((process.argv.find((a) => a.startsWith('--' + name + '=')) || '').split('=')[1] || fallback);
const rate = arg('rate', 250);
const seconds = arg('seconds', 5);
const scale = arg('scale', 1);
const started = Date.now();
let step = 0;
const timer = setInterval(() => {
  const elapsed = (Date.now() - started) / 1000;
  const due = Math.floor(Math.min(elapsed, seconds) * rate);
  let text = '';
  for (; step < due; step++) {
    const loss = 0.1 + scale * Math.exp(-step / (rate * seconds / 4)) + 0.01 * Math.sin(step);
    text += '@tundra {"step":' + step + ',"val_loss":' + loss.toFixed(6) + '}\\n';
  }
  if (text !== '') writeSync(1, text);
  if (elapsed >= seconds) clearInterval(timer);
}, 20);
`;

export function writeStreamTrial(dir: string): string {
  const file = path.join(dir, 'stream-trial.cjs');
  writeFileSync(file, STREAM_TRIAL);
  return file;
}
