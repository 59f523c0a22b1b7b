import { useState, type InputHTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';

interface EditingText {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly onBlur: () => void;
}

/**
 * A box that shows the draft's value, except while someone types in it: then it keeps their exact
 * text (`0.10`, `1e-`), because the value read back from the YAML (`0.1`) would move the caret
 * and eat what they are typing.
 */
export function useEditingText(value: string, commit: (text: string) => void): EditingText {
  const [editing, setEditing] = useState<string | null>(null);
  return {
    value: editing ?? value,
    onChange: (text) => {
      setEditing(text);
      commit(text);
    },
    onBlur: () => { setEditing(null); },
  };
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onBlur'>;

interface TextInputProps extends InputProps {
  readonly value: string;
  readonly onCommit: (text: string) => void;
  readonly invalid?: boolean;
  readonly mono?: boolean;
  readonly onEnter?: () => void;
  readonly onBlur?: () => void;
}

export function TextInput({ value, onCommit, invalid = false, mono = false, onEnter, onBlur, className, onKeyDown, ...rest }: TextInputProps) {
  const text = useEditingText(value, onCommit);
  return (
    <input
      {...rest}
      className={`input${mono ? ' input--mono' : ''}${className ? ` ${className}` : ''}`}
      value={text.value}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={invalid || undefined}
      onChange={(event) => { text.onChange(event.target.value); }}
      onBlur={() => {
        text.onBlur();
        onBlur?.();
      }}
      onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
        onKeyDown?.(event);
        if (onEnter && event.key === 'Enter' && !event.defaultPrevented) {
          event.preventDefault();
          onEnter();
        }
      }}
    />
  );
}

interface TextFieldProps extends InputProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onCommit: (text: string) => void;
  readonly hint?: string;
  /** What the file's validation says about this field. */
  readonly error?: string | undefined;
  readonly mono?: boolean;
  /** A button beside the box (the desktop app's "Choose…"). */
  readonly action?: ReactNode;
}

/** A labelled text box of the experiment form, with an optional one-line hint and the field's problem. */
export function TextField({ id, label, hint, error, action, ...rest }: TextFieldProps) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {action ? (
        <div className="input-row">
          <TextInput id={id} aria-describedby={describedBy || undefined} invalid={error !== undefined} {...rest} />
          {action}
        </div>
      ) : (
        <TextInput id={id} aria-describedby={describedBy || undefined} invalid={error !== undefined} {...rest} />
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
