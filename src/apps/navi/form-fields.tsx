// The fields of 医療情報ネット's two search forms, the public one (search-page.tsx) and the staff's
// (staff-search-page.tsx): a label or legend, the hint and the message, tied to the control by
// aria-describedby; and the code lists they offer (departments in groups, languages), each with its
// Japanese and English names. Ids are given whole: the home has two forms with the same names, the
// staff's form prefixes its own.
import { loadEveryCatalogue } from '../../reporting/catalogue/load.ts';
import type { Label } from '../../reporting/catalogue/types.ts';
import type { Lang } from './preferences.ts';
import type { SearchWords } from './search-words.ts';

// ---------------------------------------------------------------------------------------------------------
// Code lists from the catalogue

export interface Coded {
  code: string;
  label: Label;
}
interface DepartmentGroup {
  code: string;
  name: string;
  departments: Coded[];
}
let lists: { departments: Map<string, Coded>; groups: DepartmentGroup[]; languages: Coded[]; pharmacyLanguages: Coded[] } | undefined;
export function codeLists(): NonNullable<typeof lists> {
  if (lists) return lists;
  const catalogues = loadEveryCatalogue();
  const list = (id: string) => catalogues.map((c) => c.codeLists.get(id)).find((l) => l !== undefined)?.codes ?? [];
  const departments = new Map<string, Coded>();
  const groups = new Map<string, DepartmentGroup>();
  for (const c of list('departments')) {
    departments.set(c.code, { code: c.code, label: c.label });
    const key = c.group ?? '';
    const group = groups.get(key) ?? { code: key, name: c.groupName ?? '', departments: [] };
    group.departments.push({ code: c.code, label: c.label });
    groups.set(key, group);
  }
  lists = {
    departments,
    groups: [...groups.values()],
    languages: list('languages').map((c) => ({ code: c.code, label: c.label })),
    pharmacyLanguages: list('pharmacy-languages').map((c) => ({ code: c.code, label: c.label })),
  };
  return lists;
}

/** The languages of medical institutions, then those only pharmacies list (each code once). */
export function everyLanguage(): Coded[] {
  const { languages, pharmacyLanguages } = codeLists();
  const seen = new Set(languages.map((c) => c.code));
  return [...languages, ...pharmacyLanguages.filter((c) => !seen.has(c.code))];
}

/** A department's name in the page's language (its code when the catalogue does not know it). */
export const departmentName = (code: string, lang: Lang): string => codeLists().departments.get(code)?.label[lang] ?? code;
/** A language's name in the page's language (its code when the catalogue does not know it). */
export const languageName = (code: string, lang: Lang): string => everyLanguage().find((c) => c.code === code)?.label[lang] ?? code;

/** The departments as option groups (その他 for a department the catalogue puts in no group). */
export const departmentGroups = (lang: Lang, w: SearchWords): Array<{ label: string; options: Choice[] }> =>
  codeLists().groups.map((g) => ({
    label: w.groupName(g.code, g.name || 'その他'),
    options: g.departments.map((d) => ({ value: d.code, label: d.label[lang] })),
  }));

// ---------------------------------------------------------------------------------------------------------
// Fields

export interface Choice {
  value: string;
  label: string;
  lang?: string | undefined;
}

export function FieldMessage(p: { id: string; error: string | undefined }): JSX.Element {
  return p.error ? (
    <p class="field__error" id={`${p.id}-error`} safe>
      {p.error}
    </p>
  ) : (
    <></>
  );
}
export const describedBy = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * What every field shows around its control: the label (or, for a group of checkboxes, the legend of
 * a fieldset that carries the id and the aria-describedby), the hint and the message. The control is
 * given the value for its aria-describedby (none inside a fieldset: the fieldset has it).
 */
