// 臨時休診一括処理's pages: the list of batches, the page that makes one (a CSV upload, or a filter of
// the facilities in reach with one date range for all), what to fix row by row, and one batch with its
// closures and 取り消す.
import type { Account, ClosureBatch, InstitutionKind, TemporaryClosure } from '../../../db/schema.ts';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { CLOSURE_REASONS, MODE_LABELS, bandsOf, formatBands, type ClosureProblem } from '../../../closures/closure.ts';
import { municipality } from '../../../institutions/places.ts';
import { formatDay, formatJst } from '../../../platform/japanese/time.ts';
import { CsrfField, ErrorSummary, Notice, SelectField, TextAreaField, TextField, type FieldErrors } from '../../../web/forms.tsx';
import type { Flash } from '../flash.ts';
import { PortalPage } from '../portal/layout.tsx';

export const CLOSURES_PATH = '/closures';
export const NEW_PATH = `${CLOSURES_PATH}/new`;
export const UPLOAD_PATH = `${CLOSURES_PATH}/upload`;
export const FILTER_PATH = `${CLOSURES_PATH}/filter`;
export const TEMPLATE_PATH = `${CLOSURES_PATH}/template.csv`;
export const batchPath = (id: string): string => `${CLOSURES_PATH}/${encodeURIComponent(id)}`;
/** The CSV form's 理由 (the filter form below has one too): its id, and the key of its message. */
export const CSV_REASON = 'csv-reason';

const STYLES = ['/static/css/reporting.css', '/static/css/report-review.css'];

function Breadcrumb(p: { here?: string }): JSX.Element {
  return (
    <nav class="breadcrumb" aria-label="現在位置">
      <a href="/">ホーム</a> ＞{' '}
      {p.here ? (
        <>
          <a href={CLOSURES_PATH}>臨時休診の一括登録</a> ＞ <span safe>{p.here}</span>
        </>
      ) : (
        <span>臨時休診の一括登録</span>
      )}
    </nav>
  );
}

const range = (from: string, to: string) => (from === to ? formatDay(from) : `${formatDay(from)}〜${formatDay(to)}`);

