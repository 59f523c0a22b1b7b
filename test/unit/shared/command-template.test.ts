import { describe, expect, it } from 'vitest';
import { findPlaceholders, renderArgv } from '../../../shared/command-template';

describe('command template', () => {
  it('substitutes parameters inside arguments and keeps each argument whole', () => {
    expect(renderArgv(['python3', 'train.py', '--lr={lr}', '{name}'], { lr: 0.001, name: 'a b; rm -rf /' })).toEqual([
      'python3',
      'train.py',
      '--lr=0.001',
      'a b; rm -rf /',
    ]);
  });

  it('turns {{ and }} into literal braces and finds only real placeholders', () => {
    expect(renderArgv(['--json={{"x": {x}}}'], { x: 3 })).toEqual(['--json={"x": 3}']);
    expect(findPlaceholders('--json={{"x": {x}}}')).toEqual(['x']);
  });

  it('leaves out whole arguments that name an inactive parameter', () => {
    expect(renderArgv(['train.py', '--optimizer={opt}', '--momentum={momentum}', '--lr={lr}'], { opt: 'adam', lr: 0.1 })).toEqual([
      'train.py',
      '--optimizer=adam',
      '--lr=0.1',
    ]);
  });
});