export function FieldFrame(p: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** A fieldset with a legend (a group of checkboxes), not a label. */
  group?: boolean;
  small?: boolean | undefined;
  control: (describedBy: string | undefined) => JSX.Element;
}): JSX.Element {
  const described = describedBy(p.id, Boolean(p.hint), p.error);
  const notes = (
    <>
      {p.hint ? (
        <p class="field__hint" id={`${p.id}-hint`} safe>
          {p.hint}
        </p>
      ) : (
        ''
      )}
      <FieldMessage id={p.id} error={p.error} />
    </>
  );
  return p.group ? (
    <fieldset class={p.error ? 'fieldset search-choices field--error' : 'fieldset search-choices'} id={p.id} aria-describedby={described}>
      <legend class="fieldset__legend" safe>
        {p.label}
      </legend>
      {notes}
      {p.control(undefined)}
    </fieldset>
  ) : (
    <div class={`field${p.error ? ' field--error' : ''}${p.small ? ' field--small' : ''}`}>
      <label class="field__label" for={p.id} safe>
        {p.label}
      </label>
      {notes}
      {p.control(described)}
    </div>
  );
}

export function Input(p: {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'search' | 'date' | 'time';
  inputmode?: string;
  autocomplete?: string;
  maxlength?: number;
  small?: boolean;
}): JSX.Element {
  return (
    <FieldFrame
      id={p.id}
      label={p.label}
      hint={p.hint}
      error={p.error}
      small={p.small}
      control={(described) => (
        <input
          class="field__input"
          id={p.id}
          name={p.name}
          type={p.type ?? 'text'}
          value={p.value}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={described}
          inputmode={p.inputmode}
          autocomplete={p.autocomplete ?? 'off'}
          maxlength={p.maxlength}
        />
      )}
    />
  );
}

export function Select(p: {
  id: string;
  name: string;
  label: string;
  value: string;
  empty: string;
  options?: Choice[];
  groups?: Array<{ label: string; options: Choice[] }>;
  error?: string | undefined;
  hint?: string;
}): JSX.Element {
  const option = (o: Choice) => (
    <option value={o.value} selected={o.value === p.value} lang={o.lang} safe>
      {o.label}
    </option>
  );
  return (
    <FieldFrame
      id={p.id}
      label={p.label}
      hint={p.hint}
      error={p.error}
      control={(described) => (
        <select class="field__input field__select" id={p.id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={described}>
          <option value="" safe>
            {p.empty}
          </option>
          {(p.options ?? []).map(option)}
          {(p.groups ?? []).map((g) => (
            <optgroup label={g.label}>{g.options.map(option)}</optgroup>
          ))}
        </select>
      )}
    />
  );
}

export function Checkboxes(p: {
  id: string;
  name: string;
  legend: string;
  options: Choice[];
  checked: readonly string[];
  error?: string | undefined;
  hint?: string;
}): JSX.Element {
  return (
    <FieldFrame
      id={p.id}
      label={p.legend}
      hint={p.hint}
      error={p.error}
      group
      control={() => (
        <div class="search-choices__list">
          {p.options.map((o) => (
            <label class="checkbox">
              <input type="checkbox" name={p.name} value={o.value} checked={p.checked.includes(o.value)} />
              <span safe>{o.label}</span>
            </label>
          ))}
        </div>
      )}
    />
  );
}

/** The keyword: a search box with its hint, and (on the public forms) the search button beside it. */
export function KeywordField(p: { id: string; label: string; hint: string; value: string; error: string | undefined; button?: string }): JSX.Element {
  return (
    <FieldFrame
      id={p.id}
      label={p.label}
      hint={p.hint}
      error={p.error}
      control={(described) => {
        const input = (
          <input
            class="field__input"
            id={p.id}
            name="q"
            type="search"
            value={p.value}
            maxlength={200}
            autocomplete="off"
            aria-invalid={p.error ? 'true' : undefined}
            aria-describedby={described}
          />
        );
        return p.button ? (
          <div class="search-keyword">
            {input}
            <button type="submit" class="button button--primary search-keyword__button" safe>
              {p.button}
            </button>
          </div>
        ) : (
          input
        );
      }}
    />
  );
}
