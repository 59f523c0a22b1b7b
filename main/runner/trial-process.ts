import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { assertNever } from '../../shared/result';
import { LineSplitter } from './line-splitter';
import { parseMetricLine } from './metric-line';
import { DEFAULT_LOG_CAP_BYTES, OutputTail } from './output-tail';
import { isSameProcessAlive, processStartTime } from './process-identity';
import { canPause, signalTree, treeAlive } from './process-tree';

export const STDOUT_LOG = 'stdout.log';
export const STDERR_LOG = 'stderr.log';
export const DEFAULT_STOP_GRACE_MS = 5000;
/** How long a trial asked to freeze gets to write its checkpoint before it is told to stop. */
export const DEFAULT_FREEZE_GRACE_MS = 30_000;
/** How often the output files are read. */
const POLL_MS = 50;
/** How often an adopted process (not our child: no exit event) is checked for life. */
const ADOPTED_LIVENESS_MS = 500;

/** Control lines sent on a trial's stdin (docs/trial-protocol.md); the helper reads them. */
export const CONTROL_PREFIX = '@tundra-control';
export type ControlCommand = 'checkpoint' | 'freeze' | 'stop';

export interface LaunchOptions {
  /** Already resolved: argv[0] is the program's path. Passed to the OS as is, never to a shell. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The trial's run folder; the logs go there. */
  readonly dir: string;
  readonly stopGraceMs?: number;
  readonly logCapBytes?: number;
  /** Where reading stdout.log starts: a thawed trial appends to the log it already has. */
  readonly stdoutOffset?: number;
}

export interface AdoptOptions {
  readonly pid: number;
  readonly startTime: string;
  readonly dir: string;
  /** Where the previous Tundra stopped reading (stored with its last metrics). */
  readonly stdoutOffset: number;
  readonly stopGraceMs?: number;
  readonly logCapBytes?: number;
  /** It was paused (SIGSTOPped) when the previous Tundra went away. */
  readonly paused?: boolean;
}

export interface TrialReport {
  readonly step: number | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly final: boolean;
  /** Names reported as NaN/Infinity/null (not in `metrics`). */
  readonly nonFinite: readonly string[];
}

export interface TrialExit {
  /** The exit code, or null when a signal ended it, it never started, or it was adopted. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  readonly launchError: string | null;
  /** True for a process re-adopted after a restart: not our child, so its exit status is unknown. */
  readonly adopted?: boolean;
}

export interface TrialListener {
  onReport(report: TrialReport): void;
  onWarning(message: string): void;
  /** Any other line of stdout (for plain-output metric patterns); optional. */
  onLogLine?(text: string): TrialReport | null;
}

/**
 * One trial process: the only place (with process-tree.ts) that spawns or signals.
 *
 * stdout and stderr go straight to files in the run folder (not pipes), which Tundra tails, so a
 * trial survives Tundra being killed and can be re-adopted (TrialProcess.adopt) with nothing lost.
 * stdin is a pipe that carries control lines (freeze, checkpoint, stop) to the helper; a process
 * without that channel (adopted) gets SIGTERM, which the helper treats as "checkpoint and exit".
 */
export class TrialProcess {
  readonly exited: Promise<TrialExit>;
  readonly pid: number | undefined;
  readonly startTime: string | null;
  private readonly child: ChildProcess | null;
  private readonly stdoutTail: OutputTail | null;
  private readonly stderrTail: OutputTail | null;
  private readonly splitter: LineSplitter;
  private readonly stopGraceMs: number;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private finished = false;
  private committed = 0;
  private chunkBase = 0;
  private paused = false;
  /** Once a script speaks the @tundra protocol, its plain lines are log only (no double counting). */
  private speaksProtocol = false;

