import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExampleExperiment } from '../../../shared/domain';
import { useCommands, useExamplesRequested, useUiActions } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { Popover } from '../../ui/Popover';

type Examples =
  | { readonly kind: 'not-loaded' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly examples: readonly ExampleExperiment[] }
  | { readonly kind: 'failed'; readonly message: string };

interface ExamplePickerProps {
  readonly onPick: (example: ExampleExperiment) => void;
}

/** "Try an example": lists the bundled examples (name and what each shows) to fill the form from. */
export function ExamplePicker({ onPick }: ExamplePickerProps) {
  const { listExamples } = useCommands();
  const requested = useExamplesRequested();
  const { requestExamples } = useUiActions();
  const [examples, setExamples] = useState<Examples>({ kind: 'not-loaded' });
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const loading = useRef(false);
  const close = useCallback(() => {
    setOpen(false);
  }, []);

  const toggle = useCallback(async () => {
    if (examples.kind === 'loaded') {
      setOpen((current) => !current);
      return;
    }
    if (loading.current) return;
    loading.current = true;
    setExamples({ kind: 'loading' });
    const reply = await listExamples();
    loading.current = false;
    if (!reply.ok) {
      setExamples({ kind: 'failed', message: reply.error.message });
      return;
    }
    setExamples({ kind: 'loaded', examples: reply.value });
    setOpen(true);
  }, [examples.kind, listExamples]);

  // The empty state's "Try an example" lands here with the list to open.
  useEffect(() => {
    if (!requested) return;
    requestExamples(false);
    void toggle();
  }, [requested, requestExamples, toggle]);

  return (
    <div className="example-picker">
      <button
        ref={button}
        type="button"
        className="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? 'example-list' : undefined}
        disabled={examples.kind === 'loading'}
        onClick={() => void toggle()}
      >
        Try an example
      </button>
      {examples.kind === 'failed' && (
        <span className="field-error" role="alert">
          Could not list the examples: <MessageText text={examples.message} />
        </span>
      )}
      {open && examples.kind === 'loaded' && (
        <Popover id="example-list" anchor={button} label="Examples" onClose={close}>
          {examples.examples.length === 0 ? (
            <p className="popover__empty">No examples are bundled with this build.</p>
          ) : (
            <ul className="example-picker__list">
              {examples.examples.map((example) => (
                <li key={example.path}>
                  <button
                    type="button"
                    className="example-picker__item"
                    onClick={() => {
                      onPick(example);
                      setOpen(false);
                    }}
                  >
                    <span className="example-picker__name">{example.name}</span>
                    <span className="example-picker__description">{example.description}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Popover>
      )}
    </div>
  );
}
