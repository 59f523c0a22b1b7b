import { useCallback, useMemo } from 'react';
import { useDraftYaml, useUiActions } from '../../state/hooks';
import { editDraft, readDraft, type DocumentEdit, type DraftRead } from './yaml-draft';

export interface DraftDocument {
  readonly read: DraftRead;
  /** Applies a form edit to the newest text in the store. */
  readonly apply: (edit: DocumentEdit) => void;
}

/** The editor's one way to read and write the draft as a document (yaml-draft.ts explains why text is the truth). */
export function useDraftDocument(): DraftDocument {
  const yaml = useDraftYaml();
  const { editDraftYaml } = useUiActions();
  const read = useMemo(() => readDraft(yaml), [yaml]);
  const apply = useCallback((edit: DocumentEdit) => { editDraftYaml((current) => editDraft(current, edit)); }, [editDraftYaml]);
  return { read, apply };
}
