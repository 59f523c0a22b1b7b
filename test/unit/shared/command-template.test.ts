import { describe, expect, it } from 'vitest';
import { findPlaceholders, renamePlaceholder, renderArgv } from '../../../shared/command-template';

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

  it('renames only the placeholders of the renamed parameter, keeping literal braces', () => {
    expect(renamePlaceholder('--lr={lr}', 'lr', 'learning_rate')).toBe('--lr={learning_rate}');
    expect(renamePlaceholder('{ lr }/{lr_max}/{{lr}}', 'lr', 'rate')).toBe('{rate}/{lr_max}/{{lr}}');
    expect(renamePlaceholder('--json={{"lr": {lr}}}', 'lr', 'rate')).toBe('--json={{"lr": {rate}}}');
    expect(renamePlaceholder('train.py', 'lr', 'rate')).toBe('train.py');
  });

  it('follows a name typed through empty and back', () => {
    const cleared = renamePlaceholder('--lr={lr}', 'lr', '');
    expect(cleared).toBe('--lr={}');
    expect(renamePlaceholder(cleared, '', 'eta')).toBe('--lr={eta}');
  });
});
