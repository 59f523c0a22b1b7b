import type { DesktopBridge } from '../../shared/desktop';

/**
 * The desktop app's native dialogs and menu commands (`window.tundra.desktop`, from the preload);
 * null in a browser. Checked member by member, so a page without the preload never half-uses it.
 */
export function findDesktopBridge(scope: object): DesktopBridge | null {
  const bridge: unknown = Reflect.get(scope, 'tundra');
  if (typeof bridge !== 'object' || bridge === null) return null;
  const desktop: unknown = Reflect.get(bridge, 'desktop');
  if (typeof desktop !== 'object' || desktop === null) return null;
  const members = ['chooseFolder', 'saveFile', 'openExperimentFile', 'openDatabaseFile', 'onCommand'] as const;
  return members.every((name) => typeof Reflect.get(desktop, name) === 'function') ? (desktop as DesktopBridge) : null;
}
