import { describe, expect, it } from 'vitest';
import { canDelete, duplicateDraft, formatTimestamp, listedExperimentIds, timesLine } from '../../../../../renderer/features/experiments/experiment-list';
import { experiment } from '../../fixtures';

const list = [
  experiment({ id: 1, name: 'mnist-lr', state: 'completed', createdAt: 100 }),
  experiment({ id: 2, name: 'cifar', state: 'running', createdAt: 300 }),
  experiment({ id: 3, name: 'Mnist-wd', state: 'draft', createdAt: 200 }),
];

describe('experiment list', () => {
  it('sorts newest, oldest, by name (case-insensitive) and active first', () => {
    expect(listedExperimentIds(list, '', 'newest')).toEqual([2, 3, 1]);
    expect(listedExperimentIds(list, '', 'oldest')).toEqual([1, 3, 2]);
    expect(listedExperimentIds(list, '', 'name')).toEqual([2, 1, 3]);
    expect(listedExperimentIds(list, '', 'state')).toEqual([2, 1, 3]);
  });

  it('searches names case-insensitively, and the objective metric and state', () => {
    expect(listedExperimentIds(list, ' MNIST ', 'newest')).toEqual([3, 1]);
    expect(listedExperimentIds(list, 'loss', 'newest')).toEqual([2, 3, 1]);
    expect(listedExperimentIds(list, 'running', 'newest')).toEqual([2]);
    expect(listedExperimentIds(list, 'nothing', 'newest')).toEqual([]);
  });

  it('offers deletion only when nothing of the experiment runs or waits', () => {
    expect(['draft', 'completed', 'stopped', 'failed'].every((state) => canDelete(state as never))).toBe(true);
    expect(['running', 'paused', 'stopping'].some((state) => canDelete(state as never))).toBe(false);
  });

  it('writes times compactly: the time today, the day this year, the year before', () => {
    const now = new Date(2026, 11, 3, 9, 30).getTime();
    expect(formatTimestamp(new Date(2026, 11, 3, 7, 5).getTime(), now)).toBe('07:05');
    expect(formatTimestamp(new Date(2026, 10, 28, 18, 0).getTime(), now)).toBe('28 Nov 18:00');
    expect(formatTimestamp(new Date(2025, 0, 2, 18, 0).getTime(), now)).toBe('2 Jan 2025');
    expect(timesLine({ startedAt: null, finishedAt: null }, now)).toBe('not started');
    expect(timesLine({ startedAt: new Date(2026, 11, 3, 7, 5).getTime(), finishedAt: null }, now)).toBe('started 07:05');
    expect(timesLine({ startedAt: new Date(2026, 11, 3, 7, 5).getTime(), finishedAt: new Date(2026, 11, 3, 8, 0).getTime() }, now)).toBe(
      'ran 07:05 – 08:00',
    );
  });

  it('duplicates with the file as written and the base folder its workdir was relative to', () => {
    const base = experiment();
    const withWorkdir = (workdir: string, absolute: string) =>
      duplicateDraft({ sourceYaml: `name: x\ncommand: [python3, t.py]\nworkdir: ${workdir}\nobjective: {metric: loss, mode: min}\nspace:\n  a: {type: float, low: 0, high: 1}\nbudget: {trials: 2}\n`, spec: { ...base.spec, workdir: absolute } });
    expect(withWorkdir('.', '/home/me/project').draft.baseDir).toBe('/home/me/project');
    expect(withWorkdir('src/train', '/home/me/project/src/train').draft).toMatchObject({ baseDir: '/home/me/project', path: '' });
    expect(withWorkdir('/srv/code', '/srv/code').draft.baseDir).toBe('/srv/code');
    const climbing = withWorkdir('../data', '/home/me/data');
    expect(climbing.draft.baseDir).toBe('/home/me/data');
    expect(climbing.warning).toMatch(/Base folder/);
    expect(withWorkdir('.', '/home/me/project').draft.yaml).toContain('workdir: .');
  });
});
