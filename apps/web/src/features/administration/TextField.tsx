import { useId } from 'react';
import { t } from '../../i18n';

const a = t.admin;

/** A labelled text input of a small form. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  required,
  type = 'text',
  autoFocus,
  inputMode,
  autoComplete,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  required?: boolean;
  type?: string;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'email' | 'text';
  autoComplete?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : (
          <span className="muted"> ({a.list.optional})</span>
        )}
      </label>
      <input
        id={id}
        type={type}
        value={value}
        required={required}
        autoFocus={autoFocus}
        inputMode={inputMode}
        autoComplete={autoComplete}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
