import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LineSplitter } from './line-splitter';
import { CappedLogFile, DEFAULT_LOG_CAP_BYTES } from './log-file';
import { parseMetricLine } from './metric-line';
import { signalTree } from './process-tree';
import { assertNever } from '../../shared/result';

export const STDOUT_LOG = 'stdout.log';
export const STDERR_LOG = 'stderr.log';
export const DEFAULT_STOP_GRACE_MS = 5000;
/** How long to wait for the pipes to drain after the process is gone. */
const DRAIN_TIMEOUT_MS = 2000;

export interface LaunchOptions {
  /** Already resolved: argv[0] is the program's path. Passed to the OS as is, never to a shell. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The trial's run folder; the logs go there. */
  readonly dir: string;
  readonly stopGraceMs?: number;
  readonly logCapBytes?: number;
}

export interface TrialReport {
  readonly step: number | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly final: boolean;
  /** Names reported as NaN/Infinity/null (not in `metrics`). */
  readonly nonFinite: readonly string[];
}

export interface TrialExit {
  /** The exit code, or null when a signal ended it or it never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  readonly launchError: string | null;
}

export interface TrialListener {
  onReport(report: TrialReport): void;
  onWarning(message: string): void;
}

/**
 * One running trial process: the only place (with process-tree.ts) that spawns or signals.
 * stdout and stderr are appended to files in the run folder, and stdout is parsed for reports.
 */
export class TrialProcess {
  readonly exited: Promise<TrialExit>;
  private readonly child: ChildProcess;
  private stopTimer: NodeJS.Timeout | undefined;
  private finished = false;

  private constructor(
    options: LaunchOptions,
    private readonly listener: TrialListener,
  ) {
    mkdirSync(options.dir, { recursive: true });
    const stdoutLog = new CappedLogFile(path.join(options.dir, STDOUT_LOG), options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES);
    const stderrLog = new CappedLogFile(path.join(options.dir, STDERR_LOG), options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES);
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;

    const [program, ...args] = options.argv;
    this.child = spawn(program ?? '', args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group on POSIX, so stop reaches the whole tree (see process-tree.ts).
      detached: process.platform !== 'win32',
      windowsHide: true,
    });

    const splitter = new LineSplitter((line) => this.handleLine(line.text, line.truncated));
    this.child.stdout?.on('data', (chunk: Buffer) => {
      stdoutLog.write(chunk);
      splitter.push(chunk);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => stderrLog.write(chunk));

    this.exited = new Promise<TrialExit>((resolve) => {
      const settle = (exit: TrialExit) => {
        if (this.finished) return;
        this.finished = true;
        clearTimeout(this.stopTimer);
        void this.drain().then(async () => {
          splitter.end();
          await Promise.all([stdoutLog.close(), stderrLog.close()]);
          resolve(exit);
        });
      };
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        if (this.child.pid === undefined) settle({ code: null, signal: null, launchError: `could not start ${program}: ${error.message}` });
      });
      this.child.once('exit', (code, signal) => {
        // The script is gone; anything it left behind in its group goes with it, so no orphans.
        if (this.child.pid !== undefined) signalTree(this.child.pid, 'SIGKILL');
        settle({ code, signal, launchError: null });
      });
    });
  }

  private readonly stopGraceMs: number;

  static launch(options: LaunchOptions, listener: TrialListener): TrialProcess {
    return new TrialProcess(options, listener);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM to the whole tree, then SIGKILL after the grace period if it is still there. */
  stop(): Promise<TrialExit> {
    const pid = this.child.pid;
    if (pid !== undefined && !this.finished && this.stopTimer === undefined) {
      signalTree(pid, 'SIGTERM');
      this.stopTimer = setTimeout(() => signalTree(pid, 'SIGKILL'), this.stopGraceMs);
    }
    return this.exited;
  }

  private handleLine(text: string, truncated: boolean): void {
    if (truncated) {
      if (text.startsWith('@tundra')) this.listener.onWarning('an @tundra line longer than 1 MiB was ignored');
      return;
    }
    const parsed = parseMetricLine(text);
    switch (parsed.kind) {
      case 'log':
        return;
      case 'invalid':
        this.listener.onWarning(`ignored an @tundra line: ${parsed.reason}`);
        return;
      case 'report':
        for (const warning of parsed.warnings) this.listener.onWarning(warning);
        if (Object.keys(parsed.metrics).length > 0 || parsed.final || parsed.nonFinite.length > 0) {
          this.listener.onReport({ step: parsed.step, metrics: parsed.metrics, final: parsed.final, nonFinite: parsed.nonFinite });
        }
        return;
      default:
        assertNever(parsed);
    }
  }

  /** Waits for both pipes to close, or gives up after a while (a grandchild may hold them open). */
  private drain(): Promise<void> {
    const closed = (stream: NodeJS.ReadableStream | null) =>
      new Promise<void>((resolve) => {
        if (!stream || (stream as unknown as { closed?: boolean }).closed) return resolve();
        stream.once('close', () => resolve());
      });
    return Promise.race([
      Promise.all([closed(this.child.stdout), closed(this.child.stderr)]).then(() => undefined),
      new Promise<void>((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS).unref()),
    ]);
  }
}
