import type { DraftNotes } from '../state/ui-slice';

/** A titled list of notes (an import's report, a refine's changes) that the person dismisses. */
export function NotesBox({ notes, onDismiss }: { readonly notes: DraftNotes; readonly onDismiss: () => void }) {
  return (
    <section className="draft-notes" aria-label={notes.title}>
      <div className="draft-notes__head">
        <p className="draft-notes__title">{notes.title}</p>
        <button type="button" className="button button--small button--quiet" onClick={onDismiss}>
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
