import { useCallback, useRef, useState } from 'react';
import type { ApiError } from '../../../shared/result';
import { useCommands, useDesktop, useUiActions } from '../../state/hooks';
import { IssueList } from '../editor/IssueList';
import { Popover } from '../../ui/Popover';
import { downloadExport } from './download';
import { exportMenu, type ExportMenuItem, type ExportTarget } from './export-menu';

type Outcome =
  | { readonly kind: 'done'; readonly message: string }
  | { readonly kind: 'error'; readonly title: string; readonly error: ApiError }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * "Export…": a trial's (or the best trial's) config and the whole experiment in every format,
 * each copied or saved as the API writes it (the native save dialog in the desktop app, a download
 * in a browser); and "Refine…", which opens the editor on a narrowed copy of the experiment. The dashboard header and the trial page share it.
 */
export function ExportMenu({ experimentId, target }: { readonly experimentId: number; readonly target: ExportTarget }) {
  const { exportExperiment, refineExperiment } = useCommands();
  const { editDraft, setDraftNotes, show } = useUiActions();
  const desktop = useDesktop();
  const saveWord = desktop !== null ? 'Save' : 'Download';
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const close = useCallback(() => { setOpen(false); }, []);

  async function run(item: ExportMenuItem, how: 'copy' | 'save'): Promise<void> {
    setBusy(true);
    setOutcome(null);
    const reply = await exportExperiment(experimentId, item.format, item.trialNumber);
    setBusy(false);
    if (!reply.ok) {
      setOutcome({ kind: 'error', title: `Could not export ${item.label}`, error: reply.error });
      return;
    }
    if (how === 'save' && desktop !== null) {
      const saved = await desktop.saveFile({ suggestedName: reply.value.fileName, content: reply.value.content });
      if (!saved.ok) setOutcome({ kind: 'error', title: `Could not save ${item.label}`, error: saved.error });
      else if (saved.value !== null) setOutcome({ kind: 'done', message: `Saved ${saved.value.path}` });
      return;
    }
    if (how === 'save') {
      downloadExport(reply.value);
      setOutcome({ kind: 'done', message: `Downloaded ${reply.value.fileName}` });
      return;
    }
    try {
      await navigator.clipboard.writeText(reply.value.content);
      setOutcome({ kind: 'done', message: `Copied ${item.label}` });
    } catch (error) {
      // The clipboard needs a secure context and a focused page; say so rather than fail quietly.
      setOutcome({ kind: 'failed', message: `Could not copy ${item.label}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  async function refine(): Promise<void> {
    setBusy(true);
    setOutcome(null);
    const reply = await refineExperiment(experimentId);
    setBusy(false);
    if (!reply.ok) {
      setOutcome({ kind: 'error', title: 'Could not refine the experiment', error: reply.error });
      return;
    }
    editDraft({ yaml: reply.value.yaml, path: '' });
    const { changes } = reply.value;
    setDraftNotes({
      title: changes.length > 0 ? 'Refined: the search space narrowed around the top trials' : 'Refined: the top trials gave no parameter a narrower range; the space is as it was',
      items: changes,
    });
    setOpen(false);
    show({ kind: 'new-experiment' });
  }

  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          setOutcome(null);
          setOpen((was) => !was);
        }}
      >
        Export…
      </button>
      {open && (
        <Popover anchor={anchor} label="Export" onClose={close} className="popover--export">
          <div className="export-menu">
            {exportMenu(target).map((group) => (
              <section key={group.title} className="export-menu__group" aria-label={group.title}>
                <h3 className="export-menu__title">{group.title}</h3>
                <ul className="export-menu__items">
                  {group.items.map((item) => (
                    <li key={item.format} className="export-menu__item">
                      <span className="export-menu__label" title={item.hint}>
                        {item.label}
                      </span>
                      <button type="button" className="button button--small" aria-label={`Copy ${item.label}`} disabled={busy} onClick={() => void run(item, 'copy')}>
                        Copy
                      </button>
                      <button type="button" className="button button--small" aria-label={`${saveWord} ${item.label}`} disabled={busy} onClick={() => void run(item, 'save')}>
                        {desktop !== null ? 'Save…' : 'Download'}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
            <div className="export-menu__refine">
              <button type="button" className="button button--small" disabled={busy} title="A new experiment with the search space narrowed around the top trials" onClick={() => void refine()}>
                Refine…
              </button>
            </div>
            <p role="status" className="export-menu__status">
              {outcome?.kind === 'done' ? outcome.message : null}
            </p>
            {outcome?.kind === 'error' && <IssueList title={outcome.title} error={outcome.error} />}
            {outcome?.kind === 'failed' && (
              <p className="issues" role="alert">
                {outcome.message}
              </p>
            )}
          </div>
        </Popover>
      )}
    </>
  );
}
