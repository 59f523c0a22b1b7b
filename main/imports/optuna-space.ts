import type { ImportReportItem } from '../../shared/imports/import-report';
import type { CategoricalChoice } from '../../shared/search-space';
import type { OptunaDistribution } from './optuna-distributions';

/**
 * One Tundra parameter from the distributions a parameter had across a study's trials (a study's
 * space can change from trial to trial): ranges are joined, choices united.
 */
export function spaceEntry(
  name: string,
  distributions: readonly OptunaDistribution[],
  seen: readonly CategoricalChoice[],
  report: ImportReportItem[],
): Record<string, unknown> {
  const field = `trial_params.${name}`;
  const kinds = new Set(distributions.map((d) => d.kind));
  if (kinds.size > 1) {
    report.push({ field, action: 'approximated', message: `its distribution changed kind between trials (${[...kinds].join(', ')}); kept as the categorical of the values seen` });
    const choices = [...new Set(seen)];
    return choices.length === 1 ? { type: 'fixed', value: choices[0] } : { type: 'categorical', choices };
  }
  const first = distributions[0]!;
  if (first.kind === 'categorical') {
    const choices: CategoricalChoice[] = [];
    for (const d of distributions as Extract<OptunaDistribution, { kind: 'categorical' }>[]) {
      for (const choice of d.choices) {
        const kept = choice ?? 'None';
        if (!choices.includes(kept)) choices.push(kept);
      }
    }
    if (distributions.some((d) => d.kind === 'categorical' && d.choices.includes(null))) {
      report.push({ field, action: 'approximated', message: 'the choice None became the string "None" (Tundra choices are numbers, strings or booleans)' });
    }
    return choices.length === 1 ? { type: 'fixed', value: choices[0] } : { type: 'categorical', choices };
  }
  const numeric = distributions as Extract<OptunaDistribution, { kind: 'float' | 'int' }>[];
  const low = Math.min(...numeric.map((d) => d.low));
  const high = Math.max(...numeric.map((d) => d.high));
  const logs = new Set(numeric.map((d) => d.log));
  const steps = new Set(numeric.map((d) => d.step));
  if (logs.size > 1 || steps.size > 1 || numeric.some((d) => d.low !== low || d.high !== high)) {
    report.push({ field, action: 'approximated', message: `its range or scale changed between trials; the space holds their union ${low}..${high}` });
  }
  if (low === high) return { type: 'fixed', value: low };
  const log = logs.size === 1 && first.log;
  const step = steps.size === 1 ? first.step : null;
  const keepStep = step !== null && !(first.kind === 'int' && step === 1) && step <= high - low;
  return { type: first.kind, low, high, ...(log ? { log: true } : {}), ...(keepStep ? { step } : {}) };
}
