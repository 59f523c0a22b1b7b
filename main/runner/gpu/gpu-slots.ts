import type { GpuDevice } from './nvidia-smi';

/**
 * Which GPUs trials may use and how many share one: the experiment file's `gpus:` section, in
 * Tundra's own names (the schema maps snake_case onto these).
 */
export interface GpuSettings {
  /** nvidia-smi indexes, or every GPU nvidia-smi lists. */
  readonly devices: readonly number[] | 'all';
  /** 0: CPU-only trials that see no GPU; n: each trial gets n whole GPUs of its own (shared only by packing). */
  readonly gpusPerTrial: number;
  /** Packing: how many trials may share one GPU (>= 1). */
  readonly trialsPerGpu: number;
  /** What one trial needs free on each of its GPUs; without it free memory is not looked at. */
  readonly memoryPerTrialMiB?: number;
}

/**
 * The experiment-file names of the settings, so every message names what the user wrote.
 * Keep in step with the `gpus:` schema in shared/experiment-file.ts.
 */
export const GPU_SETTING_FIELDS = {
  devices: 'gpus.devices',
  gpusPerTrial: 'gpus.per_trial',
  trialsPerGpu: 'gpus.trials_per_gpu',
  memoryPerTrialMiB: 'gpus.memory_per_trial',
} as const;

export interface GpuGrant {
  /** nvidia-smi indexes, ascending. Empty for a CPU-only trial. */
  readonly devices: readonly number[];
  /**
   * The trial's CUDA_VISIBLE_DEVICES: the indexes joined by commas. For a CPU-only trial it is the
   * empty string, which CUDA documents as "no GPU devices are visible": a CPU trial must not grab
   * GPU 0 behind the scheduler's back (PyTorch and TensorFlow would). Leaving the variable unset
   * would expose every GPU. See cudaEnvironment() for the variables to set with it.
   */
  readonly cudaVisibleDevices: string;
}

/** One GPU as the UI shows it. */
export interface GpuDeviceSnapshot {
  readonly index: number;
  readonly name: string;
  /** Whether the settings let trials use it. */
  readonly selected: boolean;
  /** How many trials it takes now: trials_per_gpu, lowered after out-of-memory, capped by memory. 0 when not selected. */
  readonly limit: number;
  /** Free memory when the GPUs were detected (other programs' use included). */
  readonly freeMiB: number;
  /** The trials holding it, in the order they got it. */
  readonly trialIds: readonly number[];
}

const F = GPU_SETTING_FIELDS;

function countGpus(count: number): string {
  return `${count} GPU${count === 1 ? '' : 's'}`;
}

function listGpus(indexes: readonly number[]): string {
  return indexes.length === 1 ? `GPU ${indexes[0]}` : `GPUs ${indexes.join(', ')}`;
}

/** "GPU 1 has" / "GPUs 1, 2 have". */
function listGpusHave(indexes: readonly number[]): string {
  return `${listGpus(indexes)} ${indexes.length === 1 ? 'has' : 'have'}`;
}

function freeMiB(device: GpuDevice): number {
  return Math.max(0, device.memoryTotalMiB - device.memoryUsedMiB);
}

