import { execFile } from 'node:child_process';
import { resolveProgram } from '../resolve-command';

/**
 * What Tundra knows about the NVIDIA GPUs of this machine: nvidia-smi is the one source, because it
 * ships with the driver everywhere (Linux and Windows) and needs no native module. Detection never
 * throws: a machine without a usable GPU is normal and means CPU slots, with the reason shown.
 */
export interface GpuDevice {
  /** nvidia-smi's index: PCI bus order. CUDA counts the same way only with CUDA_DEVICE_ORDER=PCI_BUS_ID. */
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  /** Percent of the last sample period a kernel ran; null where the GPU does not say (MIG mode, some GeForce). */
  utilizationPercent: number | null;
}

/** The fields, in this order, are what parseNvidiaSmiCsv reads; change both together (and the test fixtures). */
export const NVIDIA_SMI_QUERY_ARGS: readonly string[] = [
  '--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu',
  '--format=csv,noheader,nounits',
];

const FIELD_COUNT = 6;

/** nvidia-smi writes a value it cannot give as a bracketed word: [N/A], [Not Supported], [Unknown Error]. */
function isUnavailable(field: string): boolean {
  return /^\[.*\]$/.test(field) || field === 'N/A';
}

function wholeNumber(field: string, what: string, line: string): number {
  if (!/^\d+$/.test(field)) {
    throw new Error(`nvidia-smi output: ${what} "${field}" is not a whole number in line "${line}"`);
  }
  return Number(field);
}

/**
 * Parses `nvidia-smi --query-gpu=... --format=csv,noheader,nounits`: one line per GPU, fields
 * separated by ", ". The name is taken as everything between the uuid and the three numbers, so a
 * comma inside a product name cannot shift the columns.
 */
export function parseNvidiaSmiCsv(text: string): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length < FIELD_COUNT) {
      throw new Error(
        `nvidia-smi output: expected ${FIELD_COUNT} comma-separated fields (index, uuid, name, memory.total, memory.used, utilization.gpu) but got ${fields.length} in line "${line}"`,
      );
    }
    const [indexField, uuid] = fields as [string, string];
    const [totalField, usedField, utilizationField] = fields.slice(-3) as [string, string, string];
    const name = fields.slice(2, -3).join(', ');
    if (uuid === '' || name === '') throw new Error(`nvidia-smi output: empty uuid or name in line "${line}"`);
    devices.push({
      index: wholeNumber(indexField, 'index', line),
      uuid,
      name,
      memoryTotalMiB: wholeNumber(totalField, 'memory.total', line),
      memoryUsedMiB: wholeNumber(usedField, 'memory.used', line),
      utilizationPercent: isUnavailable(utilizationField) ? null : wholeNumber(utilizationField, 'utilization.gpu', line),
    });
  }
  return devices;
}

export type GpuDetection = { kind: 'gpus'; devices: GpuDevice[] } | { kind: 'none'; reason: string };

export interface DetectGpusOptions {
  /** Program to run; a bare name is looked up on env's PATH. Default `nvidia-smi`. */
  command?: string;
  /** Environment for the lookup and the process. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** A wedged driver can make nvidia-smi hang for minutes; past this it counts as no GPUs. Default 5000. */
  timeoutMs?: number;
}

export const DEFAULT_DETECT_TIMEOUT_MS = 5000;
const CPU_FALLBACK = 'running trials on CPU slots';

interface RunResult {
  readonly error: (Error & { code?: string | number | null; killed?: boolean; signal?: NodeJS.Signals | null }) | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(program: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    // An argv array and no shell: nothing in the environment can inject a command.
    execFile(
      program,
      [...NVIDIA_SMI_QUERY_ARGS],
      { env, timeout: timeoutMs, encoding: 'utf8', windowsHide: true, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => resolve({ error, stdout, stderr }),
    );
  });
}

function firstLine(text: string): string | null {
  return text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? null;
}

/** Runs nvidia-smi once. Used at start-up and for periodic sampling alike; never throws. */
export async function detectGpus(options: DetectGpusOptions = {}): Promise<GpuDetection> {
  const command = options.command ?? 'nvidia-smi';
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DETECT_TIMEOUT_MS;
  // Resolved here rather than by execFile so that Windows' PATHEXT and the env's PATH (not this
  // process's) decide, the same way trial commands are resolved.
  const missing = /[\\/]/.test(command) ? `${command} not found: ${CPU_FALLBACK}` : `no ${command} on PATH: ${CPU_FALLBACK}`;
  const resolved = resolveProgram(command, process.cwd(), env);
  if (!resolved.ok) return { kind: 'none', reason: missing };
  try {
    const { error, stdout, stderr } = await run(resolved.program, env, timeoutMs);
    if (error) {
      if (error.code === 'ENOENT') return { kind: 'none', reason: missing };
      // A string code is Node's own (EACCES, ERR_CHILD_PROCESS_STDIO_MAXBUFFER): say it as it is.
      if (typeof error.code === 'string') return { kind: 'none', reason: `could not run ${command} (${error.code}): ${CPU_FALLBACK}` };
      if (error.killed) return { kind: 'none', reason: `${command} did not answer within ${timeoutMs} ms: ${CPU_FALLBACK}` };
      if (error.signal) return { kind: 'none', reason: `${command} was killed by ${error.signal}: ${CPU_FALLBACK}` };
      if (typeof error.code === 'number') {
        // nvidia-smi prints its own failures ("NVIDIA-SMI has failed because ...") on stdout.
        const said = firstLine(stderr) ?? firstLine(stdout);
        return { kind: 'none', reason: `${command} exited with code ${error.code}${said ? ` (${said})` : ''}: ${CPU_FALLBACK}` };
      }
      return { kind: 'none', reason: `could not run ${command} (${error.message}): ${CPU_FALLBACK}` };
    }
    const devices = parseNvidiaSmiCsv(stdout);
    if (devices.length === 0) return { kind: 'none', reason: `${command} lists no GPUs: ${CPU_FALLBACK}` };
    return { kind: 'gpus', devices };
  } catch (problem) {
    const message = problem instanceof Error ? problem.message : String(problem);
    return { kind: 'none', reason: `${message}: ${CPU_FALLBACK}` };
  }
}

/**
 * Periodic sampling (utilisation and memory over time) is the same query; a separate name keeps
 * call sites honest about which they do. A failed sample is a gap in the chart, not a reason to
 * take GPUs away from running trials: what to do with `kind: 'none'` here is the caller's choice.
 */
export function sampleGpus(options: DetectGpusOptions = {}): Promise<GpuDetection> {
  return detectGpus(options);
}
