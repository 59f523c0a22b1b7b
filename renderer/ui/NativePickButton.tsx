import type { DesktopArgs, DesktopBridge, DesktopResults } from '../../shared/desktop';
import type { Result } from '../../shared/result';
import { isAbsolutePath } from '../lib/paths';
import { useDesktop, useUiActions } from '../state/hooks';

type Pick = 'folder' | 'experiment-file';

function ask(desktop: DesktopBridge, pick: Pick, args: DesktopArgs<'choose-folder'>): Promise<Result<DesktopResults['choose-folder']>> {
  return pick === 'folder' ? desktop.chooseFolder(args) : desktop.openExperimentFile();
}

/**
 * "Choose…" beside a path field: the native folder (or experiment file) dialog in the desktop
 * app. Renders nothing in a browser, where the page cannot see the back end's disk and the field
 * is typed instead.
 */
export function NativePickButton({ pick, title, current, onPicked }: { readonly pick: Pick; readonly title: string; readonly current: string; readonly onPicked: (path: string) => void }) {
  const desktop = useDesktop();
  const { notify } = useUiActions();
  if (desktop === null) return null;
  const start = current.trim();
  async function choose(bridge: DesktopBridge): Promise<void> {
    const reply = await ask(bridge, pick, { title, ...(isAbsolutePath(start) ? { defaultPath: start } : {}) });
    if (!reply.ok) notify(`Could not choose the ${title.toLowerCase()}: ${reply.error.message}`);
    else if (reply.value !== null) onPicked(reply.value);
  }
  return (
    <button type="button" className="button input-row__button" aria-label={`Choose the ${title.toLowerCase()}`} onClick={() => void choose(desktop)}>
      Choose…
    </button>
  );
}
