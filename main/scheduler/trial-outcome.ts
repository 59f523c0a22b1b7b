import { readdirSync } from 'node:fs';
import type { TrialState } from '../../shared/domain';
import type { ExperimentSpec } from '../../shared/experiment-file';
import type { TrialExit } from '../runner/trial-process';

/** Why Tundra itself ended a trial, if it did. */
export type StopIntent = 'none' | 'user-stop' | 'freeze' | 'timeout' | 'hung' | 'budget' | 'policy-stop' | 'resource-max';

export interface OutcomeInput {
  readonly spec: ExperimentSpec;
  readonly exit: TrialExit;
  readonly intent: StopIntent;
  readonly value: number | null;
  readonly lastStep: number | null;
  readonly divergedAtStep: number | null;
  readonly checkpointDir: string;
  /** The last lines the trial printed (for messages a person can act on). */
  readonly logTail: string;
  /** Whether the log tail shows CUDA running out of memory. */
  readonly cudaOutOfMemory: boolean;
  /** How many earlier attempts of this configuration crashed (retry lineage). */
  readonly crashRetriesUsed: number;
  /** Why the policy stopped it (with intent 'policy-stop'). */
  readonly policyReason?: string;
}

export interface Outcome {
  readonly state: TrialState;
  readonly message: string | null;
  /** Run the same configuration again as a new trial: after a crash (retries) or CUDA OOM. */
  readonly requeue: 'retry' | 'oom' | null;
  /**
   * Completed because the policy stopped it before it ran its course: its value is the objective at
   * its last step, not a final result (Trial.stoppedEarly).
   */
  readonly stoppedEarly: boolean;
}

export function hasCheckpoint(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => !name.startsWith('.'));
  } catch {
    return false;
  }
}

/** How a trial's process ending is recorded: its state, the reason in words, and what follows. */
export function decideOutcome(input: OutcomeInput): Outcome {
  // A stop or a freeze takes a moment to land: a trial stopped or frozen near the end may report
  // resource.max first, and then it ran its course after all. Left frozen there, it sat at max
  // with nothing to thaw it for, neither finished nor forecast.
  const max = input.spec.resource?.max;
  const ranToMax = (input.intent === 'policy-stop' || input.intent === 'freeze') && max !== undefined && input.lastStep !== null && input.lastStep >= max;
  const outcome = decideEnd(ranToMax ? { ...input, intent: 'resource-max' } : input);
  return { ...outcome, stoppedEarly: input.intent === 'policy-stop' && !ranToMax && outcome.state === 'completed' };
}

function decideEnd(input: OutcomeInput): Omit<Outcome, 'stoppedEarly'> {
  const { spec, exit, intent } = input;
  const withTail = (text: string) => (input.logTail ? `${text}; last output:\n${input.logTail}` : text);
  const metric = spec.objective.metric;
  if (exit.launchError) return { state: 'failed', message: exit.launchError, requeue: null };
  switch (intent) {
    case 'user-stop':
      return { state: 'stopped', message: 'stopped by user', requeue: null };
    case 'budget':
      return { state: 'stopped', message: 'stopped: the experiment reached its budget', requeue: null };
    case 'policy-stop':
    case 'resource-max': {
      // Ended on purpose by Tundra with a result in hand: completed (by the policy: stopped early).
      const why = intent === 'resource-max' ? `reached resource.max (step ${input.lastStep})` : `stopped early by the ${spec.policy.name} policy: ${input.policyReason ?? 'not promising'}`;
      return input.value !== null
        ? { state: 'completed', message: why, requeue: null }
        : { state: 'failed', message: `${why}, but it never reported ${metric}`, requeue: null };
    }
    case 'freeze': {
      const at = input.lastStep === null ? 'before its first report' : `at step ${input.lastStep}`;
      return hasCheckpoint(input.checkpointDir)
        ? { state: 'frozen', message: `frozen ${at}, checkpoint saved; thaw resumes from it`, requeue: null }
        : { state: 'frozen', message: `frozen ${at} without a checkpoint: thaw restarts it from step 0`, requeue: null };
    }
    case 'timeout':
      return { state: 'failed', message: `timed out: ran longer than budget.trial_timeout (${spec.budget.trial_timeout}s)`, requeue: null };
    case 'hung':
      return {
        state: 'failed',
        message: withTail(`hung: reported nothing for faults.report_timeout (${spec.faults.report_timeout}s); report more often or raise the timeout`),
        requeue: null,
      };
    case 'none':
      break;
  }
  if (input.divergedAtStep !== null) {
    // A diverged run must not win on the last finite value it happened to report before.
    return {
      state: 'failed',
      message: `${metric} became NaN or infinite at step ${input.divergedAtStep}: the run diverged (a smaller learning rate usually helps)`,
      requeue: null,
    };
  }
  if (exit.adopted) {
    // Not our child after a restart: its exit status is unknowable; its reports tell the story.
    return input.value !== null
      ? { state: 'completed', message: 're-adopted after Tundra restarted; exit code unknown', requeue: null }
      : { state: 'failed', message: withTail(`ended without reporting ${metric} (re-adopted after Tundra restarted; exit code unknown)`), requeue: null };
  }
  if (exit.code === 0) {
    if (input.value !== null) return { state: 'completed', message: null, requeue: null };
    return {
      state: 'failed',
      message: `exited normally but never reported ${metric}; print @tundra {"step": 1, "${metric}": 0.5} or call tundra.report(${metric}=...)`,
      requeue: null,
    };
  }
  if (input.cudaOutOfMemory) {
    return { state: 'interrupted', message: withTail('CUDA ran out of memory: re-queued with fewer trials per GPU'), requeue: 'oom' };
  }
  const crash = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
  if (input.crashRetriesUsed < spec.faults.retries) {
    return {
      state: 'failed',
      message: withTail(`${crash}; retrying (attempt ${input.crashRetriesUsed + 2} of ${spec.faults.retries + 1})`),
      requeue: 'retry',
    };
  }
  return { state: 'failed', message: withTail(crash), requeue: null };
}
