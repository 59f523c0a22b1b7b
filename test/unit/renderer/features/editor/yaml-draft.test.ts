import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCommandArgument, moveCommandArgument, readForm, removeCommandArgument, setCommandArgument, setFormField, setMetricsMode } from '../../../../../renderer/features/editor/form-model';
import { editDraft, listText, parseListText, parseScalarText, readDraft } from '../../../../../renderer/features/editor/yaml-draft';
import { parseExperimentFile } from '../../../../../shared/experiment-file';

const QUICKSTART = readFileSync(path.join(__dirname, '../../../../../resources/examples/quickstart/experiment.yaml'), 'utf8');

function formOf(yaml: string) {
  const read = readDraft(yaml);
  if (read.kind !== 'ok') throw new Error(read.message);
  return readForm(read.data);
}

describe('experiment form <-> YAML', () => {
  it('reads the form from the YAML', () => {
    const form = formOf(QUICKSTART);
    expect(form.name).toBe('quickstart');
    expect(form.command).toEqual(['python3', 'train.py', '--lr={lr}', '--hidden={hidden}', '--activation={activation}']);
    expect(form.metric).toBe('val_loss');
    expect(form.mode).toBe('min');
    expect(form.algorithm).toBe('random');
    expect(form.trials).toBe('12');
    expect(form.parallel).toBe('2');
    expect(form.metricsMode).toBe('default');
    expect(form.resourceMax).toBe('');
  });

  it('writes a form edit into the YAML and keeps the comments and the fields the form does not know', () => {
    const edited = editDraft(`${QUICKSTART}unknown_field: {keep: me}  # mine\n`, (doc) => {
      setFormField(doc, 'trials', '20');
      setFormField(doc, 'name', 'renamed');
    });
    expect(edited).toContain('# Tundra quickstart: tune a small neural network');
    expect(edited).toContain('unknown_field: {keep: me} # mine');
    expect(edited).toContain('budget: {trials: 20, parallel: 2}');
    expect(formOf(edited).name).toBe('renamed');
  });

  it('removes a cleared field, and a top-level section it leaves empty', () => {
    const withResource = editDraft(QUICKSTART, (doc) => { setFormField(doc, 'resourceMax', '50'); });
    expect(parseExperimentFile(withResource).ok).toBe(true);
    expect(formOf(withResource).resourceMax).toBe('50');
    const cleared = editDraft(withResource, (doc) => { setFormField(doc, 'resourceMax', ''); });
    expect(cleared).not.toContain('resource');
    expect(parseExperimentFile(cleared).ok).toBe(true);
  });

  it('keeps a number field that is not a number as typed, so validation names the field', () => {
    const edited = editDraft(QUICKSTART, (doc) => { setFormField(doc, 'trials', 'ten'); });
    expect(formOf(edited).trials).toBe('ten');
    const checked = parseExperimentFile(edited);
    expect(checked.ok ? [] : checked.error.issues?.map((issue) => issue.path)).toEqual(['budget.trials']);
  });

  it('writes durations as seconds or as text with a unit', () => {
    const edited = editDraft(QUICKSTART, (doc) => {
      setFormField(doc, 'maxWallTime', '2h');
      setFormField(doc, 'trialTimeout', '90');
    });
    const checked = parseExperimentFile(edited);
    expect(checked.ok && checked.value.budget.max_wall_time).toBe(7200);
    expect(checked.ok && checked.value.budget.trial_timeout).toBe(90);
  });

  it('builds a valid file from nothing, field by field', () => {
    let yaml = '';
    yaml = editDraft(yaml, (doc) => {
      setFormField(doc, 'name', 'fresh');
      addCommandArgument(doc, 'python3');
      addCommandArgument(doc, 'train.py');
      setFormField(doc, 'metric', 'loss');
      setFormField(doc, 'mode', 'min');
      setFormField(doc, 'trials', '5');
      doc.setIn(['space'], doc.createNode({ x: { type: 'float', low: 0, high: 1 } }));
    });
    expect(parseExperimentFile(yaml)).toMatchObject({ ok: true, value: { name: 'fresh', command: ['python3', 'train.py'] } });
  });

  it('edits, moves and removes command arguments in place', () => {
    let yaml = editDraft(QUICKSTART, (doc) => { setCommandArgument(doc, 1, 'fit.py'); });
    yaml = editDraft(yaml, (doc) => { moveCommandArgument(doc, 2, 3); });
    yaml = editDraft(yaml, (doc) => { removeCommandArgument(doc, 4); });
    expect(formOf(yaml).command).toEqual(['python3', 'fit.py', '--hidden={hidden}', '--lr={lr}']);
    expect(yaml).toContain('command: ["python3", "fit.py", "--hidden={hidden}", "--lr={lr}"]');
  });

  it('switches how metrics are read without leaving fields the new mode refuses', () => {
    let yaml = editDraft(QUICKSTART, (doc) => { setFormField(doc, 'metricNames', 'train_loss, acc'); });
    expect(formOf(yaml).metricNames).toBe('train_loss, acc');
    yaml = editDraft(yaml, (doc) => { setMetricsMode(doc, 'none'); });
    expect(formOf(yaml).metricsMode).toBe('none');
    expect(parseExperimentFile(yaml).ok).toBe(true);
    yaml = editDraft(yaml, (doc) => { setMetricsMode(doc, 'default'); });
    expect(yaml).not.toContain('metrics');
  });

  it('refuses to edit text that does not parse and says why', () => {
    const broken = 'name: [unclosed\n';
    expect(readDraft(broken)).toMatchObject({ kind: 'error' });
    expect(editDraft(broken, (doc) => { setFormField(doc, 'name', 'x'); })).toBe(broken);
    expect(readDraft('- a list')).toMatchObject({ kind: 'error', message: expect.stringMatching(/must be a mapping/) });
    expect(readDraft('')).toEqual({ kind: 'ok', data: {}, spaceKeys: [] });
  });
});

describe('typed values', () => {
  it('reads numbers, booleans and text the way YAML does', () => {
    expect(parseScalarText(' 1e-3 ')).toBe(0.001);
    expect(parseScalarText('true')).toBe(true);
    expect(parseScalarText('relu')).toBe('relu');
    expect(parseScalarText('')).toBeUndefined();
  });

  it('round-trips lists, quoting items that would read back as something else', () => {
    const items = ['relu', '1', 'a, b', 2, true];
    expect(listText(items)).toBe('relu, "1", "a, b", 2, true');
    expect(parseListText(listText(items))).toEqual(items);
    expect(parseListText('a,, b ,')).toEqual(['a', 'b']);
  });
});
