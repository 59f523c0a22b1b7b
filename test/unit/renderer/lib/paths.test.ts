import { describe, expect, it } from 'vitest';
import { isAbsolutePath, parentFolder, workdirFor } from '../../../../renderer/lib/paths';

describe('paths', () => {
  it('tells absolute paths on POSIX and Windows', () => {
    expect(isAbsolutePath('/home/me')).toBe(true);
    expect(isAbsolutePath('C:\\runs')).toBe(true);
    expect(isAbsolutePath('\\\\server\\share')).toBe(true);
    expect(isAbsolutePath('runs/x')).toBe(false);
    expect(isAbsolutePath('~/x')).toBe(false);
  });

  it('finds the folder of a file', () => {
    expect(parentFolder('/opt/tundra/examples/quickstart/experiment.yaml')).toBe('/opt/tundra/examples/quickstart');
    expect(parentFolder('C:\\ex\\experiment.yaml')).toBe('C:\\ex');
    expect(parentFolder('C:\\experiment.yaml')).toBe('C:\\');
    expect(parentFolder('/experiment.yaml')).toBe('/');
    expect(parentFolder('experiment.yaml')).toBe('');
  });
});

describe('workdirFor (a folder picked in the native dialog)', () => {
  it('is relative to the base folder when inside it, else absolute', () => {
    expect(workdirFor('/home/me/project', '/home/me/project/runs/a')).toBe('runs/a');
    expect(workdirFor('/home/me/project/', '/home/me/project')).toBe('.');
    expect(workdirFor('/home/me/project', '/home/me/project-2')).toBe('/home/me/project-2');
    expect(workdirFor('/home/me/project', '/scratch/x')).toBe('/scratch/x');
    expect(workdirFor('C:\\work\\proj', 'C:\\work\\proj\\sub\\dir')).toBe('sub/dir');
    expect(workdirFor('', '/scratch/x')).toBe('/scratch/x');
    expect(workdirFor('relative', 'relative/x')).toBe('relative/x');
  });
});
