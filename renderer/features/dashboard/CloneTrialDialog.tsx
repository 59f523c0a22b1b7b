import { useId, useMemo, useState } from 'react';
import type { Experiment, Trial } from '../../../shared/domain';
import type { ApiError } from '../../../shared/result';
import { useCommands } from '../../state/hooks';
import { cloneReady, initialCloneDraft, readCloneDraft, type CloneDraft, type CloneField } from './clone-form';
import { useModalDialog } from '../../ui/use-modal-dialog';

/**
 * "Clone…": the trial's parameters in a small form, one field per active parameter by its type,
 * checked against the search space as they are typed (clone-form.ts); sending it queues the new
 * trial, which arrives in the table like any other. The native <dialog> traps focus and closes on Escape.
 */
export function CloneTrialDialog({ experiment, trial, onClose }: { readonly experiment: Experiment; readonly trial: Trial; readonly onClose: () => void }) {
  const { cloneTrial } = useCommands();
  const dialog = useModalDialog();
  const titleId = useId();
  const baseId = useId();
  const space = experiment.spec.space;
  const [draft, setDraft] = useState<CloneDraft>(() => initialCloneDraft(space, trial.params));
  const reading = useMemo(() => readCloneDraft(space, draft, trial.params), [space, draft, trial.params]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);


  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    const reply = await cloneTrial(trial.id, reading.params);
    setBusy(false);
    if (reply.ok) onClose();
    else setError(reply.error);
  }

  const ready = cloneReady(reading);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog clone-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>Clone trial {trial.number} with edits</h2>
      <p className="hint">A new trial with these values; each is checked against the search space.</p>
      <form
        className="clone-dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) void submit();
        }}
      >
        {reading.fields.map((field) => (
          <CloneFieldRow
            key={field.name}
            id={`${baseId}-${field.name}`}
            field={field}
            text={draft[field.name] ?? ''}
            error={reading.errors[field.name]}
            onChange={(text) => { setDraft({ ...draft, [field.name]: text }); }}
          />
        ))}
        {error !== null && (
          <p className="confirm-dialog__error" role="alert">
            Could not clone trial {trial.number}: {error.message}
          </p>
        )}
        <div className="confirm-dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !ready}>
            {busy ? 'Queuing…' : 'Queue clone'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface CloneFieldRowProps {
  readonly id: string;
  readonly field: CloneField;
  readonly text: string;
  readonly error: string | undefined;
  readonly onChange: (text: string) => void;
}

function CloneFieldRow({ id, field, text, error, onChange }: CloneFieldRowProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = error === undefined ? hintId : `${errorId} ${hintId}`;
  const was = field.was === null ? 'new for this configuration' : `was ${field.was}`;
  return (
    <div className="field clone-dialog__field">
      <label htmlFor={id} className="field-label input--mono">
        {field.name}
      </label>
      {field.kind === 'number' && (
        <input
          id={id}
          className="input input--mono"
          inputMode="decimal"
          value={text}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== undefined || undefined}
          aria-describedby={describedBy}
          onChange={(event) => { onChange(event.target.value); }}
        />
      )}
      {field.kind === 'choice' && (
        <select id={id} className="select" value={text} aria-describedby={describedBy} onChange={(event) => { onChange(event.target.value); }}>
          {field.options.map((option) => (
            <option key={option.key} value={option.key}>
              {option.label}
            </option>
          ))}
        </select>
      )}
      {field.kind === 'bool' && (
        <input id={id} type="checkbox" checked={text === 'true'} aria-describedby={describedBy} onChange={(event) => { onChange(event.target.checked ? 'true' : 'false'); }} />
      )}
      {field.kind === 'fixed' && <input id={id} className="input input--mono" value={field.options[0]?.label ?? ''} readOnly aria-describedby={describedBy} />}
      {error !== undefined && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <p id={hintId} className="hint">
        {field.hint} · {was}
      </p>
    </div>
  );
}
