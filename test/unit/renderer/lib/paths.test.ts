import { describe, expect, it } from 'vitest';
import { isAbsolutePath, parentFolder } from '../../../../renderer/lib/paths';

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
