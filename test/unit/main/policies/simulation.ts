import { createPolicy } from '../../../../main/policies/registry';
import type { CurvePoint, Policy, PolicyContext, PolicyDecision, PolicySettings, PolicyTrialView, ThawChoice } from '../../../../main/policies/policy';
import { createRng } from '../../../../main/searchers/rng';

/**
 * A small stand-in for the scheduler, for the policy tests: N synthetic configurations, a few slots,
 * one step per running trial per tick. It hands the policy deep-frozen views (so a policy that
 * writes to them throws), checks every answer against the contract, and logs each decision so two
 * runs can be compared.
 */

/** value(step) = a + b·step^-c: a learning curve that flattens towards a; curves cross when a and c disagree. */
export interface PowerLaw {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

export function powerLawConfigs(count: number, seed: number): PowerLaw[] {
  const rng = createRng(seed, 0x5eed);
  return Array.from({ length: count }, () => ({ a: 0.05 + 0.55 * rng.next(), b: 0.1 + 0.9 * rng.next(), c: 0.2 + 1.3 * rng.next() }));
}

export function powerLawValue(config: PowerLaw, step: number): number {
  return config.a + config.b * step ** -config.c;
}

export interface SimulationOptions {
  readonly settings: PolicySettings;
  readonly configs: readonly PowerLaw[];
  readonly resource: { readonly min: number; readonly max: number };
  readonly workers: number;
  readonly objective?: 'min' | 'max';
  /** Seeded noise added to each reported value (a sum of three uniforms, ±1.5 times this at most). */
  readonly noise?: number;
  /** Store firstStop as the new trial's untilStep (the scheduler freezing on its own) rather than leave it null. */
  readonly recordFirstStop?: boolean;
  /** Replace the policy with a freshly built one at this tick, as a restarted app would. */
  readonly restartAtTick?: number;
  /** Also ask a fresh instance every question and require the same answer (slower; the replay check). */
  readonly compareFresh?: boolean;
}

interface SimTrial {
  readonly id: number;
  readonly number: number;
  readonly config: PowerLaw;
  state: PolicyTrialView['state'];
  curve: readonly CurvePoint[];
  untilStep: number | null;
  view: PolicyTrialView;
}

export interface SimulationResult {
  /** Every decision that was not `continue`, every thaw and every launch, in order. */
  readonly log: string[];
  /** Contract breaches found on the way; empty when the policy kept its promises. */
  readonly violations: string[];
  readonly trials: readonly { readonly number: number; readonly config: PowerLaw; readonly state: PolicyTrialView['state']; readonly lastStep: number }[];
  /** Total steps trained, over all trials (a thaw resumes from the checkpoint, so nothing is trained twice). */
  readonly stepsRun: number;
}

function freezeView(trial: SimTrial): PolicyTrialView {
  return Object.freeze({ id: trial.id, number: trial.number, state: trial.state, curve: trial.curve, untilStep: trial.untilStep });
}

const FINISHED = new Set<PolicyTrialView['state']>(['completed', 'failed', 'stopped', 'interrupted']);

export function simulate(options: SimulationOptions): SimulationResult {
  const objective = options.objective ?? 'min';
  const sign = objective === 'min' ? 1 : -1;
  const noise = createRng(options.settings.seed, 0x401e);
  const log: string[] = [];
  const violations: string[] = [];
  const trials: SimTrial[] = [];
  let policy: Policy = createPolicy(options.settings);
  let nextConfig = 0;
  let stepsRun = 0;

  const context = (): PolicyContext =>
    Object.freeze({
      objective,
      resource: Object.freeze({ ...options.resource }),
      trials: Object.freeze(trials.map((trial) => trial.view)),
      canStartNew: nextConfig < options.configs.length,
    });
  const refresh = (trial: SimTrial) => {
    trial.view = freezeView(trial);
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const check = (condition: boolean, message: string) => {
    if (!condition) violations.push(message);
  };

  const decide = (ctx: PolicyContext, trial: SimTrial): PolicyDecision => {
    const decision = policy.onReport(ctx, trial.id);
    check(same(policy.onReport(ctx, trial.id), decision), `onReport for trial ${trial.number} is not the same when asked twice`);
    if (options.compareFresh) check(same(createPolicy(options.settings).onReport(ctx, trial.id), decision), `a fresh policy decides differently for trial ${trial.number}`);
    const last = trial.curve.at(-1)!.step;
    if (decision.kind !== 'continue') check(last < options.resource.max, `${decision.kind} at step ${last}, at or past max`);
    return decision;
  };

  const thaw = (ctx: PolicyContext): ThawChoice | null => {
    const choice = policy.nextThaw(ctx);
    check(same(policy.nextThaw(ctx), choice), 'nextThaw is not the same when asked twice');
    if (options.compareFresh) check(same(createPolicy(options.settings).nextThaw(ctx), choice), 'a fresh policy thaws differently');
    if (choice === null) return null;
    const trial = trials.find((t) => t.id === choice.trialId);
    if (!trial) {
      check(false, `nextThaw chose trial id ${choice.trialId}, not in the context`);
      return null;
    }
    const last = trial.curve.at(-1)?.step ?? 0;
    check(trial.state === 'frozen', `nextThaw chose trial ${trial.number}, which is ${trial.state}`);
    check(choice.untilStep > last && choice.untilStep <= options.resource.max, `nextThaw untilStep ${choice.untilStep} for trial ${trial.number} at step ${last}`);
    check(choice.reason.length > 0, 'a thaw without a reason');
    return trial.state === 'frozen' ? choice : null;
  };

  const launchFirstStop = (ctx: PolicyContext, number: number): number | null => {
    const first = policy.firstStop(ctx, number);
    check(same(policy.firstStop(ctx, number), first), 'firstStop is not the same when asked twice');
    if (options.compareFresh) check(same(createPolicy(options.settings).firstStop(ctx, number), first), 'a fresh policy gives another firstStop');
    if (first !== null) check(first >= options.resource.min && first < options.resource.max, `firstStop ${first} outside [min, max)`);
    return first;
  };

  const fill = () => {
    let running = trials.filter((t) => t.state === 'running').length;
    while (running < options.workers) {
      const ctx = context();
      const choice = thaw(ctx);
      if (choice) {
        const trial = trials.find((t) => t.id === choice.trialId)!;
        trial.state = 'running';
        trial.untilStep = choice.untilStep;
        refresh(trial);
        log.push(`thaw ${trial.number} to ${choice.untilStep}`);
      } else if (nextConfig < options.configs.length) {
        const number = trials.length + 1;
        const first = launchFirstStop(ctx, number);
        // Ids unlike numbers, so a policy that mixes them up is caught.
        const trial: SimTrial = { id: 1000 + 7 * number, number, config: options.configs[nextConfig++]!, state: 'running', curve: Object.freeze([]), untilStep: null, view: null! };
        if (options.recordFirstStop) trial.untilStep = first;
        refresh(trial);
        trials.push(trial);
        log.push(`launch ${number} first stop ${first}`);
      } else break;
      running += 1;
    }
  };

  fill();
  for (let tick = 0; trials.some((t) => t.state === 'running'); tick++) {
    if (tick === options.restartAtTick) policy = createPolicy(options.settings);
    for (const trial of trials) {
      if (trial.state !== 'running') continue;
      const step = (trial.curve.at(-1)?.step ?? 0) + 1;
      const jitter = options.noise ? options.noise * (noise.next() + noise.next() + noise.next() - 1.5) : 0;
      trial.curve = Object.freeze([...trial.curve, Object.freeze({ step, value: sign * (powerLawValue(trial.config, step) + jitter) })]);
      stepsRun += 1;
      refresh(trial);
      const ctx = context();
      const decision = decide(ctx, trial);
      // A decision about someone else, or someone unknown, is never anything but continue.
      check(policy.onReport(ctx, 1).kind === 'continue', 'a decision for a trial id not in the context');
      if (step >= options.resource.max) trial.state = 'completed';
      else if (decision.kind === 'stop') trial.state = 'stopped';
      else if (decision.kind === 'freeze') trial.state = 'frozen';
      if (decision.kind !== 'continue') log.push(`${decision.kind} ${trial.number} at ${step}`);
      refresh(trial);
      // A finished or frozen trial is never judged again (a late report changes nothing).
      if (trial.state !== 'running') check(policy.onReport(context(), trial.id).kind === 'continue', `a decision for trial ${trial.number}, which is ${trial.state}`);
    }
    fill();
  }
  for (const trial of trials) check(trial.state === 'frozen' || FINISHED.has(trial.state), `trial ${trial.number} left ${trial.state}`);

  return {
    log,
    violations,
    trials: trials.map((t) => ({ number: t.number, config: t.config, state: t.state, lastStep: t.curve.at(-1)?.step ?? 0 })),
    stepsRun,
  };
}
