import { useDraftNotes, useUiActions } from '../../state/hooks';
import { NotesBox } from '../../ui/NotesBox';

/** An import's report or a refine's changes, above the editor until the person dismisses them. */
export function DraftNotesBox() {
  const notes = useDraftNotes();
  const { setDraftNotes } = useUiActions();
  if (notes === null) return null;
  return <NotesBox notes={notes} onDismiss={() => { setDraftNotes(null); }} />;
}