/** The batches the viewer may see, newest first. */
export function ClosureListPage(p: { viewer: Account; csrf: string; batches: readonly ClosureBatch[] }): JSX.Element {
  return (
    <PortalPage title="臨時休診の一括登録" viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <Breadcrumb />
      <h1 class="page-title">臨時休診の一括登録</h1>
      <p>
        災害や年末年始などで、管轄の医療機関・薬局が臨時に休診する日や、診療時間を変える日をまとめて登録します。登録した内容は医療情報ネットの施設のページに表示され、「急いで探す」（いま開いている施設）の検索結果から外れます。
      </p>
      <p>
        <a class="button button--primary" href={NEW_PATH}>
          新しく登録する
        </a>
      </p>
      <section aria-labelledby="batches-title">
        <h2 class="section-title" id="batches-title">
          これまでの一括登録
        </h2>
        {p.batches.length === 0 ? (
          <p class="muted">まだ登録はありません。</p>
        ) : (
          <div class="report-table-scroll" tabindex="0" role="region" aria-label="これまでの一括登録の表">
            <table class="report-table">
              <caption class="visually-hidden">これまでの一括登録。新しい順</caption>
              <thead>
                <tr>
                  <th scope="col">登録日時</th>
                  <th scope="col">理由</th>
                  <th scope="col">件数</th>
                  <th scope="col">選び方</th>
                  <th scope="col">状態</th>
                </tr>
              </thead>
              <tbody>
                {p.batches.map((b) => (
                  <tr data-batch={b.id}>
                    <td>
                      <a href={batchPath(b.id)} safe>
                        {formatJst(b.created_at)}
                      </a>
                    </td>
                    <td safe>{b.reason}</td>
                    <td safe>{`${b.closures.toLocaleString('ja-JP')}件`}</td>
                    <td>{b.source === 'csv' ? 'CSVファイル' : '条件で選択'}</td>
                    <td>{b.undone_at ? `取り消し済（${formatJst(b.undone_at)}）` : '登録中'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </PortalPage>
  );
}

/** What the filter form shows again. */
export interface FilterValues {
  municipality?: string | undefined;
  kinds?: readonly InstitutionKind[] | undefined;
  codes?: string | undefined;
  startsOn?: string | undefined;
  endsOn?: string | undefined;
  mode?: string | undefined;
  hours?: string | undefined;
  note?: string | undefined;
  reason?: string | undefined;
}

export interface NewClosurePageProps {
  viewer: Account;
  csrf: string;
  /** A fresh idempotency key for each form (a form sent twice applies once). */
  key: string;
  /** The municipalities the viewer may choose (a health centre's), or all of the prefecture. */
  municipalities: readonly string[];
  /** Which form the answer is about. */
  form?: 'csv' | 'filter' | undefined;
  csvReason?: string | undefined;
  csvErrors?: FieldErrors;
  filter?: FilterValues;
  filterErrors?: FieldErrors;
  problem?: string | undefined;
  problems?: readonly ClosureProblem[] | undefined;
  /** A check that found nothing to fix: how many would be registered. */
  checked?: { count: number; sample: ReadonlyArray<{ code: string; name: string }> } | undefined;
}

const SHOWN = 500;

/** What stops the rows: line (or 機関コード for a filter), column, message. */
function ProblemTable(p: { problems: readonly ClosureProblem[]; byCode: boolean }): JSX.Element {
  const shown = p.problems.slice(0, SHOWN);
  return (
    <section aria-labelledby="closure-problems-title" data-problems={String(p.problems.length)}>
      <h2 class="section-title" id="closure-problems-title" safe>
        {`直す必要のある箇所（${p.problems.length}件）`}
      </h2>
      <div class="report-table-scroll" tabindex="0" role="region" aria-label="直す必要のある箇所の表">
        <table class="report-table csv-problems">
          <caption class="visually-hidden">直す必要のある箇所。行と列ごと</caption>
          <thead>
            <tr>
              <th scope="col">{p.byCode ? '機関コード' : '行'}</th>
              <th scope="col">列</th>
              <th scope="col">内容</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((problem) => (
              <tr data-line={String(problem.line)} data-column={problem.column ?? ''}>
                <td safe>{p.byCode ? (problem.code ?? '—') : `${problem.line}行目`}</td>
                <td>{problem.column ?? '—'}</td>
                <td safe>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.problems.length > shown.length ? <p class="muted" safe>{`ほかに${p.problems.length - shown.length}件あります。`}</p> : ''}
    </section>
  );
}

const REASON_OPTIONS = CLOSURE_REASONS.map((r) => ({ value: r, label: r }));
const MODE_OPTIONS = [
  { value: 'closed', label: '休診（終日休み）' },
  { value: 'hours', label: '時間変更（変更後の時間だけ開く）' },
];

export function NewClosurePage(p: NewClosurePageProps): JSX.Element {
  const f = p.filter ?? {};
  const fe = p.filterErrors ?? {};
  return (
    <PortalPage title="臨時休診を登録する" viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <Breadcrumb here="新しく登録する" />
      <h1 class="page-title">臨時休診を登録する</h1>
      <p>
        CSVファイルで1つずつ指定するか、条件で医療機関・薬局を選んで同じ期間を登録します。どちらも、まず全部の行を確かめ、直す箇所が1つでもあれば何も登録しません。登録はあとから一括で取り消せます。
      </p>
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}
      {p.problems?.length ? <ProblemTable problems={p.problems} byCode={p.form === 'filter'} /> : ''}
      {p.checked ? (
        <Notice kind="success" title={`${p.checked.count.toLocaleString('ja-JP')}件を確かめました。直す箇所はありません。まだ登録していません。`}>
          {p.checked.sample.length ? (
            <ul class="bullets" data-checked={String(p.checked.count)}>
              {p.checked.sample.map((s) => (
                <li safe>{`${s.code} ${s.name}`}</li>
              ))}
              {p.checked.count > p.checked.sample.length ? <li safe>{`ほか${p.checked.count - p.checked.sample.length}件`}</li> : ''}
            </ul>
          ) : (
            ''
          )}
        </Notice>
      ) : (
        ''
      )}

      <section aria-labelledby="csv-title">
        <h2 class="section-title" id="csv-title">
          CSVファイルで登録する
        </h2>
        <ErrorSummary errors={p.csvErrors ?? {}} />
        <form method="post" action={UPLOAD_PATH} enctype="multipart/form-data" class="form" aria-label="CSVファイルで登録">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="key" value={p.key} />
          <SelectField
            id={CSV_REASON}
            name="reason"
            label="理由"
            options={REASON_OPTIONS}
            value={p.csvReason}
            error={p.csvErrors?.[CSV_REASON]}
            placeholder="選んでください"
            required
          />
          <div class={p.csvErrors?.file ? 'field field--error' : 'field'}>
            <label class="field__label" for="file">
              CSVファイル
              <span class="field__required" aria-hidden="true">
                ※必須
              </span>
            </label>
            {p.csvErrors?.file ? (
              <p class="field__error" id="file-error" safe>
                {p.csvErrors.file}
              </p>
            ) : (
              ''
            )}
            <input
              class="field__input"
              type="file"
              id="file"
              name="file"
              accept=".csv,text/csv"
              required
              aria-required="true"
              aria-invalid={p.csvErrors?.file ? 'true' : undefined}
              aria-describedby={p.csvErrors?.file ? 'file-error file-hint' : 'file-hint'}
            />
            <p class="field__hint" id="file-hint">
              1行目が見出しで、列は「機関コード,開始日,終了日,区分,変更後の時間,備考」です。機関コードの列には、医療機関マスタの機関コードか、医療情報ネットの13桁のID（オープンデータのID）を入れます。区分は「休診」か「時間変更」、変更後の時間は「10:00-15:00」のように書きます（時間変更のときだけ）。文字コードは
              UTF-8（BOM付き・なし）か Shift_JIS です。 <a href={TEMPLATE_PATH}>見本のファイル</a>
            </p>
          </div>
          <div class="actions actions--tight">
            <button type="submit" class="button button--secondary" name="step" value="check" data-action="closure-csv-check">
              確認のみ
            </button>
            <button type="submit" class="button button--primary" name="step" value="apply" data-action="closure-csv-apply">
              登録する
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="filter-title">
        <h2 class="section-title" id="filter-title">
          条件で選んで登録する
        </h2>
        <ErrorSummary errors={fe} />
        <form method="post" action={FILTER_PATH} class="form" aria-label="条件で選んで登録">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="key" value={p.key} />
          <SelectField
            name="municipality"
            label="市区町村"
            options={[{ value: '', label: '管轄のすべて' }, ...p.municipalities.map((code) => ({ value: code, label: municipality(code)?.name ?? code }))]}
            value={f.municipality ?? ''}
            error={fe.municipality}
          />
          <fieldset class="fieldset" id="kinds">
            <legend class="fieldset__legend">機関区分（選ばないときはすべて）</legend>
            {fe.kinds ? (
              <p class="field__error" safe>
                {fe.kinds}
              </p>
            ) : (
              ''
            )}
            {INSTITUTION_KINDS.map((k) => (
              <label class="checkbox">
                <input type="checkbox" name="kinds" value={k} checked={f.kinds?.includes(k) ?? false} />
                <span>{k}</span>
              </label>
            ))}
          </fieldset>
          <TextAreaField
            name="codes"
            label="機関コードの一覧（指定するときだけ）"
            value={f.codes}
            error={fe.codes}
            hint="入力すると、市区町村と機関区分の条件ではなく、この一覧の医療機関・薬局だけを登録します。1行に1つか、「,」で区切ります。"
            rows={3}
          />
          <TextField name="starts_on" label="開始日" value={f.startsOn} error={fe.starts_on} hint="例: 2026-12-29" required />
          <TextField name="ends_on" label="終了日" value={f.endsOn} error={fe.ends_on} hint="例: 2027-01-03（この日も含みます）" required />
          <SelectField name="closure_mode" label="区分" options={MODE_OPTIONS} value={f.mode ?? 'closed'} error={fe.closure_mode} required />
          <TextField
            name="hours"
            label="変更後の時間（時間変更のとき）"
            value={f.hours}
            error={fe.hours}
            hint="例: 10:00-15:00（2つの時間帯は 9:00-12:00,14:00-17:00）"
          />
          <TextField name="note" label="備考" value={f.note} error={fe.note} hint="医療情報ネットにそのまま表示されます（200文字まで）" maxlength={400} />
          <SelectField name="reason" label="理由" options={REASON_OPTIONS} value={f.reason} error={fe.reason} placeholder="選んでください" required />
          <div class="actions actions--tight">
            <button type="submit" class="button button--secondary" name="step" value="check" data-action="closure-filter-check">
              確認のみ
            </button>
            <button type="submit" class="button button--primary" name="step" value="apply" data-action="closure-filter-apply">
              登録する
            </button>
          </div>
        </form>
      </section>
    </PortalPage>
  );
}

/** One batch: what it registered, and 取り消す while it stands. */
export function ClosureBatchPage(p: {
  viewer: Account;
  csrf: string;
  batch: ClosureBatch;
  closures: ReadonlyArray<TemporaryClosure & { institution_code: string; name: string }>;
  flash?: Flash | undefined;
  mayUndo: boolean;
}): JSX.Element {
  const b = p.batch;
  return (
    <PortalPage title="臨時休診の一括登録" viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <Breadcrumb here={formatJst(b.created_at)} />
      <h1 class="page-title">臨時休診の一括登録</h1>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      <dl class="summary-list">
        <dt>登録日時</dt>
        <dd safe>{formatJst(b.created_at)}</dd>
        <dt>理由</dt>
        <dd safe>{b.reason}</dd>
        <dt>件数</dt>
        <dd data-closures={String(b.closures)} safe>{`${b.closures.toLocaleString('ja-JP')}件`}</dd>
        <dt>状態</dt>
        <dd data-state={b.undone_at ? 'undone' : 'applied'}>
          {b.undone_at ? `取り消し済（${formatJst(b.undone_at)}）` : '登録中（医療情報ネットに表示しています）'}
        </dd>
      </dl>
      {!b.undone_at && p.mayUndo ? (
        <form method="post" action={`${batchPath(b.id)}/undo`} class="form" aria-label="この一括登録を取り消す">
          <CsrfField token={p.csrf} />
          <p>取り消すと、この一括登録のすべての臨時休診が消え、医療情報ネットの表示も元に戻ります。</p>
          <button type="submit" class="button button--secondary" data-action="closure-undo">
            この一括登録を取り消す
          </button>
        </form>
      ) : (
        ''
      )}
      {p.closures.length ? (
        <section aria-labelledby="closures-title">
          <h2 class="section-title" id="closures-title">
            登録した臨時休診
          </h2>
          <div class="report-table-scroll" tabindex="0" role="region" aria-label="登録した臨時休診の表">
            <table class="report-table">
              <caption class="visually-hidden">この一括登録の臨時休診。機関コード順</caption>
              <thead>
                <tr>
                  <th scope="col">機関コード</th>
                  <th scope="col">名称</th>
                  <th scope="col">期間</th>
                  <th scope="col">区分</th>
                  <th scope="col">備考</th>
                </tr>
              </thead>
              <tbody>
                {p.closures.map((c) => (
                  <tr data-facility={c.facility_id}>
                    <td safe>{c.institution_code}</td>
                    <td safe>{c.name}</td>
                    <td safe>{range(c.starts_on, c.ends_on)}</td>
                    <td safe>{c.mode === 'hours' ? `${MODE_LABELS.hours}（${formatBands(bandsOf(c))}）` : MODE_LABELS.closed}</td>
                    <td safe>{c.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {b.closures > p.closures.length ? <p class="muted" safe>{`ほか${b.closures - p.closures.length}件`}</p> : ''}
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={CLOSURES_PATH}>一括登録の一覧へ戻る</a>
      </p>
    </PortalPage>
  );
}