  private constructor(
    source: { kind: 'spawn'; options: LaunchOptions } | { kind: 'adopt'; options: AdoptOptions },
    private readonly listener: TrialListener,
  ) {
    const options = source.options;
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    mkdirSync(options.dir, { recursive: true });
    const stdoutFile = path.join(options.dir, STDOUT_LOG);
    const stderrFile = path.join(options.dir, STDERR_LOG);
    const cap = options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES;
    this.splitter = new LineSplitter((line) => {
      if (line.endIndex !== undefined) this.committed = this.chunkBase + line.endIndex;
      this.handleLine(line.text, line.truncated);
    });

    let resolveExit!: (exit: TrialExit) => void;
    this.exited = new Promise<TrialExit>((resolve) => (resolveExit = resolve));
    const settle = (exit: TrialExit) => {
      if (this.finished) return;
      this.finished = true;
      clearInterval(this.pollTimer);
      for (const timer of this.timers) clearTimeout(timer);
      // Read what is left a chunk at a time, yielding between chunks: a trial that printed
      // megabytes just before exiting must not freeze the API while it is read.
      void this.readRest().then(() => {
        this.splitter.end();
        this.stdoutTail?.close();
        this.stderrTail?.close();
        resolveExit(exit);
      });
    };

    if (source.kind === 'adopt') {
      const adopt = source.options;
      this.child = null;
      this.pid = adopt.pid;
      this.startTime = adopt.startTime;
      this.committed = adopt.stdoutOffset;
      this.paused = adopt.paused ?? false;
      this.stdoutTail = this.openTail(stdoutFile, adopt.stdoutOffset, cap, true);
      this.stderrTail = this.openTail(stderrFile, 'end', cap, false);
      const liveness = setInterval(() => {
        if (!isSameProcessAlive(adopt.pid, adopt.startTime)) {
          clearInterval(liveness);
          // Whatever the script started in its group goes with it: no orphans.
          if (treeAlive(adopt.pid)) signalTree(adopt.pid, 'SIGKILL');
          settle({ code: null, signal: null, launchError: null, adopted: true });
        }
      }, ADOPTED_LIVENESS_MS);
      this.timers.push(liveness);
      this.startPolling();
      return;
    }

    const launch = source.options;
    const stdoutFd = openSync(stdoutFile, 'a');
    const stderrFd = openSync(stderrFile, 'a');
    const [program, ...args] = launch.argv;
    let child: ChildProcess;
    try {
      child = spawn(program ?? '', args, {
        cwd: launch.cwd,
        env: launch.env,
        stdio: ['pipe', stdoutFd, stderrFd],
        // Own process group on POSIX, so signals reach the whole tree (see process-tree.ts) and
        // the trial does not die with Tundra.
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } finally {
      // The child holds its own copies.
      closeSync(stdoutFd);
      closeSync(stderrFd);
    }
    this.child = child;
    this.pid = child.pid;
    this.startTime = child.pid === undefined ? null : processStartTime(child.pid);
    // A script that never reads stdin, or exits early, must not turn a control line into a crash.
    child.stdin?.on('error', () => undefined);
    this.stdoutTail = this.openTail(stdoutFile, launch.stdoutOffset ?? 'end', cap, true);
    this.stderrTail = this.openTail(stderrFile, 'end', cap, false);
    this.committed = this.stdoutTail?.offset ?? 0;
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) settle({ code: null, signal: null, launchError: `could not start ${program}: ${error.message}` });
    });
    child.once('exit', (code, signal) => {
      // The script is gone; anything it left behind in its group goes with it, so no orphans.
      if (child.pid !== undefined) signalTree(child.pid, 'SIGKILL');
      settle({ code, signal, launchError: null });
    });
    this.startPolling();
  }

  static launch(options: LaunchOptions, listener: TrialListener): TrialProcess {
    return new TrialProcess({ kind: 'spawn', options }, listener);
  }

  /** Takes over a trial process a previous Tundra started; the caller checked it is alive. */
  static adopt(options: AdoptOptions, listener: TrialListener): TrialProcess {
    return new TrialProcess({ kind: 'adopt', options }, listener);
  }

  /** The stdout.log offset just past the last complete line handled: where a successor resumes. */
  get stdoutOffset(): number {
    return this.committed;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Whether control lines reach the process (false for an adopted one). */
  get hasControlChannel(): boolean {
    return this.child?.stdin?.writable === true;
  }

  sendControl(command: ControlCommand): boolean {
    if (!this.hasControlChannel || this.finished) return false;
    this.child!.stdin!.write(`${CONTROL_PREFIX} ${JSON.stringify({ command })}\n`);
    return true;
  }

  /** SIGSTOP to the whole tree: it keeps its memory (GPU memory too) and resumes where it was. */
  pause(): void {
    if (!canPause) throw new Error('pausing a trial is not supported on Windows; freeze it instead');
    if (this.pid === undefined || this.finished) return;
    signalTree(this.pid, 'SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (this.pid === undefined || this.finished || !this.paused) return;
    signalTree(this.pid, 'SIGCONT');
    this.paused = false;
  }

  /**
   * Stops watching without touching the process: Tundra is quitting and the user chose to leave
   * trials running; the next Tundra re-adopts them and reads on from the stored offset.
   */
  detach(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.pollTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.stdoutTail?.close();
    this.stderrTail?.close();
    this.child?.stdin?.destroy();
    this.child?.unref();
  }

  /** SIGTERM to the whole tree, then SIGKILL after the grace period if it is still there. */
  stop(): Promise<TrialExit> {
    if (this.pid !== undefined && !this.finished) {
      this.sendControl('stop');
      this.terminate();
    }
    return this.exited;
  }

  /**
   * Asks for a checkpoint and an exit (a control line; SIGTERM where there is no channel), waits
   * `graceMs`, then stops it like `stop`. A paused process is continued first, or it could not obey.
   */
  freeze(graceMs = DEFAULT_FREEZE_GRACE_MS): Promise<TrialExit> {
    if (this.pid === undefined || this.finished) return this.exited;
    if (this.paused) this.resume();
    if (this.sendControl('freeze')) {
      this.timers.push(setTimeout(() => this.terminate(), graceMs));
    } else {
      signalTree(this.pid, 'SIGTERM');
      this.timers.push(setTimeout(() => signalTree(this.pid!, 'SIGKILL'), graceMs));
    }
    return this.exited;
  }

  private terminate(): void {
    const pid = this.pid;
    if (pid === undefined || this.finished) return;
    // A stopped process cannot act on SIGTERM until it is continued.
    if (this.paused) this.resume();
    signalTree(pid, 'SIGTERM');
    this.timers.push(setTimeout(() => signalTree(pid, 'SIGKILL'), this.stopGraceMs));
  }

  private openTail(file: string, offset: number | 'end', cap: number, parse: boolean): OutputTail | null {
    try {
      return new OutputTail(
        file,
        offset,
        {
          onData: (chunk, end) => {
            if (!parse) return;
            this.chunkBase = end - chunk.length;
            this.splitter.push(chunk);
          },
          onRotated: (dropped) => {
            if (parse) {
              this.committed = 0;
              this.listener.onWarning(`output passed the log cap; ${dropped} bytes of older log were discarded (metrics were read first)`);
            }
          },
        },
        cap,
      );
    } catch (error) {
      this.listener.onWarning(`cannot read ${path.basename(file)}: ${(error as Error).message}`);
      return null;
    }
  }

  private startPolling(): void {
    this.pollTimer = setInterval(() => this.readOutput(), POLL_MS);
  }

  private readOutput(): void {
    this.stdoutTail?.poll();
    this.stderrTail?.poll();
  }

  private async readRest(): Promise<void> {
    for (const tail of [this.stdoutTail, this.stderrTail]) {
      while (tail?.poll()) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private handleLine(text: string, truncated: boolean): void {
    if (truncated) {
      if (text.startsWith('@tundra')) this.listener.onWarning('an @tundra line longer than 1 MiB was ignored');
      return;
    }
    const parsed = parseMetricLine(text);
    switch (parsed.kind) {
      case 'log': {
        if (this.speaksProtocol) return;
        const fromPattern = this.listener.onLogLine?.(text);
        if (fromPattern) this.listener.onReport(fromPattern);
        return;
      }
      case 'invalid':
        this.listener.onWarning(`ignored an @tundra line: ${parsed.reason}`);
        return;
      case 'report':
        this.speaksProtocol = true;
        for (const warning of parsed.warnings) this.listener.onWarning(warning);
        if (Object.keys(parsed.metrics).length > 0 || parsed.final || parsed.nonFinite.length > 0) {
          this.listener.onReport({ step: parsed.step, metrics: parsed.metrics, final: parsed.final, nonFinite: parsed.nonFinite });
        }
        return;
      default:
        assertNever(parsed);
    }
  }
}
