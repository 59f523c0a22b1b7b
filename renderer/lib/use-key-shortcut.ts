import { ariaKeyShortcut, isMacPlatform, SHORTCUTS, type ShortcutAction } from '../../shared/shortcuts';
import { useDesktop } from '../state/hooks';

/**
 * The `aria-keyshortcuts` value for a control that a shortcut also reaches: the native menu's
 * accelerator in the desktop app, the page's own key in a browser; undefined where there is none.
 */
export function useKeyShortcut(action: ShortcutAction): string | undefined {
  const desktop = useDesktop();
  const { accelerator, browser } = SHORTCUTS[action];
  const binding = desktop !== null ? accelerator : browser;
  return binding === null ? undefined : ariaKeyShortcut(binding, isMacPlatform(navigator.platform));
}
