// Accessible form parts: labels tied to inputs, messages tied to fields, an error summary that
// links to each field, and the hidden CSRF field every form carries.
import type { Children } from '@kitajs/html';

export type FieldErrors = Partial<Record<string, string>>;

export function CsrfField(props: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export interface TextFieldProps {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'tel';
  value?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
  autofocus?: boolean;
  describedBy?: string;
}

export function TextField(p: TextFieldProps): JSX.Element {
  const id = p.name;
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errorId = p.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId, p.describedBy].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label class="field__label" for={id}>
        <span safe>{p.label}</span>
        {p.required ? (
          <span class="field__required" aria-hidden="true">
            ※必須
          </span>
        ) : (
          ''
        )}
      </label>
      {p.hint ? (
        <p class="field__hint" id={hintId} safe>
          {p.hint}
        </p>
      ) : (
        ''
      )}
      {p.error ? (
        <p class="field__error" id={errorId} safe>
          {p.error}
        </p>
      ) : (
        ''
      )}
      <input
        class="field__input"
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : p.value}
        required={p.required}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        autofocus={p.autofocus}
        spellcheck="false"
        autocapitalize="off"
      />
    </div>
  );
}

/** Lists every field message, each linking to its field (the messages name their field). */
export function ErrorSummary(props: { errors: FieldErrors }): JSX.Element {
  const entries = Object.entries(props.errors).filter(([, m]) => m);
  if (entries.length === 0) return <></>;
  return (
    <div class="notice notice--error" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
      <h2 class="notice__title" id="error-summary-title">
        入力内容を確認してください
      </h2>
      <ul class="notice__list">
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`} safe>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Notice(props: { kind: 'info' | 'success' | 'error' | 'warning'; title?: string; children?: Children }): JSX.Element {
  return (
    <div class={`notice notice--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.title ? (
        <p class="notice__title" safe>
          {props.title}
        </p>
      ) : (
        ''
      )}
      {props.children ?? ''}
    </div>
  );
}
