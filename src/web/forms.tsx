// Accessible form parts: labels tied to inputs, messages tied to fields, an error summary that
// links to each field, and the hidden CSRF field every form carries.
import type { Children } from '@kitajs/html';

export type FieldErrors = Partial<Record<string, string>>;

export function CsrfField(props: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** 「ログアウト」: a POST form (with its CSRF token) to the origin's sign-out route. */
export function SignOutButton(props: { csrf: string; action?: string; small?: boolean }): JSX.Element {
  return (
    <form method="post" action={props.action ?? '/logout'} class="inline-form">
      <CsrfField token={props.csrf} />
      <button type="submit" class={props.small === false ? 'button button--secondary' : 'button button--ghost button--small'}>
        ログアウト
      </button>
    </form>
  );
}

export interface TextFieldProps {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'tel' | 'date';
  value?: string;
  error?: string | undefined;
  hint?: string;
  /** The (?) explanation, opened on demand. */
  help?: string | undefined;
  required?: boolean;
  /** The mark beside a required field's label, when not ※必須 (an English page: "Required"). */
  requiredMark?: string | undefined;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
  autofocus?: boolean;
  describedBy?: string;
}

interface FieldFrameProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  help?: string | undefined;
  required?: boolean | undefined;
  requiredMark?: string | undefined;
  /** Renders the control itself, given the value for its aria-describedby. */
  control: (describedBy: string | undefined) => JSX.Element;
  extraDescribedBy?: string | undefined;
}

/** What every field shares: the label (with ※必須, or the mark given), the hint and the message, tied to the control. */
function FieldFrame(p: FieldFrameProps): JSX.Element {
  const hintId = p.hint ? `${p.id}-hint` : undefined;
  const errorId = p.error ? `${p.id}-error` : undefined;
  const describedBy = [hintId, errorId, p.extraDescribedBy].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label class="field__label" for={p.id}>
        <span safe>{p.label}</span>
        {p.required ? (
          <span class="field__required" aria-hidden="true" safe>
            {p.requiredMark ?? '※必須'}
          </span>
        ) : (
          ''
        )}
      </label>
      <FieldHelp text={p.help} label={p.label} />
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
      {p.control(describedBy)}
    </div>
  );
}

/** A field's help, folded: a 「?」 that opens it (named for screen readers after the field). Nothing without text. */
export function FieldHelp(p: { text: string | undefined; label: string }): JSX.Element {
  if (!p.text) return <></>;
  return (
    <details class="field__help">
      <summary>
        <span aria-hidden="true">?</span>
        <span class="visually-hidden" safe>
          「{p.label}」の説明
        </span>
      </summary>
      <p safe>{p.text}</p>
    </details>
  );
}

export function TextField(p: TextFieldProps): JSX.Element {
  return (
    <FieldFrame
      id={p.name}
      label={p.label}
      error={p.error}
      hint={p.hint}
      help={p.help}
      required={p.required}
      requiredMark={p.requiredMark}
      extraDescribedBy={p.describedBy}
      control={(describedBy) => (
        <input
          class="field__input"
          id={p.name}
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
      )}
    />
  );
}

/**
 * A day. The browser's date input (which sends YYYY-MM-DD) while the value is empty or such a day;
 * a value it could not take — what a person typed that did not read as a day — is shown as typed,
 * in a text box, so it is kept beside its message.
 */
export function DateField(p: Pick<TextFieldProps, 'name' | 'label' | 'value' | 'error' | 'hint' | 'required'>): JSX.Element {
  const value = p.value ?? '';
  return <TextField {...p} type={value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : 'text'} value={value} autocomplete="off" />;
}

/** A multi-line text field, tied together as TextField is. `id` defaults to the name (a page with
 * several forms of the same field gives each its own id). */
export function TextAreaField(p: {
  id?: string;
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  requiredMark?: string | undefined;
  rows?: number;
  maxlength?: number;
}): JSX.Element {
  const id = p.id ?? p.name;
  return (
    <FieldFrame
      id={id}
      label={p.label}
      error={p.error}
      hint={p.hint}
      required={p.required}
      requiredMark={p.requiredMark}
      control={(describedBy) => (
        <textarea
          class="field__input field__textarea"
          id={id}
          name={p.name}
          rows={String(p.rows ?? 5)}
          required={p.required}
          aria-required={p.required ? 'true' : undefined}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy}
          maxlength={p.maxlength}
          safe
        >
          {p.value ?? ''}
        </textarea>
      )}
    />
  );
}

/** A select of fixed options with a first, empty 「選んでください」 (or `placeholder`). `id` as TextAreaField's. */
export function SelectField(p: {
  id?: string;
  name: string;
  label: string;
  options: ReadonlyArray<string | { value: string; label: string }>;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  help?: string | undefined;
  placeholder?: string;
  required?: boolean;
  requiredMark?: string | undefined;
  autocomplete?: string;
  autofocus?: boolean;
}): JSX.Element {
  const id = p.id ?? p.name;
  return (
    <FieldFrame
      id={id}
      label={p.label}
      error={p.error}
      hint={p.hint}
      help={p.help}
      required={p.required}
      requiredMark={p.requiredMark}
      control={(describedBy) => (
        <select
          class="field__input field__select"
          id={id}
          name={p.name}
          required={p.required}
          aria-required={p.required ? 'true' : undefined}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy}
          autocomplete={p.autocomplete}
          autofocus={p.autofocus}
        >
          <option value="" safe>
            {p.placeholder ?? '選んでください'}
          </option>
          {p.options.map((o) => {
            const { value, label } = typeof o === 'string' ? { value: o, label: o } : o;
            return (
              <option value={value} selected={p.value === value} safe>
                {label}
              </option>
            );
          })}
        </select>
      )}
    />
  );
}

/** Lists every field message, each linking to its field (the messages name their field). */
export function ErrorSummary(props: {
  errors: FieldErrors;
  /** The heading, when not 入力内容を確認してください (an English page). */ title?: string;
}): JSX.Element {
  const entries = Object.entries(props.errors).filter(([, m]) => m);
  if (entries.length === 0) return <></>;
  return (
    <div class="notice notice--error" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
      <h2 class="notice__title" id="error-summary-title" safe>
        {props.title ?? '入力内容を確認してください'}
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
