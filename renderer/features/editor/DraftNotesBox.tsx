import { useDraftNotes, useUiActions } from '../../state/hooks';

/** An import's report or a refine's changes, above the editor until the person dismisses them. */
export function DraftNotesBox() {
  const notes = useDraftNotes();
  const { setDraftNotes } = useUiActions();
  if (notes === null) return null;
  return (
    <section className="draft-notes" aria-label={notes.title}>
      <div className="draft-notes__head">
        <p className="draft-notes__title">{notes.title}</p>
        <button type="button" className="button button--small button--quiet" onClick={() => { setDraftNotes(null); }}>
          Dismiss
        </button>
      </div>
      {notes.items.length > 0 && (
        <ul className="draft-notes__items">
          {notes.items.map((item, index) => (
            <li key={`${index}-${item}`}>{item}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
