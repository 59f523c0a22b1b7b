import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/desktop';
import { commandForShortcut, SHORTCUTS, type ShortcutAction } from '../../shared/shortcuts';

/**
 * The native menu as a template for Menu.buildFromTemplate; pure (Electron's types only), so its
 * items, accelerators and what each click does are unit-tested. Items that act on the page send
 * an app command (shared/desktop.ts); the page decides what it means for what is on screen (the
 * Experiment items act on the experiment shown, and say so when there is none).
 */

export interface MenuActions {
  /** Sends an app command to the page. */
  readonly send: (command: AppCommand) => void;
  /** Shows the native open dialog for an experiment file, then sends its path. */
  readonly openExperimentFile: () => void;
  /** Opens the user guide. */
  readonly openUserGuide: () => void;
}

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  /** A packaged build: no reload or developer tools (a reload would drop what the page holds). */
  readonly packaged: boolean;
  readonly appName: string;
}

function shortcutItem(action: ShortcutAction, actions: MenuActions): MenuItemConstructorOptions {
  const { label, accelerator } = SHORTCUTS[action];
  const command = commandForShortcut(action);
  return {
    id: action,
    label,
    accelerator,
    click: () => {
      if (command !== null) actions.send(command);
      else actions.openExperimentFile();
    },
  };
}

export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      shortcutItem('new-experiment', actions),
      shortcutItem('open-experiment-file', actions),
      shortcutItem('import', actions),
      { type: 'separator' },
      // On a Mac, Quit lives in the app menu and the File menu ends in Close Window.
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(options.packaged ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: 'Experiment',
    submenu: [
      shortcutItem('start', actions),
      shortcutItem('pause', actions),
      shortcutItem('freeze', actions),
      shortcutItem('resume', actions),
      { type: 'separator' },
      shortcutItem('stop', actions),
    ],
  });
  template.push({
    role: 'help',
    submenu: [{ id: 'user-guide', label: 'User guide', click: () => { actions.openUserGuide(); } }],
  });
  return template;
}
