import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuOptions } from '../../../../main/app/menu-template';
import type { AppCommand } from '../../../../shared/desktop';

function build(options: Partial<MenuOptions> = {}) {
  const sent: AppCommand[] = [];
  const calls: string[] = [];
  const template = buildMenuTemplate(
    { platform: 'linux', packaged: true, appName: 'Tundra', ...options },
    { send: (command) => sent.push(command), openExperimentFile: () => calls.push('open-file'), openUserGuide: () => calls.push('guide') },
  );
  return { template, sent, calls };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label || (label === 'Help' && item.role === 'help'));
  if (menu === undefined || !Array.isArray(menu.submenu)) throw new Error(`no ${label} menu`);
  return menu.submenu;
}

function click(item: MenuItemConstructorOptions | undefined): void {
  if (item?.click === undefined) throw new Error(`${item?.label ?? 'item'} has no click`);
  // Menu items are clicked with (menuItem, window, event); the handlers use none of them.
  (item.click as () => void)();
}

const byId = (items: MenuItemConstructorOptions[], id: string) => items.find((item) => item.id === id);

describe('native menu template', () => {
  it('has File, Edit, View, Experiment and Help in order; the app menu only on a Mac', () => {
    expect(build().template.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'Experiment', 'help']);
    expect(build({ platform: 'darwin' }).template.map((item) => item.label ?? item.role)).toEqual(['Tundra', 'File', 'Edit', 'View', 'Experiment', 'help']);
  });

  it('File: New experiment (Ctrl/Cmd+N), Open experiment file…, Import…, then Quit (Close Window on a Mac)', () => {
    const { template, sent, calls } = build();
    const file = submenu(template, 'File');
    expect(file.map((item) => item.label ?? item.role ?? item.type)).toEqual(['New experiment', 'Open experiment file…', 'Import…', 'separator', 'quit']);
    expect(byId(file, 'new-experiment')?.accelerator).toBe('CmdOrCtrl+N');
    expect(byId(file, 'open-experiment-file')?.accelerator).toBe('CmdOrCtrl+O');
    click(byId(file, 'new-experiment'));
    click(byId(file, 'import'));
    click(byId(file, 'open-experiment-file'));
    expect(sent).toEqual([{ command: 'new-experiment' }, { command: 'import' }]);
    // The file is picked in main's native dialog first; only its path goes to the page.
    expect(calls).toEqual(['open-file']);
    expect(submenu(build({ platform: 'darwin' }).template, 'File').at(-1)).toEqual({ role: 'close' });
  });

  it('Experiment: start, pause, freeze, resume and stop, each sending its control with its shortcut', () => {
    const { template, sent } = build();
    const items = submenu(template, 'Experiment').filter((item) => item.type !== 'separator');
    expect(items.map((item) => [item.label, item.accelerator])).toEqual([
      ['Start', 'CmdOrCtrl+Shift+Enter'],
      ['Pause all', 'CmdOrCtrl+Shift+P'],
      ['Freeze all', 'CmdOrCtrl+Shift+F'],
      ['Resume', 'CmdOrCtrl+Shift+U'],
      ['Stop', 'CmdOrCtrl+Shift+S'],
    ]);
    items.forEach(click);
    expect(sent).toEqual(['start', 'pause', 'freeze', 'resume', 'stop'].map((control) => ({ command: 'experiment-control', control })));
  });

  it('View has reload and developer tools only in development; zoom always', () => {
    const roles = (packaged: boolean) => submenu(build({ packaged }).template, 'View').map((item) => item.role ?? item.type);
    expect(roles(true)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    expect(roles(false)).toEqual(['reload', 'forceReload', 'toggleDevTools', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
  });

  it('Edit is made of roles, so text fields get undo, copy and paste; Help opens the user guide', () => {
    const { template, calls } = build();
    expect(submenu(template, 'Edit').every((item) => item.role !== undefined || item.type === 'separator')).toBe(true);
    click(submenu(template, 'Help')[0]);
    expect(calls).toEqual(['guide']);
  });

  it('no two items share an accelerator', () => {
    const accelerators = build({ platform: 'darwin', packaged: false })
      .template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : []))
      .map((item) => item.accelerator)
      .filter((accelerator) => accelerator !== undefined);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});