/** Problems that make the settings unusable on this machine whatever else is running. */
function structuralProblems(settings: GpuSettings, devices: readonly GpuDevice[]): string[] {
  const problems: string[] = [];
  const perTrial = settings.gpusPerTrial;
  if (!Number.isInteger(perTrial) || perTrial < 0) {
    problems.push(`${F.gpusPerTrial}: must be a whole number, 0 or more (0 runs trials on CPU only); got ${perTrial}`);
  }
  if (!Number.isInteger(settings.trialsPerGpu) || settings.trialsPerGpu < 1) {
    problems.push(`${F.trialsPerGpu}: must be a whole number, at least 1; got ${settings.trialsPerGpu}`);
  }
  const memory = settings.memoryPerTrialMiB;
  if (memory !== undefined && (!Number.isFinite(memory) || memory <= 0)) {
    problems.push(`${F.memoryPerTrialMiB}: must be a positive number of MiB; got ${memory}`);
  }
  if (settings.devices !== 'all') {
    const seen = new Set<number>();
    for (const index of settings.devices) {
      if (!Number.isInteger(index) || index < 0) {
        problems.push(`${F.devices}: ${index} is not a GPU index; use whole numbers as nvidia-smi numbers the GPUs, e.g. [0, 1]`);
      } else if (seen.has(index)) {
        problems.push(`${F.devices}: GPU ${index} is listed twice; list each GPU once`);
      }
      seen.add(index);
    }
  }
  // CPU-only trials never touch a GPU, so which GPUs exist does not matter to them.
  if (problems.length > 0 || perTrial === 0) return problems;

  const present = devices.map((device) => device.index).sort((a, b) => a - b);
  if (present.length === 0) {
    return [`${F.gpusPerTrial}: ${countGpus(perTrial)} per trial but nvidia-smi sees no GPUs on this machine; set ${F.gpusPerTrial}: 0 to run trials on CPU`];
  }
  if (settings.devices !== 'all') {
    for (const index of settings.devices) {
      if (!present.includes(index)) problems.push(`${F.devices}: GPU ${index} does not exist; this machine has ${listGpus(present)}`);
    }
    if (settings.devices.length === 0) {
      problems.push(`${F.devices}: no GPUs selected; list at least one (this machine has ${listGpus(present)}) or set ${F.gpusPerTrial}: 0 for CPU-only trials`);
    }
    if (problems.length > 0) return problems;
  }
  const selected = selectedDevices(settings, devices);
  if (perTrial > selected.length) {
    problems.push(
      settings.devices === 'all'
        ? `${F.gpusPerTrial}: ${countGpus(perTrial)} per trial but this machine has only ${selected.length} (${listGpus(present)}); lower ${F.gpusPerTrial}`
        : `${F.gpusPerTrial}: ${countGpus(perTrial)} per trial but only ${selected.length} selected (${F.devices}: [${settings.devices.join(', ')}]); lower ${F.gpusPerTrial} or select more GPUs`,
    );
    return problems;
  }
  if (memory !== undefined) {
    const bigEnough = selected.filter((device) => device.memoryTotalMiB >= memory);
    if (bigEnough.length < perTrial) {
      const largest = selected.reduce((a, b) => (b.memoryTotalMiB > a.memoryTotalMiB ? b : a));
      problems.push(
        perTrial === 1 || bigEnough.length === 0
          ? `${F.memoryPerTrialMiB}: ${memory} MiB per trial but the largest selected GPU has ${largest.memoryTotalMiB} MiB (GPU ${largest.index}, ${largest.name}); lower ${F.memoryPerTrialMiB}`
          : `${F.memoryPerTrialMiB}: ${memory} MiB per trial on each of ${countGpus(perTrial)} but only ${listGpusHave(bigEnough.map((d) => d.index))} that much; lower ${F.memoryPerTrialMiB}`,
      );
    }
  }
  return problems;
}

/** A problem of the moment: other programs hold the memory that trials would need. */
function memoryNowProblems(settings: GpuSettings, devices: readonly GpuDevice[]): string[] {
  const memory = settings.memoryPerTrialMiB;
  if (memory === undefined || settings.gpusPerTrial === 0) return [];
  const selected = selectedDevices(settings, devices);
  const withRoom = selected.filter((device) => freeMiB(device) >= memory);
  if (withRoom.length >= settings.gpusPerTrial) return [];
  const free = selected.map((device) => `GPU ${device.index}: ${freeMiB(device)} MiB free`).join(', ');
  const which =
    withRoom.length === 0
      ? 'no selected GPU has that much free now'
      : `only ${listGpusHave(withRoom.map((d) => d.index))} that much free now, and each trial needs ${countGpus(settings.gpusPerTrial)}`;
  return [`${F.memoryPerTrialMiB}: ${memory} MiB per trial but ${which} (${free}); free GPU memory (see nvidia-smi) or lower ${F.memoryPerTrialMiB}`];
}

