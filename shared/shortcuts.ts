import type { AppCommand, MenuExperimentControl } from './desktop';

/**
 * The app's keyboard shortcuts, one table for both faces: the desktop app's menu accelerators
 * (Electron's syntax) and the keys the page itself listens for in a browser, where there is no
 * native menu. They differ only where a browser keeps a key for itself (Ctrl+N opens a browser
 * window and a page can never have it), or where the command needs the native menu.
 */

export const SHORTCUT_ACTIONS = ['new-experiment', 'import', 'open-experiment-file', 'start', 'pause', 'freeze', 'resume', 'stop'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

export interface Shortcut {
  readonly label: string;
  /** The menu accelerator in the desktop app. */
  readonly accelerator: string;
  /** What the page listens for in a browser (same syntax); null where the browser has no such command. */
  readonly browser: string | null;
}

export const SHORTCUTS: { readonly [A in ShortcutAction]: Shortcut } = {
  'new-experiment': { label: 'New experiment', accelerator: 'CmdOrCtrl+N', browser: 'Alt+Shift+N' },
  import: { label: 'Import…', accelerator: 'CmdOrCtrl+I', browser: 'CmdOrCtrl+I' },
  // A file on this machine, picked in the native dialog; a browser names a path in the editor instead.
  'open-experiment-file': { label: 'Open experiment file…', accelerator: 'CmdOrCtrl+O', browser: null },
  start: { label: 'Start', accelerator: 'CmdOrCtrl+Shift+Enter', browser: 'CmdOrCtrl+Shift+Enter' },
  pause: { label: 'Pause all', accelerator: 'CmdOrCtrl+Shift+P', browser: 'CmdOrCtrl+Shift+P' },
  freeze: { label: 'Freeze all', accelerator: 'CmdOrCtrl+Shift+F', browser: 'CmdOrCtrl+Shift+F' },
  resume: { label: 'Resume', accelerator: 'CmdOrCtrl+Shift+U', browser: 'CmdOrCtrl+Shift+U' },
  stop: { label: 'Stop', accelerator: 'CmdOrCtrl+Shift+S', browser: 'CmdOrCtrl+Shift+S' },
};

const EXPERIMENT_CONTROL_ACTIONS: readonly MenuExperimentControl[] = ['start', 'pause', 'freeze', 'resume', 'stop'];

/** The app command a shortcut gives, or null for one that needs something first (a picked file). */
export function commandForShortcut(action: ShortcutAction): AppCommand | null {
  if ((EXPERIMENT_CONTROL_ACTIONS as readonly string[]).includes(action)) return { command: 'experiment-control', control: action as MenuExperimentControl };
  if (action === 'new-experiment') return { command: 'new-experiment' };
  if (action === 'import') return { command: 'import' };
  return null;
}

/** A key chord as the page sees it (the fields of a KeyboardEvent it needs). */
export interface KeyChord {
  readonly key: string;
  /** KeyboardEvent.code: `KeyN`, `Enter`; layout-independent, and unchanged by Alt on a Mac. */
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

interface ParsedAccelerator {
  readonly primary: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  readonly key: string;
}

function parseAccelerator(accelerator: string): ParsedAccelerator {
  const parts = accelerator.split('+');
  const key = parts[parts.length - 1]!.toLowerCase();
  const modifiers = new Set(parts.slice(0, -1));
  return { primary: modifiers.has('CmdOrCtrl'), alt: modifiers.has('Alt'), shift: modifiers.has('Shift'), key };
}

/** Which key the chord pressed, in accelerator terms: `n`, `enter`. */
function chordKey(chord: KeyChord): string {
  if (/^Key[A-Z]$/.test(chord.code)) return chord.code.slice(3).toLowerCase();
  if (chord.code === 'Enter' || chord.code === 'NumpadEnter' || chord.key === 'Enter') return 'enter';
  return chord.key.toLowerCase();
}

/**
 * The browser shortcut a chord presses, if any. CmdOrCtrl is ⌘ on a Mac and Ctrl elsewhere, and
 * the other one must be up, so Ctrl+Shift+P on a Mac stays the browser's.
 */
export function browserShortcutFor(chord: KeyChord, mac: boolean): ShortcutAction | null {
  const primaryDown = mac ? chord.metaKey : chord.ctrlKey;
  const otherDown = mac ? chord.ctrlKey : chord.metaKey;
  if (otherDown) return null;
  const key = chordKey(chord);
  for (const action of SHORTCUT_ACTIONS) {
    const binding = SHORTCUTS[action].browser;
    if (binding === null) continue;
    const parsed = parseAccelerator(binding);
    if (parsed.key === key && parsed.primary === primaryDown && parsed.alt === chord.altKey && parsed.shift === chord.shiftKey) return action;
  }
  return null;
}

/** Whether a platform string (navigator.platform, process.platform) is a Mac's, where CmdOrCtrl is ⌘. */
export function isMacPlatform(platform: string): boolean {
  return /^Mac|^iP(hone|ad|od)|^darwin$/.test(platform);
}

/** The binding as the `aria-keyshortcuts` attribute writes it: `Control+Shift+P`, `Meta+Shift+P` on a Mac. */
export function ariaKeyShortcut(binding: string, mac: boolean): string {
  const parsed = parseAccelerator(binding);
  const key = parsed.key === 'enter' ? 'Enter' : parsed.key.toUpperCase();
  return [parsed.primary ? (mac ? 'Meta' : 'Control') : '', parsed.alt ? 'Alt' : '', parsed.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** `Ctrl+Shift+P`, or `⌘⇧P` on a Mac: how the docs and tooltips write a binding. */
export function describeShortcut(binding: string, mac: boolean): string {
  const parsed = parseAccelerator(binding);
  const key = parsed.key === 'enter' ? (mac ? '↩' : 'Enter') : parsed.key.toUpperCase();
  if (mac) return `${parsed.primary ? '⌘' : ''}${parsed.alt ? '⌥' : ''}${parsed.shift ? '⇧' : ''}${key}`;
  return [parsed.primary ? 'Ctrl' : '', parsed.alt ? 'Alt' : '', parsed.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}
