// The report form's fields, one component per kind of the catalogue (text, yes/no, choice, multi,
// count, decimal, date, weekly timetable, closed days, matrix). Each shows what was typed (FormInput),
// its message beside it (problems by input name), and labels every input, so the page reads the same
// with a screen reader and on a 375 px phone.
import { fieldInputName } from '../../../reporting/catalogue/check.ts';
import { optionsOf, resolvePath } from '../../../reporting/catalogue/load.ts';
import { DAY_LABELS, PART_LABELS_JA, departmentRows, rowLabel, timetableOwner } from '../../../reporting/catalogue/values.ts';
import {
  DAYS,
  SINGLE_ROW,
  WEEKDAYS,
  WEEKS,
  type CatalogueField,
  type FieldOf,
  type Item,
  type KindCatalogue,
  type ReportValues,
} from '../../../reporting/catalogue/types.ts';
import { copyValue, many, one, ticked, type FormInput } from './form-input.ts';
import type { Children } from '@kitajs/html';
import { FieldHelp } from '../../../web/forms.tsx';

/** What every field reads: the catalogue, the values (rows of department tables), the inputs and the messages. */
export interface FieldContext {
  cat: KindCatalogue;
  values: ReportValues;
  input: FormInput;
  problems: Readonly<Record<string, string>>;
}

/** An input's id: its name (names are unique on the page; the error summary links to them). */
const idOf = (name: string) => name;
const errorIdOf = (name: string) => `${name}--error`;

/** The messages of the inputs whose names start with one of the prefixes (a composite field's). */
function problemsUnder(ctx: FieldContext, test: (name: string) => boolean): Array<[string, string]> {
  return Object.entries(ctx.problems).filter(([name]) => test(name));
}

function Required(p: { on: boolean }): JSX.Element {
  return p.on ? (
    <span class="field__required" aria-hidden="true">
      ※必須
    </span>
  ) : (
    ''
  );
}

/** The message of one input, if any (its id is what the input's aria-describedby names). */
function Message(p: { name: string; message: string | undefined }): JSX.Element {
  return p.message ? (
    <p class="field__error" id={errorIdOf(p.name)} safe>
      {p.message}
    </p>
  ) : (
    <></>
  );
}

/** Whether the field must be filled to 報告 (always, or when another field says so). */
const isRequired = (cf: CatalogueField) => cf.field.required === true || cf.field.requiredIf !== undefined;

/**
 * What every field of the form shares, whatever its kind: a single input is a `field` with a label
 * for it, a group of inputs a fieldset with a legend; then the name with ※必須, the folded help, the
 * hint and the messages (by input name), and the control(s) last. A group names its own message
 * (the one under the field's own input name) in its aria-describedby, and has the bar of
 * report-field--error when any of its inputs has one.
 */
function FieldFrame(p: {
  cf: CatalogueField;
  /** The id of the one input the label is for; without it the field is a fieldset. */
  labelFor?: string;
  /** Classes of the frame besides `field`. */
  class?: string;
  hint?: { id?: string | undefined; text: string } | undefined;
  messages: ReadonlyArray<[name: string, message: string]>;
  children: Children;
}): JSX.Element {
  const { cf } = p;
  const label = (
    <>
      <span safe>{cf.field.label.ja}</span>
      <Required on={isRequired(cf)} />
    </>
  );
  const rest = (
    <>
      <FieldHelp text={cf.field.help?.ja} label={cf.field.label.ja} />
      {p.hint ? (
        <p class="field__hint" id={p.hint.id} safe>
          {p.hint.text}
        </p>
      ) : (
        ''
      )}
      {p.messages.map(([n, m]) => (
        <Message name={n} message={m} />
      ))}
      {p.children}
    </>
  );
  const wrong = p.messages.length > 0;
  if (p.labelFor !== undefined)
    return (
      <div class={['field', wrong ? 'field--error' : '', p.class ?? ''].filter(Boolean).join(' ')} data-field={cf.path}>
        <label class="field__label" for={p.labelFor}>
          {label}
        </label>
        {rest}
      </div>
    );
  const own = fieldInputName(cf);
  return (
    <fieldset
      class={['fieldset field', wrong ? 'report-field--error' : '', p.class ?? ''].filter(Boolean).join(' ')}
      data-field={cf.path}
      aria-describedby={p.messages.some(([n]) => n === own) ? errorIdOf(own) : undefined}
    >
      <legend class="fieldset__legend field__label">{label}</legend>
      {rest}
    </fieldset>
  );
}

// ── single values ─────────────────────────────────────────────────────────

