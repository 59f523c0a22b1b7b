import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  compileMetricPattern,
  DEFAULT_METRIC_PATTERNS,
  MAX_PATTERN_LENGTH,
  metricPatternIssues,
  metricPatternsSchema,
} from '../../../shared/metric-patterns';

// The section as the experiment file will nest it, with paths written the way that file reports them.
const fileSchema = z.strictObject({ metrics: metricPatternsSchema.default(DEFAULT_METRIC_PATTERNS) });

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

function issuesOf(metrics: unknown): string[] {
  const parsed = fileSchema.safeParse({ metrics });
  if (parsed.success) throw new Error('expected the section to be refused');
  return parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

function parsed(metrics: unknown) {
  return fileSchema.parse(metrics === undefined ? {} : { metrics }).metrics;
}

describe('metrics section schema', () => {
  it('means patterns: default when the section or its patterns are left out', () => {
    expect(parsed(undefined)).toEqual({ patterns: 'default' });
    expect(parsed({})).toEqual({ patterns: 'default' });
    expect(parsed({ names: ['train_loss', 'val/acc', 'top-1'], step: 'iteration' })).toEqual({
      patterns: 'default',
      names: ['train_loss', 'val/acc', 'top-1'],
      step: 'iteration',
    });
    expect(parsed({ patterns: 'none' })).toEqual({ patterns: 'none' });
  });

  it('accepts the documented YAML, single-quoted regular expressions included', () => {
    const document: unknown = parseYaml(String.raw`
metrics:
  patterns:
    - 'epoch (?<step>\d+) .*val_loss: (?<val_loss>[-+.\deE]+)'
    - '^acc=(?<val_acc>\S+)'
`);
    expect(fileSchema.parse(document).metrics.patterns).toEqual(['epoch (?<step>\\d+) .*val_loss: (?<val_loss>[-+.\\deE]+)', '^acc=(?<val_acc>\\S+)']);
  });

  it('names the pattern and the fix for an invalid regular expression', () => {
    expect(issuesOf({ patterns: ['epoch (?<step>\\d+)', 'val_loss (?<val_loss>\\S+) ('] })).toEqual([
      'metrics.patterns[1]: not a valid regular expression: unterminated group; escape ( with \\( to match a literal parenthesis',
    ]);
    expect(issuesOf({ patterns: ['(?<val_loss>\\S+))'] })).toEqual([
      "metrics.patterns[0]: not a valid regular expression: unmatched ')'; escape ) with \\) to match a literal parenthesis",
    ]);
    expect(issuesOf({ patterns: ['[(?<val_loss>\\S+)'] })).toEqual([
      'metrics.patterns[0]: not a valid regular expression: unterminated character class; escape [ with \\[ to match a literal bracket',
    ]);
    expect(issuesOf({ patterns: ['*loss (?<val_loss>\\S+)'] })).toEqual([
      'metrics.patterns[0]: not a valid regular expression: nothing to repeat; escape *, + and ? with a backslash (\\*, \\+, \\?) to match them literally',
    ]);
    expect(issuesOf({ patterns: ['(?<val_loss>\\S+)\\'] })).toEqual([expect.stringMatching(/^metrics\.patterns\[0\]: not a valid regular expression: .*write \\\\ for a literal backslash$/)]);
  });

  it('points Python users at JavaScript named-group syntax', () => {
    expect(issuesOf({ patterns: ['val_loss: (?P<val_loss>\\S+)'] })).toEqual([
      'metrics.patterns[0]: not a valid regular expression: invalid group; (?P<name>...) is Python syntax, write (?<name>...) (and \\k<name> for (?P=name))',
    ]);
  });

  it('refuses a pattern without a named group, and one that captures only the step', () => {
    expect(issuesOf({ patterns: ['val_loss: (\\S+)'] })).toEqual([
      'metrics.patterns[0]: has no named group, so it captures no metric; name what it captures, e.g. val_loss: (?<val_loss>[-+.\\deE]+)',
    ]);
    expect(issuesOf({ patterns: ['epoch (?<step>\\d+)'] })).toEqual([
      'metrics.patterns: only the step is captured; add a group for a metric, e.g. val_loss: (?<val_loss>[-+.\\deE]+)',
    ]);
    // A step-only pattern is fine next to one that captures a metric: their groups combine per line.
    expect(parsed({ patterns: ['epoch (?<step>\\d+)', 'val_loss (?<val_loss>\\S+)'] }).patterns).toHaveLength(2);
  });

  it('refuses group names that are not metric names', () => {
    expect(issuesOf({ patterns: ['(?<$loss>\\S+)'] })).toEqual([
      'metrics.patterns[0]: the group (?<$loss>...) is not a valid metric name; use letters, digits and _, not starting with a digit, e.g. val_loss',
    ]);
    expect(issuesOf({ patterns: ['(?<verlust_é>\\S+) (?<final>\\S+)'] })).toEqual([
      'metrics.patterns[0]: the group (?<verlust_é>...) is not a valid metric name; use letters, digits and _, not starting with a digit, e.g. val_loss',
      'metrics.patterns[0]: the group (?<final>...) is reserved (it marks the result in @tundra lines); choose another name',
    ]);
    expect(issuesOf({ patterns: ['(?<1x>\\S+)'] })).toEqual([
      'metrics.patterns[0]: not a valid regular expression: invalid capture group name; a group name is letters, digits and _, e.g. (?<val_loss>...)',
    ]);
    expect(issuesOf({ patterns: ['(?<a>\\S+) (?<a>\\S+)'] })).toEqual([
      'metrics.patterns[0]: not a valid regular expression: duplicate capture group name; give each group its own name; to read one metric from two line formats, write two patterns',
    ]);
  });

  it('bounds the length and number of patterns and refuses empty ones', () => {
    expect(issuesOf({ patterns: [`(?<val_loss>\\S+)${'x'.repeat(MAX_PATTERN_LENGTH)}`] })).toEqual([
      `metrics.patterns[0]: must be at most ${MAX_PATTERN_LENGTH} characters`,
    ]);
    expect(issuesOf({ patterns: [''] })).toEqual(['metrics.patterns[0]: must not be empty']);
    expect(issuesOf({ patterns: [] })).toEqual(['metrics.patterns: needs at least one pattern; write patterns: none to stop reading metrics from plain output']);
    expect(issuesOf({ patterns: Array.from({ length: 33 }, () => '(?<val_loss>\\S+)') })).toEqual(['metrics.patterns: must have at most 32 patterns']);
  });

  it('explains what patterns may be', () => {
    const expected =
      "metrics.patterns: must be default, none or a list of regular expressions (strings; in YAML, single-quoted), e.g. ['val_loss: (?<val_loss>\\S+)']";
    expect(issuesOf({ patterns: 'defaults' })).toEqual([expected]);
    expect(issuesOf({ patterns: 5 })).toEqual([expected]);
    expect(issuesOf({ patterns: ['(?<val_loss>\\S+)', 5] })).toEqual([expected]);
  });

  it('checks step against the patterns it names a group of', () => {
    expect(issuesOf({ step: 'epoch', patterns: ['it (?<it>\\d+) (?<val_loss>\\S+)'] })).toEqual([
      'metrics.step: no pattern has a group named epoch; add (?<epoch>\\d+) to one or remove step',
    ]);
    expect(issuesOf({ step: 'it-er', patterns: ['(?<val_loss>\\S+)'] })).toEqual([
      'metrics.step: it-er is not a valid metric name; use letters, digits and _, not starting with a digit, e.g. val_loss',
    ]);
    expect(parsed({ step: 'it', patterns: ['it (?<it>\\d+) (?<val_loss>\\S+)'] }).step).toBe('it');
  });

  it('keeps names to the default patterns and checks each one', () => {
    expect(issuesOf({ patterns: ['(?<val_loss>\\S+)'], names: ['acc'] })).toEqual([
      'metrics.names: is only read with patterns: default; with your own patterns the named groups are the metrics, so remove names',
    ]);
    expect(issuesOf({ names: ['val loss', 'acc', 'acc', 'final', '1st', 'x'.repeat(101)] })).toEqual([
      'metrics.names[0]: val loss is not a valid metric name; use letters, digits, _, ., / and -, not starting with a digit, e.g. val_loss',
      'metrics.names[2]: acc is listed twice; remove one',
      'metrics.names[3]: final is reserved (it marks the result in @tundra lines); choose another name',
      'metrics.names[4]: 1st is not a valid metric name; use letters, digits, _, ., / and -, not starting with a digit, e.g. val_loss',
      `metrics.names[5]: ${'x'.repeat(101)} is longer than 100 characters; shorten it`,
    ]);
    expect(issuesOf({ step: 'epoch', names: ['epoch'] })).toEqual(['metrics.names[0]: epoch is the step (metrics.step); a key cannot be both']);
    expect(issuesOf({ names: 'acc' })).toEqual(['metrics.names: must be a list of metric names, e.g. [train_loss, val_acc]']);
  });

  it('refuses settings that patterns: none would silently ignore, and unknown fields', () => {
    expect(issuesOf({ patterns: 'none', step: 'epoch', names: ['acc'] })).toEqual([
      'metrics.step: has no effect with patterns: none; remove it',
      'metrics.names: has no effect with patterns: none; remove it',
    ]);
    expect(issuesOf({ pattern: 'default' })).toEqual([expect.stringMatching(/^metrics: .*pattern/)]);
  });
});

describe('checks that need the objective metric', () => {
  it('requires own patterns to capture the objective metric', () => {
    const settings = parsed({ patterns: ['^acc=(?<val_acc>\\S+)'] });
    expect(metricPatternIssues(settings, 'val_loss')).toEqual([
      { path: ['metrics', 'patterns'], message: 'no pattern captures the objective metric val_loss; add (?<val_loss>[-+.\\deE]+) to one' },
    ]);
    expect(metricPatternIssues(settings, 'val_acc')).toEqual([]);
    expect(metricPatternIssues(settings, 'val/loss')[0]?.message).toMatch(/a group name cannot spell val\/loss; rename the objective metric/);
  });

  it('refuses a step that is the objective metric', () => {
    expect(metricPatternIssues(parsed({ step: 'val_loss' }), 'val_loss')).toEqual([
      { path: ['metrics', 'step'], message: 'val_loss is the objective metric; the step must be another key' },
    ]);
    expect(metricPatternIssues(parsed({ patterns: ['(?<step>\\S+) (?<x>\\S+)'] }), 'step')).toEqual([
      { path: ['metrics', 'step'], message: 'step is the objective metric; the step must be another group' },
    ]);
    expect(metricPatternIssues(parsed({}), 'val_loss')).toEqual([]);
    expect(metricPatternIssues(parsed({ patterns: 'none' }), 'val_loss')).toEqual([]);
  });
});

describe('compiling one pattern', () => {
  it('lists named groups, matched or not, and ignores unnamed groups and look-behinds', () => {
    const compiled = compileMetricPattern('(?<=epoch )(?<step>\\d+)(?: (\\w+)=(?<val_loss>\\S+)|(?<acc>x))');
    expect(compiled.ok && compiled.groupNames).toEqual(['step', 'val_loss', 'acc']);
    expect(compileMetricPattern('no groups').ok && compileMetricPattern('no groups')).toMatchObject({ groupNames: [] });
  });
});

describe('one issue per mistake', () => {
  it('reports an empty name or step once', () => {
    expect(issuesOf({ names: [''], step: '' })).toEqual(['metrics.step: must not be empty', 'metrics.names[0]: must not be empty']);
    expect(issuesOf({ patterns: ['(?<val_loss>\\S+)'], step: '' })).toEqual(['metrics.step: must not be empty']);
  });
});
