import { describe, expect, it } from 'vitest';
import {
  addParam,
  deleteParam,
  duplicateParam,
  moveParam,
  readRows,
  renameParam,
  setParamChoices,
  setParamCondition,
  setParamScale,
  setParamType,
  setParamValue,
} from '../../../../../renderer/features/editor/space-rows';
import { editDraft, readDraft } from '../../../../../renderer/features/editor/yaml-draft';
import { parseExperimentFile } from '../../../../../shared/experiment-file';

const FILE = `name: sweep
command: [python3, train.py, "--lr={lr}"]
objective: {metric: loss, mode: min}
space:
  # the learning rate
  lr: {type: float, low: 0.0001, high: 0.1, log: true}
  optimizer: {type: categorical, choices: [adam, sgd]}
budget: {trials: 4}
`;

function rowsOf(yaml: string) {
  const read = readDraft(yaml);
  if (read.kind !== 'ok') throw new Error(read.message);
  return readRows(read.data, read.spaceKeys);
}

describe('search-space rows', () => {
  it('reads one row per parameter, in file order, with its scale and condition', () => {
    const yaml = `${FILE.replace('budget', '  momentum: {type: float, low: 0.9, high: 0.999, reverse_log: true, when: {optimizer: sgd}}\nbudget')}`;
    const rows = rowsOf(yaml);
    expect(rows.map((row) => row.name)).toEqual(['lr', 'optimizer', 'momentum']);
    expect(rows[0]).toMatchObject({ type: 'float', low: '0.0001', high: '0.1', scale: 'log', whenParent: '' });
    expect(rows[1]).toMatchObject({ type: 'categorical', choices: 'adam, sgd' });
    expect(rows[2]).toMatchObject({ scale: 'reverse-log', whenParent: 'optimizer', whenValues: 'sgd', whenText: null });
  });

  it('adds, renames, duplicates, moves and deletes rows, keeping comments', () => {
    let yaml = editDraft(FILE, (doc) => { addParam(doc); });
    expect(rowsOf(yaml).map((row) => row.name)).toEqual(['lr', 'optimizer', 'param']);
    yaml = editDraft(yaml, (doc) => { expect(renameParam(doc, 2, 'dropout')).toBe(true); });
    yaml = editDraft(yaml, (doc) => { expect(renameParam(doc, 2, 'lr')).toBe(false); });
    yaml = editDraft(yaml, (doc) => { duplicateParam(doc, 0); });
    expect(rowsOf(yaml).map((row) => row.name)).toEqual(['lr', 'lr_copy', 'optimizer', 'dropout']);
    yaml = editDraft(yaml, (doc) => { moveParam(doc, 3, 0); });
    yaml = editDraft(yaml, (doc) => { deleteParam(doc, 2); });
    expect(rowsOf(yaml).map((row) => row.name)).toEqual(['dropout', 'lr', 'optimizer']);
    expect(yaml).toContain('# the learning rate');
    expect(yaml).toContain('dropout: {type: float, low: 0, high: 1}');
    expect(parseExperimentFile(yaml).ok).toBe(true);
  });

  it('changes a type, keeping the range and the condition and dropping fields the new type cannot have', () => {
    let yaml = editDraft(FILE, (doc) => { setParamCondition(doc, 0, 'optimizer', 'sgd, adam'); });
    yaml = editDraft(yaml, (doc) => { setParamType(doc, 0, 'int'); });
    expect(rowsOf(yaml)[0]).toMatchObject({ type: 'int', low: '0', high: '1', scale: 'log', whenParent: 'optimizer', whenValues: 'sgd, adam' });
    yaml = editDraft(yaml, (doc) => { setParamType(doc, 0, 'categorical'); });
    expect(rowsOf(yaml)[0]).toMatchObject({ type: 'categorical', choices: 'a, b', low: '', scale: 'linear' });
    expect(parseExperimentFile(yaml).ok).toBe(true);
    // A default the new type cannot take goes with the old type.
    yaml = editDraft(yaml, (doc) => { setParamValue(doc, 0, 'default', 'b'); });
    yaml = editDraft(yaml, (doc) => { setParamType(doc, 0, 'float'); });
    expect(rowsOf(yaml)[0]).toMatchObject({ type: 'float', default: '', low: '0', high: '1' });
    expect(parseExperimentFile(yaml).ok).toBe(true);
  });

  it('sets scale, values, choices and clears a condition', () => {
    let yaml = editDraft(FILE, (doc) => {
      setParamScale(doc, 0, 'linear');
      setParamValue(doc, 0, 'step', '0.0001');
      setParamValue(doc, 0, 'default', '');
      setParamChoices(doc, 1, 'adam, sgd, rmsprop');
    });
    expect(rowsOf(yaml)[0]).toMatchObject({ scale: 'linear', step: '0.0001' });
    expect(rowsOf(yaml)[1]!.choices).toBe('adam, sgd, rmsprop');
    yaml = editDraft(yaml, (doc) => { setParamCondition(doc, 0, 'optimizer', 'sgd'); });
    expect(yaml).toContain('when: {optimizer: sgd}');
    yaml = editDraft(yaml, (doc) => { setParamCondition(doc, 0, '', ''); });
    expect(yaml).not.toContain('when');
  });

  it('keeps file order for a name JavaScript would list first (a number typed on the way to a name)', () => {
    const yaml = editDraft(FILE, (doc) => { renameParam(doc, 1, '2'); });
    expect(rowsOf(yaml).map((row) => row.name)).toEqual(['lr', '2']);
    const edited = editDraft(yaml, (doc) => { renameParam(doc, 1, '2x'); });
    expect(rowsOf(edited).map((row) => row.name)).toEqual(['lr', '2x']);
  });

  it('creates the space with the first row when the file has none', () => {
    const yaml = editDraft('name: x\n', (doc) => { addParam(doc); });
    expect(rowsOf(yaml).map((row) => row.name)).toEqual(['param']);
  });

  it('renaming a parameter renames its {name} in the command and in other parameters\' conditions', () => {
    const file = `name: sweep
command: [python3, train.py, "--lr={lr}", "--opt={optimizer}", "--momentum={ momentum }"]
objective: {metric: loss, mode: min}
space:
  lr: {type: float, low: 0.0001, high: 0.1, log: true}
  optimizer: {type: categorical, choices: [adam, sgd]}
  momentum: {type: float, low: 0.8, high: 0.99, when: {optimizer: sgd}}
budget: {trials: 4}
`;
    let yaml = editDraft(file, (doc) => { expect(renameParam(doc, 1, 'opt')).toBe(true); });
    yaml = editDraft(yaml, (doc) => { expect(renameParam(doc, 2, 'beta')).toBe(true); });
    expect(yaml).toContain('command: [python3, train.py, "--lr={lr}", "--opt={opt}", "--momentum={beta}"]');
    expect(yaml).toContain('when: {opt: sgd}');
    const parsed = parseExperimentFile(yaml);
    expect(parsed.ok).toBe(true);
  });

  it('keeps the references through a name cleared and typed again, and leaves a refused rename alone', () => {
    let yaml = editDraft(FILE, (doc) => { renameParam(doc, 0, ''); });
    expect(yaml).toContain('"--lr={}"');
    yaml = editDraft(yaml, (doc) => { renameParam(doc, 0, 'r'); });
    yaml = editDraft(yaml, (doc) => { renameParam(doc, 0, 'rate'); });
    expect(yaml).toContain('"--lr={rate}"');
    expect(yaml).toContain('# the learning rate');
    const refused = editDraft(yaml, (doc) => { expect(renameParam(doc, 0, 'optimizer')).toBe(false); });
    expect(refused).toContain('"--lr={rate}"');
  });
});
