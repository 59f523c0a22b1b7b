import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAppCommand } from '../../../shared/desktop';
import { ariaKeyShortcut, browserShortcutFor, commandForShortcut, describeShortcut, SHORTCUT_ACTIONS, SHORTCUTS, type KeyChord } from '../../../shared/shortcuts';

const chord = (code: string, modifiers: Partial<KeyChord> = {}): KeyChord => ({
  key: code.startsWith('Key') ? code.slice(3).toLowerCase() : code,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('keyboard shortcuts', () => {
  it('browser keys: Ctrl on Linux and Windows, ⌘ on a Mac, the other one up', () => {
    expect(browserShortcutFor(chord('KeyP', { ctrlKey: true, shiftKey: true }), false)).toBe('pause');
    expect(browserShortcutFor(chord('KeyP', { metaKey: true, shiftKey: true }), true)).toBe('pause');
    expect(browserShortcutFor(chord('KeyP', { ctrlKey: true, shiftKey: true }), true)).toBeNull();
    expect(browserShortcutFor(chord('KeyP', { ctrlKey: true, metaKey: true, shiftKey: true }), false)).toBeNull();
    expect(browserShortcutFor(chord('KeyP', { ctrlKey: true }), false)).toBeNull();
    expect(browserShortcutFor(chord('Enter', { ctrlKey: true, shiftKey: true }), false)).toBe('start');
    expect(browserShortcutFor(chord('NumpadEnter', { key: 'Enter', ctrlKey: true, shiftKey: true }), false)).toBe('start');
  });

  it('new experiment is Alt+Shift+N in a browser, which keeps Ctrl+N; by code, so a Mac Option key still matches', () => {
    expect(browserShortcutFor(chord('KeyN', { ctrlKey: true }), false)).toBeNull();
    expect(browserShortcutFor(chord('KeyN', { altKey: true, shiftKey: true }), false)).toBe('new-experiment');
    expect(browserShortcutFor({ ...chord('KeyN', { altKey: true, shiftKey: true }), key: '˜' }, true)).toBe('new-experiment');
    expect(browserShortcutFor(chord('KeyI', { ctrlKey: true }), false)).toBe('import');
  });

  it('every browser binding is unique and reaches its own action', () => {
    for (const action of SHORTCUT_ACTIONS) {
      const binding = SHORTCUTS[action].browser;
      if (binding === null) continue;
      const parts = binding.split('+');
      const key = parts.at(-1)!;
      const code = key === 'Enter' ? 'Enter' : `Key${key}`;
      const pressed = chord(code, { ctrlKey: parts.includes('CmdOrCtrl'), altKey: parts.includes('Alt'), shiftKey: parts.includes('Shift') });
      expect(browserShortcutFor(pressed, false), binding).toBe(action);
    }
  });

  it('each shortcut gives a valid app command, except opening a file, which needs the native dialog first', () => {
    for (const action of SHORTCUT_ACTIONS) {
      const command = commandForShortcut(action);
      if (action === 'open-experiment-file') expect(command).toBeNull();
      else expect(parseAppCommand(command), action).toEqual(command);
    }
  });

  it('describes bindings the way each platform writes them', () => {
    expect(describeShortcut('CmdOrCtrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(describeShortcut('CmdOrCtrl+Shift+P', true)).toBe('⌘⇧P');
    expect(describeShortcut('Alt+Shift+N', true)).toBe('⌥⇧N');
    expect(describeShortcut('CmdOrCtrl+Shift+Enter', false)).toBe('Ctrl+Shift+Enter');
    expect(ariaKeyShortcut('CmdOrCtrl+Shift+P', false)).toBe('Control+Shift+P');
    expect(ariaKeyShortcut('CmdOrCtrl+Shift+Enter', true)).toBe('Meta+Shift+Enter');
    expect(ariaKeyShortcut('Alt+Shift+N', false)).toBe('Alt+Shift+N');
  });
});

describe('app commands', () => {
  it('accepts the closed set and refuses anything else', () => {
    expect(parseAppCommand({ command: 'show-trial', experimentId: 2, trialId: 9 })).toEqual({ command: 'show-trial', experimentId: 2, trialId: 9 });
    expect(parseAppCommand({ command: 'experiment-control', control: 'delete' })).toBeNull();
    expect(parseAppCommand({ command: 'show-experiment', experimentId: -1 })).toBeNull();
    expect(parseAppCommand({ command: 'new-experiment', extra: 1 })).toBeNull();
    expect(parseAppCommand({ command: 'eval', code: 'x' })).toBeNull();
    expect(parseAppCommand('new-experiment')).toBeNull();
  });
});

describe('the user guide', () => {
  it('lists every shortcut as the table here has it (docs/desktop-app.md)', () => {
    const page = readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'desktop-app.md'), 'utf8');
    for (const action of SHORTCUT_ACTIONS) {
      const { label, accelerator, browser } = SHORTCUTS[action];
      const row = page.split('\n').find((line) => line.startsWith(`| ${label}`));
      expect(row, label).toBeDefined();
      const cells = row!.split('|').map((cell) => cell.trim());
      expect(cells[2], label).toBe(describeShortcut(accelerator, false));
      if (browser === null) expect(cells[3], label).toMatch(/^none/);
      else expect(cells[3], label).toBe(describeShortcut(browser, false));
    }
  });
});
