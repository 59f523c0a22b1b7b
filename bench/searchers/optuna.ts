import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parameterOrder, type ParamValues } from '../../shared/search-space';
import type { Problem } from './problems';

export const OPTUNA_SAMPLERS = ['optuna-tpe', 'optuna-tpe-multivariate', 'optuna-random'] as const;
export type OptunaSampler = (typeof OPTUNA_SAMPLERS)[number];

/** Debian's python3-optuna lives under /usr/bin/python3, not the python3 first on PATH. */
export const OPTUNA_PYTHON = process.env.OPTUNA_PYTHON ?? '/usr/bin/python3';

/** One long-lived Python process running Optuna studies whose trials Node evaluates. */
export class OptunaDriver {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterableIterator<string>;
  private readonly reader: Interface;

  constructor(scriptDir: string) {
    this.child = spawn(OPTUNA_PYTHON, [path.join(scriptDir, 'optuna-driver.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    this.reader = createInterface({ input: this.child.stdout });
    this.lines = this.reader[Symbol.asyncIterator]();
  }

  /** Runs one study; returns the objective value of every trial, in order. */
  async run(problem: Problem, sampler: OptunaSampler, seed: number, trials: number): Promise<number[]> {
    const order = parameterOrder(problem.space)!;
    this.child.stdin.write(`${JSON.stringify({ sampler, seed, trials, space: order.map((name) => [name, problem.space[name]]) })}\n`);
    const values: number[] = [];
    for (;;) {
      const next = await this.lines.next();
      if (next.done) throw new Error('the Optuna driver exited early');
      const message = JSON.parse(next.value) as { params?: ParamValues; done?: boolean };
      if (message.done) return values;
      const value = await problem.evaluate(message.params!);
      values.push(value);
      this.child.stdin.write(`${JSON.stringify({ value })}\n`);
    }
  }

  close(): void {
    this.child.stdin.end(`${JSON.stringify({ quit: true })}\n`);
    this.reader.close();
  }
}