/**
 * Everything wrong with `settings` on a machine with `devices`, one message per problem, each
 * naming the field and the fix. Empty when the experiment can start. Includes one condition of the
 * moment: with memory_per_trial set, no (or too few) GPUs have that much free now, so nothing
 * could start.
 */
export function gpuSettingsProblems(settings: GpuSettings, devices: readonly GpuDevice[]): string[] {
  const structural = structuralProblems(settings, devices);
  return structural.length > 0 ? structural : memoryNowProblems(settings, devices);
}

function selectedDevices(settings: GpuSettings, devices: readonly GpuDevice[]): GpuDevice[] {
  const wanted = settings.devices === 'all' ? null : new Set(settings.devices);
  return devices.filter((device) => wanted === null || wanted.has(device.index)).sort((a, b) => a.index - b.index);
}

const CPU_GRANT: GpuGrant = { devices: [], cudaVisibleDevices: '' };
const NO_GPUS: ReadonlySet<number> = new Set();

/**
 * Hands out GPUs to trials. A class with private state rather than pure functions over a value:
 * the scheduler holds one per running experiment and calls it from its loop, like its other
 * slots (main/scheduler/slots.ts), and every decision still depends only on what was detected,
 * the settings and the calls made so far (no clock, no I/O), so tests replay it exactly.
 *
 * Free memory is what nvidia-smi said when the slots were made; each trial Tundra starts on a GPU
 * is assumed to use memory_per_trial of it from then on. Later samples are not fed back in:
 * nvidia-smi's memory.used cannot tell Tundra's trials from other programs, so it would count
 * Tundra's own trials twice. Make new slots (a fresh detection) when an experiment starts.
 */
export class GpuSlots {
  private readonly devices: readonly GpuDevice[];
  private readonly selected: readonly GpuDevice[];
  /** Per selected device: trials it may take (starts at trials_per_gpu; lowered after out-of-memory). */
  private readonly packing = new Map<number, number>();
  /** Per selected device: the trials holding it. */
  private readonly holders = new Map<number, number[]>();
  private readonly grants = new Map<number, GpuGrant>();

  /** Throws when the settings cannot work on these devices; check with gpuSettingsProblems first. */
  constructor(
    devices: readonly GpuDevice[],
    private readonly settings: GpuSettings,
  ) {
    const problems = structuralProblems(settings, devices);
    if (problems.length > 0) throw new Error(`GPU settings do not fit this machine: ${problems.join('; ')}`);
    this.devices = [...devices].sort((a, b) => a.index - b.index);
    this.selected = settings.gpusPerTrial === 0 ? [] : selectedDevices(settings, devices);
    for (const device of this.selected) {
      this.packing.set(device.index, settings.trialsPerGpu);
      this.holders.set(device.index, []);
    }
  }

  /**
   * How many trials can run at once: Infinity for CPU-only trials (the experiment's `parallel`
   * decides). Otherwise the most trials that fit if each needs gpus_per_trial different GPUs and
   * each GPU takes at most its limit: the largest t with sum(min(limit, t)) >= gpus_per_trial * t.
   * An upper bound: after some trials end, the free places may not line up (acquire says null).
   */
  capacity(): number {
    const perTrial = this.settings.gpusPerTrial;
    if (perTrial === 0) return Infinity;
    const limits = this.selected.map((device) => this.limitOf(device));
    const fits = (trials: number) => limits.reduce((sum, limit) => sum + Math.min(limit, trials), 0) >= perTrial * trials;
    let trials = 0;
    while (fits(trials + 1)) trials += 1;
    return trials;
  }

