// The one gate (`npm test`, and CI through .ci/run): typecheck, lint, build, unit + contract,
// integration, then browser end-to-end tests. Stops at the first failing stage, and ends with a
// plain `N passed, N failed, N skipped` line counted from the runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const stages = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['build', process.execPath, ['scripts/build.mjs']],
  ['unit', bin('vitest'), ['run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile=${path.join(reports, 'unit.json')}`]],
  ['integration', bin('vitest'), ['run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile=${path.join(reports, 'integration.json')}`]],
  ['e2e', bin('playwright'), ['test']],
];

function vitestCounts(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(file) {
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
function add(counts) {
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}

let failedStage = null;
for (const [name, command, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const json = path.join(reports, `${name}.json`);
  if (existsSync(json)) add(name === 'e2e' ? playwrightCounts(json) : vitestCounts(json));
  if (result.status !== 0) {
    failedStage = name;
    break;
  }
}

if (failedStage && totals.failed === 0) totals.failed = 1; // a failed typecheck or lint counts too
console.log(`\n${failedStage ? `stage "${failedStage}" failed` : 'all stages passed'}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStage ? 1 : 0);
