import { describe, expect, it } from 'vitest';
import { gpuChosen, missingGpus, readForm, readGpuDevices, setFormField, setGpuChosen } from '../../../../../renderer/features/editor/form-model';
import { editDraft, readDraft } from '../../../../../renderer/features/editor/yaml-draft';
import { parseExperimentFile } from '../../../../../shared/experiment-file';

const FILE = `name: sweep
command: [python3, train.py]
objective: {metric: loss, mode: min}
space: {lr: {type: float, low: 0.001, high: 0.1}}
budget: {trials: 4}
`;

function dataOf(yaml: string): Readonly<Record<string, unknown>> {
  const read = readDraft(yaml);
  if (read.kind !== 'ok') throw new Error(read.message);
  return read.data;
}

describe('the GPU section of the experiment form', () => {
  it('reads no gpus section, devices: all and a list of indexes', () => {
    expect(readGpuDevices(dataOf(FILE))).toEqual({ kind: 'all' });
    expect(readGpuDevices(dataOf(`${FILE}gpus: {devices: all}\n`))).toEqual({ kind: 'all' });
    const list = readGpuDevices(dataOf(`${FILE}gpus: {devices: [1, 3]}\n`));
    expect(list).toEqual({ kind: 'list', indexes: [1, 3] });
    expect(gpuChosen(list, 1)).toBe(true);
    expect(gpuChosen(list, 0)).toBe(false);
    expect(missingGpus(list, [0, 1])).toEqual([3]);
    expect(readGpuDevices(dataOf(`${FILE}gpus: {devices: first}\n`))).toEqual({ kind: 'invalid' });
  });

  it('unticking a GPU writes the ticked ones as a list, and ticking every GPU again removes the field and the emptied section', () => {
    const detected = [0, 1];
    let yaml = editDraft(FILE, (doc) => { setGpuChosen(doc, detected, 0, false); });
    expect(yaml).toContain('gpus:\n  devices: [1]');
    expect(parseExperimentFile(yaml).ok).toBe(true);
    yaml = editDraft(yaml, (doc) => { setGpuChosen(doc, detected, 0, true); });
    expect(yaml).not.toContain('gpus');
    expect(yaml).toBe(FILE);
  });

  it('keeps the other gpus settings and indexes this machine does not have', () => {
    let yaml = editDraft(`${FILE}gpus: {devices: [0, 1, 5], per_trial: 2} # from the cluster\n`, (doc) => { setGpuChosen(doc, [0, 1], 1, false); });
    expect(yaml).toContain('gpus: {devices: [0, 5], per_trial: 2} # from the cluster');
    yaml = editDraft(yaml, (doc) => { setGpuChosen(doc, [0, 1], 1, true); });
    expect(readGpuDevices(dataOf(yaml))).toEqual({ kind: 'list', indexes: [0, 1, 5] });
  });

  it('per trial, trials per GPU and memory are form fields of the gpus section', () => {
    let yaml = editDraft(FILE, (doc) => { setFormField(doc, 'gpusPerTrial', '2'); });
    yaml = editDraft(yaml, (doc) => { setFormField(doc, 'trialsPerGpu', '3'); });
    yaml = editDraft(yaml, (doc) => { setFormField(doc, 'memoryPerTrial', '8000'); });
    const parsed = parseExperimentFile(yaml);
    expect(parsed.ok && parsed.value.gpus).toEqual({ devices: 'all', per_trial: 2, trials_per_gpu: 3, memory_per_trial: 8000 });
    expect(readForm(dataOf(yaml))).toMatchObject({ gpusPerTrial: '2', trialsPerGpu: '3', memoryPerTrial: '8000' });
    yaml = editDraft(yaml, (doc) => { setFormField(doc, 'gpusPerTrial', ''); });
    yaml = editDraft(yaml, (doc) => { setFormField(doc, 'trialsPerGpu', ''); });
    yaml = editDraft(yaml, (doc) => { setFormField(doc, 'memoryPerTrial', ''); });
    expect(yaml).toBe(FILE);
  });
});