function ScalarField(p: { ctx: FieldContext; cf: CatalogueField }): JSX.Element {
  const { ctx, cf } = p;
  const f = cf.field;
  const name = `f.${cf.path}`;
  const message = ctx.problems[name];
  const unit = 'unit' in f && f.unit ? f.unit.ja : '';
  const sum = (f.kind === 'count' || f.kind === 'decimal') && f.sumOf !== undefined;
  const hint = sum
    ? '内訳から自動で計算します。'
    : f.kind === 'date'
      ? '例：2026-04-01'
      : f.kind === 'count'
        ? `整数で入力してください${unit ? `（単位：${unit}）` : ''}。`
        : f.kind === 'decimal'
          ? `小数点以下${f.scale ?? 1}桁まで${unit ? `（単位：${unit}）` : ''}。`
          : f.kind === 'text' && f.max
            ? `${f.max}文字以内`
            : '';
  const hintId = hint ? `${name}--hint` : undefined;
  const describedBy = [hintId, message ? errorIdOf(name) : undefined].filter(Boolean).join(' ') || undefined;
  const common = {
    id: idOf(name),
    name,
    'aria-invalid': message ? 'true' : undefined,
    'aria-describedby': describedBy,
  };
  let control: JSX.Element;
  if (f.kind === 'choice') {
    const value = one(ctx.input, name);
    control = (
      <select class="field__input field__select" {...common}>
        <option value="">選んでください</option>
        {optionsOf(ctx.cat, f).map((o) => (
          <option value={o.code} selected={o.code === value} safe>
            {o.label.ja}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'text' && f.multiline) {
    control = (
      <textarea class="field__input field__textarea" rows="4" {...common} safe>
        {one(ctx.input, name)}
      </textarea>
    );
  } else {
    const type =
      f.kind === 'text' && f.format === 'email'
        ? 'email'
        : f.kind === 'text' && f.format === 'url'
          ? 'url'
          : f.kind === 'text' && f.format === 'phone'
            ? 'tel'
            : 'text';
    const inputmode = f.kind === 'count' ? 'numeric' : f.kind === 'decimal' ? 'decimal' : f.kind === 'text' && f.format === 'postcode' ? 'numeric' : undefined;
    control = (
      <input
        class={f.kind === 'count' || f.kind === 'decimal' || f.kind === 'date' ? 'field__input report-input--short' : 'field__input'}
        type={type}
        inputmode={inputmode}
        value={one(ctx.input, name)}
        readonly={sum}
        autocomplete="off"
        {...common}
      />
    );
  }
  return (
    <FieldFrame cf={cf} labelFor={idOf(name)} hint={hint ? { id: hintId, text: hint } : undefined} messages={message ? [[name, message]] : []}>
      {control}
    </FieldFrame>
  );
}

function YesNoField(p: { ctx: FieldContext; cf: CatalogueField }): JSX.Element {
  const { ctx, cf } = p;
  const name = `f.${cf.path}`;
  const message = ctx.problems[name];
  const value = one(ctx.input, name);
  return (
    <FieldFrame cf={cf} messages={message ? [[name, message]] : []}>
      <div class="report-choices" id={idOf(name)}>
        <label class="checkbox">
          <input type="radio" name={name} value="1" checked={value === '1'} />
          はい
        </label>
        <label class="checkbox">
          <input type="radio" name={name} value="0" checked={value === '0'} />
          いいえ
        </label>
      </div>
    </FieldFrame>
  );
}

function MultiField(p: { ctx: FieldContext; cf: CatalogueField }): JSX.Element {
  const { ctx, cf } = p;
  const f = cf.field as FieldOf<'multi'>;
  const name = `f.${cf.path}`;
  const chosen = new Set(many(ctx.input, name));
  const problems = problemsUnder(ctx, (n) => n === name || n.startsWith(`x.${cf.path}.`));
  const free = (code: string) => (f.freeText ?? []).some((s) => code.endsWith(s));
  const options: readonly CodeOption[] = optionsOf(ctx.cat, f);
  const option = (o: CodeOption) => {
    const textName = `x.${cf.path}.${o.code}`;
    return (
      <div class={free(o.code) ? 'report-code report-code--free' : 'report-code'}>
        <label class="checkbox">
          <input type="checkbox" name={name} value={o.code} checked={chosen.has(o.code)} />
          <span safe>{o.label.ja}</span>
        </label>
        {free(o.code) ? (
          <span class="report-code__text">
            <label class="visually-hidden" for={idOf(textName)} safe>
              {`「${o.label.ja}」の名称`}
            </label>
            <input
              class="field__input report-input--free"
              type="text"
              id={idOf(textName)}
              name={textName}
              value={one(ctx.input, textName)}
              placeholder="名称"
              maxlength={100}
              aria-invalid={ctx.problems[textName] ? 'true' : undefined}
              aria-describedby={ctx.problems[textName] ? errorIdOf(textName) : undefined}
            />
          </span>
        ) : (
          ''
        )}
      </div>
    );
  };
  const groups = codeGroups(options);
  return (
    <FieldFrame cf={cf} messages={problems}>
      {groups === undefined ? (
        <div class="checkbox-grid report-codes" id={idOf(name)}>
          {options.map(option)}
        </div>
      ) : (
        // A long list (the 127 診療科目) by its groups (診療科目群), each folded unless something in it is chosen or wrong,
        // so a phone shows nine lines instead of 127 boxes; <details> opens without script.
        <div class="report-code-groups" id={idOf(name)}>
          {groups.map((g) => {
            const picked = g.options.filter((o) => chosen.has(o.code)).length;
            const wrong = g.options.some((o) => ctx.problems[`x.${cf.path}.${o.code}`] !== undefined);
            return (
              <details class="report-code-group" open={picked > 0 || wrong} data-code-group={g.id}>
                <summary>
                  <span safe>{g.name}</span>
                  <span class="report-code-group__count" safe>
                    {picked > 0 ? `${picked}件を選択` : `${g.options.length}科目`}
                  </span>
                </summary>
                <div class="checkbox-grid report-codes">{g.options.map(option)}</div>
              </details>
            );
          })}
        </div>
      )}
    </FieldFrame>
  );
}

type CodeOption = { readonly code: string; readonly label: { readonly ja: string }; readonly group?: string; readonly groupName?: string };

/** The codes by their group, in order, when every code names one and there are several (else undefined: one list). */
function codeGroups(options: readonly CodeOption[]): Array<{ id: string; name: string; options: CodeOption[] }> | undefined {
  const groups: Array<{ id: string; name: string; options: CodeOption[] }> = [];
  for (const o of options) {
    if (o.group === undefined || o.groupName === undefined) return undefined;
    const last = groups.at(-1);
    if (last !== undefined && last.id === o.group) last.options.push(o);
    else groups.push({ id: o.group, name: o.groupName, options: [o] });
  }
  return groups.length > 1 ? groups : undefined;
}

// ── weekly timetable ──────────────────────────────────────────────────────

/** The department's name as the grid heads its row (with the free text of XX991/XX992). */
function rowName(ctx: FieldContext, code: string): string {
  if (code === SINGLE_ROW) return '';
  const departments = ctx.values['basic.departments.departments'];
  const text = Array.isArray(departments) ? departments.find((c) => c.code === code)?.text : undefined;
  const name = rowLabel(ctx.cat, code);
  return text ? `${name}（${text}）` : name;
}

const TIMETABLE_HINT =
  '「09:00」のように24時間制で入力してください。日付をまたぐ時間帯は終了を開始より前の時刻にし、終日は「00:00」〜「24:00」とします。時間のない欄は空けておきます。';

function TimetableField(p: { ctx: FieldContext; cf: CatalogueField }): JSX.Element {
  const { ctx, cf } = p;
  const f = cf.field as FieldOf<'timetable'>;
  const owner = timetableOwner(cf);
  const rows = f.rows === 'single' ? [SINGLE_ROW] : departmentRows(ctx.cat, cf, ctx.values);
  // A required grid left empty is reported under the grid's own name (t.<path>); a cell under t.<owner>.….
  const problems = problemsUnder(
    ctx,
    (n) => n === fieldInputName(cf) || (n.startsWith(`t.${owner}.`) && f.parts.includes((n.slice(owner.length + 3).split('.')[3] ?? '') as never)),
  );
  const bands = Array.from({ length: f.bands }, (_, i) => i + 1);
  return (
    <FieldFrame cf={cf} class="report-timetable" hint={{ text: TIMETABLE_HINT }} messages={problems}>
      {rows.length === 0 ? (
        <p class="notice notice--info">診療科目を選んで保存すると、診療科目ごとの時間を入力する欄がここに表示されます。</p>
      ) : (
        rows.map((row) => {
          const name = rowName(ctx, row);
          const title = name || f.label.ja;
          return (
            <section class="report-tt" aria-label={title} data-tt-owner={owner} data-tt-row={row}>
              {name ? (
                <h4 class="report-tt__title" safe>
                  {name}
                </h4>
              ) : (
                ''
              )}
              <div class="report-tt__days">
                {DAYS.map((day) => (
                  <fieldset class="report-tt__day">
                    <legend class="report-tt__day-name" safe>
                      {DAY_LABELS[day]}
                    </legend>
                    {bands.flatMap((band) =>
                      f.parts.map((part) => {
                        const base = `t.${owner}.${row}.${band}.${day}.${part}`;
                        const what = [f.bands > 1 ? `時間帯${band}` : '', f.parts.length > 1 || part !== 'care' ? PART_LABELS_JA[part] : '']
                          .filter(Boolean)
                          .join(' ');
                        const spoken = [name, DAY_LABELS[day], what].filter(Boolean).join(' ');
                        return (
                          <div class="report-tt__span">
                            <span class="report-tt__band" aria-hidden="true" safe>
                              {what || '時間'}
                            </span>
                            <TimeInput ctx={ctx} name={`${base}.s`} label={`${spoken} 開始`} />
                            <span aria-hidden="true">〜</span>
                            <TimeInput ctx={ctx} name={`${base}.e`} label={`${spoken} 終了`} />
                          </div>
                        );
                      }),
                    )}
                  </fieldset>
                ))}
              </div>
              <div class="report-tt__copy">
                <button
                  type="submit"
                  class="button button--secondary button--small"
                  name="copy"
                  value={copyValue({ action: 'mon_to_weekdays', owner, row })}
                  data-copy="mon_to_weekdays"
                >
                  月曜の時間を火〜金にコピー
                  {name ? <span class="visually-hidden" safe>{`（${name}）`}</span> : ''}
                </button>
                {rows.length > 1 ? (
                  <button
                    type="submit"
                    class="button button--secondary button--small"
                    name="copy"
                    value={copyValue({ action: 'all_rows', owner, row })}
                    data-copy="all_rows"
                  >
                    すべての診療科に同じ時間を設定
                    <span class="visually-hidden" safe>{`（${name}の時間を使う）`}</span>
                  </button>
                ) : (
                  ''
                )}
              </div>
            </section>
          );
        })
      )}
    </FieldFrame>
  );
}

function TimeInput(p: { ctx: FieldContext; name: string; label: string }): JSX.Element {
  const message = p.ctx.problems[p.name];
  return (
    <>
      <label class="visually-hidden" for={idOf(p.name)} safe>
        {p.label}
      </label>
      <input
        class="field__input report-time"
        type="text"
        inputmode="numeric"
        id={idOf(p.name)}
        name={p.name}
        value={one(p.ctx.input, p.name)}
        maxlength={5}
        size="5"
        autocomplete="off"
        placeholder="--:--"
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={message ? errorIdOf(p.name) : undefined}
      />
    </>
  );
}

// ── closed days ───────────────────────────────────────────────────────────

const WEEK_WORDS = ['', '第1週', '第2週', '第3週', '第4週', '第5週'];

function ClosedDaysField(p: { ctx: FieldContext; cf: CatalogueField }): JSX.Element {
  const { ctx, cf } = p;
  const f = cf.field as FieldOf<'closed_days'>;
  const c = `c.${cf.path}`;
  const problems = problemsUnder(ctx, (n) => n === c || n.startsWith(`${c}.`));
  const box = (name: string, label: string, visible: boolean) => (
    <label class={visible ? 'checkbox' : 'checkbox report-grid__box'}>
      <input type="checkbox" name={name} value="1" checked={ticked(ctx.input, name)} />
      <span class={visible ? undefined : 'visually-hidden'} safe>
        {label}
      </span>
    </label>
  );
  return (
    <FieldFrame cf={cf} class="report-closed" messages={problems}>
      <fieldset class="fieldset report-closed__part">
        <legend class="fieldset__legend" safe>{`毎週の${f.word}日`}</legend>
        <div class="report-choices">
          {WEEKDAYS.map((d) => box(`${c}.w.${d}`, DAY_LABELS[d], true))}
          {box(`${c}.hol`, `祝日`, true)}
        </div>
      </fieldset>
      <div class="report-closed__part">
        <table class="report-grid">
          <caption safe>{`決まった週だけの${f.word}日（例：第2・第4土曜）`}</caption>
          <thead>
            <tr>
              <td></td>
              {WEEKDAYS.map((d) => (
                <th scope="col" safe>
                  {DAY_LABELS[d].replace('曜', '')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKS.map((w) => (
              <tr>
                <th scope="row" safe>
                  {WEEK_WORDS[w]!}
                </th>
                {WEEKDAYS.map((d) => (
                  <td>{box(`${c}.n.${w}.${d}`, `${WEEK_WORDS[w]}の${DAY_LABELS[d]}`, false)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="field">
        <label class="field__label" for={idOf(`${c}.other`)} safe>
          {`その他の${f.word}日`}
        </label>
        <p class="field__hint" id={`${c}.other--hint`}>
          年末年始やお盆など、上の欄で表せない日を文章で入力してください。
        </p>
        <textarea
          class="field__input field__textarea"
          rows="2"
          id={idOf(`${c}.other`)}
          name={`${c}.other`}
          maxlength={500}
          aria-describedby={`${c}.other--hint`}
          safe
        >
          {one(ctx.input, `${c}.other`)}
        </textarea>
      </div>
    </FieldFrame>
  );
}

// ── matrix ────────────────────────────────────────────────────────────────

function MatrixField(p: { ctx: FieldContext; cf: CatalogueField }): JSX.Element {
  const { ctx, cf } = p;
  const f = cf.field as FieldOf<'matrix'>;
  const rowOptions =
    f.rows === 'departments'
      ? departmentRows(ctx.cat, cf, ctx.values).map((code) => ({ code, label: rowName(ctx, code) }))
      : ('codeList' in f.rows ? (ctx.cat.codeLists.get(f.rows.codeList)?.codes ?? []) : f.rows.options).map((o) => ({ code: o.code, label: o.label.ja }));
  const problems = problemsUnder(ctx, (n) => n === `m.${cf.path}` || n.startsWith(`m.${cf.path}.`));
  return (
    <FieldFrame cf={cf} class="report-matrix" messages={problems}>
      {rowOptions.length === 0 ? (
        <p class="notice notice--info">診療科目を選んで保存すると、診療科目ごとに入力する欄がここに表示されます。</p>
      ) : (
        rowOptions.map((row) => (
          <fieldset class="fieldset report-matrix__row">
            <legend class="report-matrix__name" safe>
              {row.label}
            </legend>
            <div class="report-matrix__cells">
              {f.columns.map((col) => {
                const name = `m.${cf.path}.${row.code}.${col.id}`;
                const message = ctx.problems[name];
                const value = one(ctx.input, name);
                return (
                  <div class="report-matrix__cell">
                    <label class="report-matrix__label" for={idOf(name)} safe>
                      {col.label.ja}
                    </label>
                    {col.kind === 'choice' ? (
                      <select
                        class="field__input field__select"
                        id={idOf(name)}
                        name={name}
                        aria-invalid={message ? 'true' : undefined}
                        aria-describedby={message ? errorIdOf(name) : undefined}
                      >
                        <option value="">－</option>
                        {optionsOf(ctx.cat, col).map((o) => (
                          <option value={o.code} selected={o.code === value} safe>
                            {o.label.ja}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        class="field__input report-input--short"
                        type="text"
                        inputmode={col.kind === 'count' ? 'numeric' : 'decimal'}
                        id={idOf(name)}
                        name={name}
                        value={value}
                        autocomplete="off"
                        aria-invalid={message ? 'true' : undefined}
                        aria-describedby={message ? errorIdOf(name) : undefined}
                      />
                    )}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))
      )}
    </FieldFrame>
  );
}

// ── items and sections ────────────────────────────────────────────────────

/** One field, by its kind. */
export function FieldControl(p: { ctx: FieldContext; cf: CatalogueField }): JSX.Element {
  switch (p.cf.field.kind) {
    case 'yesno':
      return <YesNoField {...p} />;
    case 'multi':
      return <MultiField {...p} />;
    case 'timetable':
      return <TimetableField {...p} />;
    case 'closed_days':
      return <ClosedDaysField {...p} />;
    case 'matrix':
      return <MatrixField {...p} />;
    default:
      return <ScalarField {...p} />;
  }
}

/** The fields of an item (a row of the law's table) under its name and help. */
export function ItemFields(p: { ctx: FieldContext; item: Item }): JSX.Element {
  const fields = p.item.fields.map((f) => p.ctx.cat.fields.get(resolvePath(p.item, f.id))).filter((cf): cf is CatalogueField => cf !== undefined);
  const no = p.item.no[p.ctx.cat.kind];
  return (
    <section class="report-item" id={`item-${p.item.id}`} aria-labelledby={`item-${p.item.id}-title`}>
      <h3 class="report-item__title" id={`item-${p.item.id}-title`}>
        {no !== undefined ? <span class="report-item__no" safe>{`${no}.`}</span> : ''}
        <span safe>{p.item.label.ja}</span>
        {p.item.basic ? <span class="badge">基本情報</span> : ''}
      </h3>
      <p class="report-item__help" safe>
        {p.item.help.ja}
      </p>
      <div class="report-item__fields">
        {fields.map((cf) => (
          <FieldControl ctx={p.ctx} cf={cf} />
        ))}
      </div>
    </section>
  );
}