  /**
   * GPUs for a trial, or null when none are free. Least-loaded GPUs first, so trials spread over
   * GPUs before any two share one; among equals, the one with more room left, then the lowest
   * index. Asking again for a trial that holds GPUs returns what it holds.
   */
  /** `unavailable`: GPUs in use elsewhere (another experiment's trials): never chosen now. */
  acquire(trialId: number, unavailable: ReadonlySet<number> = NO_GPUS): GpuGrant | null {
    const held = this.grants.get(trialId);
    if (held) return held;
    const perTrial = this.settings.gpusPerTrial;
    if (perTrial === 0) return CPU_GRANT;
    const candidates = this.selected
      .filter((device) => !unavailable.has(device.index) && this.load(device) < this.limitOf(device))
      .sort(
        (a, b) =>
          this.load(a) - this.load(b) ||
          this.limitOf(b) - this.load(b) - (this.limitOf(a) - this.load(a)) ||
          a.index - b.index,
      );
    if (candidates.length < perTrial) return null;
    const chosen = candidates
      .slice(0, perTrial)
      .map((device) => device.index)
      .sort((a, b) => a - b);
    return this.record(trialId, chosen);
  }

  /**
   * Records GPUs a trial already holds without checking limits: a trial found still running after
   * Tundra restarted keeps the GPUs it was started with. Indexes no longer selected are ignored.
   */
  adopt(trialId: number, deviceIndexes: readonly number[]): GpuGrant {
    this.release(trialId);
    const known = [...new Set(deviceIndexes)].filter((index) => this.holders.has(index)).sort((a, b) => a - b);
    return this.record(trialId, known);
  }

  /** Frees what the trial holds; releasing twice, or a trial that holds nothing, does nothing. */
  release(trialId: number): void {
    const grant = this.grants.get(trialId);
    if (!grant) return;
    this.grants.delete(trialId);
    for (const index of grant.devices) {
      const trials = this.holders.get(index);
      const at = trials?.indexOf(trialId) ?? -1;
      if (at >= 0) trials!.splice(at, 1);
    }
  }

  /**
   * After CUDA ran out of memory on these GPUs: each takes one trial fewer from now on (never
   * fewer than 1). Trials already running are left alone; new ones wait until a GPU is under its
   * new limit. Returns false when nothing could be lowered (every GPU already takes 1 trial): then
   * packing was not the cause, and running the trial again would fail the same way.
   */
  reducePacking(deviceIndexes: readonly number[]): boolean {
    let changed = false;
    for (const index of new Set(deviceIndexes)) {
      const device = this.selected.find((candidate) => candidate.index === index);
      if (!device) continue;
      const before = this.limitOf(device);
      this.packing.set(index, Math.max(1, Math.min(this.packing.get(index)!, before) - 1));
      if (this.limitOf(device) < before) changed = true;
    }
    return changed;
  }

  /** Every detected GPU, by index, with who holds it. */
  snapshot(): GpuDeviceSnapshot[] {
    return this.devices.map((device) => {
      const selected = this.holders.has(device.index);
      return {
        index: device.index,
        name: device.name,
        selected,
        limit: selected ? this.limitOf(device) : 0,
        freeMiB: freeMiB(device),
        trialIds: [...(this.holders.get(device.index) ?? [])],
      };
    });
  }

  private record(trialId: number, indexes: number[]): GpuGrant {
    for (const index of indexes) this.holders.get(index)!.push(trialId);
    const grant: GpuGrant = { devices: indexes, cudaVisibleDevices: indexes.join(',') };
    this.grants.set(trialId, grant);
    return grant;
  }

  private load(device: GpuDevice): number {
    return this.holders.get(device.index)?.length ?? 0;
  }

  /** Trials the device may hold: its packing, and with memory_per_trial what its free memory allows. */
  private limitOf(device: GpuDevice): number {
    const packing = this.packing.get(device.index) ?? 0;
    const memory = this.settings.memoryPerTrialMiB;
    return memory === undefined ? packing : Math.min(packing, Math.floor(freeMiB(device) / memory));
  }
}
