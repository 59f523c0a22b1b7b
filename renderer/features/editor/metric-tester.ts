import { compileMetricPatterns } from '../../../shared/metric-matcher';
import { metricPatternIssues, metricPatternsSchema } from '../../../shared/metric-patterns';

/**
 * The live tester beside the metric patterns: pasted lines of a script's output, read by the very
 * matcher the scheduler runs (shared/metric-matcher.ts), so what it shows is what a trial records.
 */

export interface TestedLine {
  readonly line: string;
  /** Null when the line yields nothing. */
  readonly step: number | null;
  readonly metrics: readonly (readonly [string, number])[];
  /** Metrics reported as NaN or infinite (a trial records them as missing). */
  readonly nonFinite: readonly string[];
}

export type MetricTest =
  | { readonly kind: 'ok'; readonly lines: readonly TestedLine[]; readonly objectiveFound: boolean }
  /** The section itself is wrong: the tester waits for it, the message says what to fix. */
  | { readonly kind: 'invalid'; readonly message: string };

const MAX_TESTED_LINES = 200;

export function testMetricPatterns(section: unknown, objectiveMetric: string, sample: string): MetricTest {
  const parsed = metricPatternsSchema.safeParse(section ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind: 'invalid', message: `metrics${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}: ${issue.message}` };
  }
  const objective = objectiveMetric.trim();
  const crossIssue = objective === '' ? undefined : metricPatternIssues(parsed.data, objective)[0];
  if (crossIssue) return { kind: 'invalid', message: `${crossIssue.path.join('.')}: ${crossIssue.message}` };
  const matcher = compileMetricPatterns(parsed.data, objective);
  const lines = sample.split(/\r?\n/).filter((line) => line.trim() !== '').slice(0, MAX_TESTED_LINES);
  let objectiveFound = false;
  const tested = lines.map((line): TestedLine => {
    const report = matcher.match(line);
    if (report === null) return { line, step: null, metrics: [], nonFinite: [] };
    if (objective in report.metrics) objectiveFound = true;
    return { line, step: report.step, metrics: Object.entries(report.metrics), nonFinite: report.nonFinite };
  });
  return { kind: 'ok', lines: tested, objectiveFound };
}
