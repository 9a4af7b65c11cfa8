// The prefecture's 報告確認: the list with the year's counts and filters, one report item by item
// against what is published (差異表示, with 「変更のある項目だけ表示」), 確認 and 差戻し; the reporting
// windows and the publication setting; an institution's publication with 公表停止 and its lifting
// (each asked once more before it is done).
import type { Account, Institution, InstitutionKind, PublicationStop, PublishedFacility, PublishOn, Report } from '../../../db/schema.ts';
import { INSTITUTION_KINDS, REPORT_KINDS } from '../../../db/schema.ts';
import { municipality } from '../../../institutions/places.ts';
import { formatDay, formatJst, formatJstDate } from '../../../platform/japanese/time.ts';
import { can } from '../../../policies.ts';
import type { CatalogueField, ItemDiff, KindCatalogue, ReportValues } from '../../../reporting/catalogue/types.ts';
import { reiwaLabel } from '../../../reporting/fiscal-year.ts';
import type { ReportingWindow } from '../../../reporting/periods.ts';
import { REPORT_KIND_LABELS, REPORT_STATE_LABELS, STATUS_KINDS, UNREPORTED_LABEL } from '../../../reporting/report.ts';
import type { QueueRow } from '../../../reporting/report-repository.ts';
import type { AnnualProgress } from '../../../reporting/review-progress.ts';
import { COMMENT_MAX } from '../../../reporting/review.ts';
import { STOP_REASON_MAX } from '../../../reporting/publication.ts';
import { CsrfField, DateField, ErrorSummary, Notice, TextAreaField, type FieldErrors } from '../../../web/forms.tsx';
import { Pager } from '../../../web/pager.tsx';
import { FieldValueView } from '../../../web/report-values.tsx';
import type { Flash } from '../flash.ts';
import { PortalPage } from '../portal/layout.tsx';
import { LIST_STATES, type ListQuery, type ListState } from './schema.ts';
import { STATUS_EFFECT, StatusReportContent } from './status-content.tsx';

export const REPORTS_PATH = '/review/reports';
export const PERIODS_PATH = '/review/reporting-periods';
export const SETTINGS_PATH = '/review/reporting-settings';
export const PUBLICATIONS_PATH = '/review/publications';

const STYLES = ['/static/css/facility.css', '/static/css/report-review.css'];

const placeName = (code: string) => municipality(code)?.name ?? code;
const STATE_LABELS: Record<ListState, string> = { ...REPORT_STATE_LABELS, unreported: UNREPORTED_LABEL };
const SCHEME_LABELS = { medical: '医療機能情報提供制度', pharmacy: '薬局機能情報提供制度' } as const;
const percent = (rate: number) => `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`;

function FlashNotice(p: { flash: Flash | undefined }): JSX.Element {
  return p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : <></>;
}

/** A select of a filter: 「すべて」 first (the 医療機関マスタ search uses it too). */
export function FilterSelect(p: {
  id: string;
  label: string;
  value: string | undefined;
  options: ReadonlyArray<{ value: string; label: string }>;
  all?: string;
}): JSX.Element {
  return (
    <div class="field">
      <label class="field__label" for={p.id} safe>
        {p.label}
      </label>
      <select class="field__input field__select" id={p.id} name={p.id}>
        {p.all === undefined ? (
          ''
        ) : (
          <option value="" safe>
            {p.all}
          </option>
        )}
        {p.options.map((o) => (
          <option value={o.value} selected={p.value === o.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export type UnreportedRow = { id: string; kind: InstitutionKind; institution_code: string; name: string; municipality_code: string };

export function ReportListPage(p: {
  viewer: Account;
  csrf: string;
  query: ListQuery;
  fiscalYear: number;
  years: number[];
  progress: AnnualProgress;
  municipalities: ReadonlyArray<{ code: string; name: string }>;
  reports: QueueRow[];
  unreported: UnreportedRow[];
  total: number;
  pageSize: number;
  canSeePeriods: boolean;
  flash?: Flash | undefined;
}): JSX.Element {
  const q = p.query;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const narrowing = Object.fromEntries(
    Object.entries({
      fy: String(p.fiscalYear),
      kind: q.kind,
      institution_kind: q.institution_kind,
      municipality: q.municipality,
      state: q.state,
      q: q.q,
    }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  const pageHref = (page: number) => `${REPORTS_PATH}?${new URLSearchParams({ ...narrowing, page: String(page) })}`;
  const pr = p.progress;
  const fy = reiwaLabel(p.fiscalYear);
  return (
    <PortalPage title="報告確認" viewer={p.viewer} csrf={p.csrf} current="reports" styles={STYLES}>
      <h1 class="page-title">報告確認</h1>
      <p>
        管轄の医療機関・薬局から届いた医療機能情報・薬局機能情報の報告です。報告を開くと、いま公表している内容と項目ごとに並べて確認し、確認（公表）または差戻しができます。
      </p>
      <FlashNotice flash={p.flash} />
      {p.canSeePeriods ? (
        <p>
          <a href={PERIODS_PATH}>報告期間と公表のしかた</a>
        </p>
      ) : (
        ''
      )}
      {can(p.viewer, 'report_import.use') ? (
        <p>
          <a href={`${REPORTS_PATH}/import`}>CSVで報告を入力</a>
        </p>
      ) : (
        ''
      )}
      <section class="card review-progress" aria-labelledby="progress-title">
        <h2 class="section-title" id="progress-title" safe>
          {`${fy}の報告状況（新規報告・定期報告）`}
        </h2>
        <dl class="review-progress__counts">
          <div>
            <dt>対象</dt>
            <dd data-count="targets">{pr.targets}件</dd>
          </div>
          <div>
            <dt>報告済</dt>
            <dd data-count="reported">{pr.reported}件</dd>
          </div>
          <div>
            <dt>確認済</dt>
            <dd data-count="accepted">{pr.accepted}件</dd>
          </div>
          <div>
            <dt>{UNREPORTED_LABEL}</dt>
            <dd data-count="unreported">{pr.unreported}件</dd>
          </div>
          <div>
            <dt>報告率</dt>
            <dd data-count="rate" safe>
              {percent(pr.rate)}
            </dd>
          </div>
        </dl>
        <p class="muted">報告済には再報告済と差戻し中を含みます。報告率は、報告済と確認済を合わせた割合です。</p>
      </section>
      <form method="get" action={REPORTS_PATH} class="card form filter-form review-filter" role="search" aria-label="報告の絞り込み">
        <div class="field-row">
          <FilterSelect id="fy" label="年度" value={String(p.fiscalYear)} options={p.years.map((y) => ({ value: String(y), label: reiwaLabel(y) }))} />
          <FilterSelect
            id="state"
            label="状態"
            value={q.state}
            all="報告済・再報告済・差戻し・確認済"
            options={LIST_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
          />
          <FilterSelect
            id="kind"
            label="報告の種類"
            value={q.kind}
            all="すべて"
            options={REPORT_KINDS.map((k) => ({ value: k, label: REPORT_KIND_LABELS[k] }))}
          />
          <FilterSelect
            id="institution_kind"
            label="機関区分"
            value={q.institution_kind}
            all="すべて"
            options={INSTITUTION_KINDS.map((k) => ({ value: k, label: k }))}
          />
          {p.municipalities.length > 0 ? (
            <FilterSelect
              id="municipality"
              label="市区町村"
              value={q.municipality}
              all="すべて"
              options={p.municipalities.map((m) => ({ value: m.code, label: m.name }))}
            />
          ) : (
            ''
          )}
          <div class="field">
            <label class="field__label" for="q">
              キーワード
            </label>
            <input class="field__input" id="q" name="q" value={q.q ?? ''} maxlength={100} placeholder="機関名・フリガナ・機関コード" />
          </div>
        </div>
        <button type="submit" class="button button--secondary">
          絞り込む
        </button>
      </form>
      <p aria-live="polite">{p.total}件</p>
      {p.total === 0 ? (
        <p class="muted">該当するものはありません。</p>
      ) : q.state === 'unreported' ? (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption class="visually-hidden" safe>
              {`${fy}に報告していない医療機関・薬局`}
            </caption>
            <thead>
              <tr>
                <th scope="col">機関コード</th>
                <th scope="col">機関名</th>
                <th scope="col">機関区分</th>
                <th scope="col">市区町村</th>
                <th scope="col">公表</th>
              </tr>
            </thead>
            <tbody>
              {p.unreported.map((i) => (
                <tr>
                  <td class="mono" safe>
                    {i.institution_code}
                  </td>
                  <td safe>{i.name}</td>
                  <td>{i.kind}</td>
                  <td safe>{placeName(i.municipality_code)}</td>
                  <td>
                    <a href={`${PUBLICATIONS_PATH}/${encodeURIComponent(i.id)}`}>公表の状態</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption class="visually-hidden">報告の一覧</caption>
            <thead>
              <tr>
                <th scope="col">機関名</th>
                <th scope="col">機関区分</th>
                <th scope="col">市区町村</th>
                <th scope="col">報告の種類</th>
                <th scope="col">報告日時</th>
                <th scope="col">変更項目</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {p.reports.map((r) => (
                <tr data-report={r.id}>
                  <td>
                    <a href={`${REPORTS_PATH}/${encodeURIComponent(r.id)}`} safe>
                      {r.institution_name}
                    </a>
                    <br />
                    <span class="muted mono" safe>
                      {r.institution_code}
                    </span>
                  </td>
                  <td>{r.institution_kind}</td>
                  <td safe>{placeName(r.municipality_code)}</td>
                  <td safe>{`${reiwaLabel(r.fiscal_year)} ${REPORT_KIND_LABELS[r.kind]}`}</td>
                  <td safe>{r.submitted_at === null ? '—' : formatJst(r.submitted_at)}</td>
                  <td safe>{r.changed_items === null ? '—' : `${r.changed_items}件`}</td>
                  <td safe>{REPORT_STATE_LABELS[r.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={q.page} pages={pages} href={pageHref} label="報告の一覧のページ" />
    </PortalPage>
  );
}

/** An item of the diff with what each of its fields is in the catalogue. */
interface DiffRow {
  diff: ItemDiff;
  label: string;
  fields: Array<{ cf: CatalogueField | undefined; label: string; before: ItemDiff['fields'][number]['before']; after: ItemDiff['fields'][number]['after'] }>;
}

const BADGES: Record<Exclude<ItemDiff['status'], 'same'>, string> = {
  changed: '変更あり',
  added: '変更あり',
  removed: '変更あり',
  new_item: '変更あり',
  dropped_item: '変更あり',
};
const DETAIL: Partial<Record<ItemDiff['status'], string>> = {
  added: '（追加）',
  removed: '（削除）',
  new_item: '（今年度からの項目）',
  dropped_item: '（今年度はない項目）',
};

/** Whether the item holds a table (timetable, matrix) that needs the width of both columns. */
const wide = (row: DiffRow) => row.fields.some((f) => f.cf?.field.kind === 'timetable' || f.cf?.field.kind === 'matrix');

function Side(p: { cat: KindCatalogue; row: DiffRow; side: 'before' | 'after'; compare: boolean }): JSX.Element {
  const shown = p.row.fields.filter((f) => f.before !== undefined || f.after !== undefined);
  if (shown.length === 0 || shown.every((f) => f[p.side] === undefined)) return <span class="muted">（なし）</span>;
  const value = (f: DiffRow['fields'][number]) =>
    f.cf ? (
      <FieldValueView
        cat={p.cat}
        cf={f.cf}
        value={f[p.side]}
        other={p.side === 'after' ? f.before : f.after}
        compare={p.compare}
        context={p.side === 'after' ? '今回の報告' : '公表中の内容'}
      />
    ) : (
      <span safe>{f[p.side] === undefined ? '（なし）' : JSON.stringify(f[p.side])}</span>
    );
  // An item of one field shows its value alone; several are listed by field.
  if (p.row.fields.length === 1) return <div class="diff-value">{value(shown[0]!)}</div>;
  return (
    <dl class="diff-fields">
      {shown.map((f) => (
        <>
          <dt safe>{f.label}</dt>
          <dd>{value(f)}</dd>
        </>
      ))}
    </dl>
  );
}

export function ReportReviewPage(p: {
  viewer: Account;
  csrf: string;
  report: Report;
  institution: Institution;
  catalogue: KindCatalogue;
  diff: ItemDiff[];
  comparedAt: number | undefined;
  onlyChanges: boolean;
  mayDecide: boolean;
  publishOn: PublishOn;
  canSeePublication: boolean;
  /** 休止・廃止・再開: what the report says (shown instead of 差異表示). */
  reported?: ReportValues;
  errors?: FieldErrors;
  values?: { comment?: string };
  flash?: Flash | undefined;
}): JSX.Element {
  const r = p.report;
  const cat = p.catalogue;
  const e = p.errors ?? {};
  const title = `${p.institution.name}　${reiwaLabel(r.fiscal_year)} ${REPORT_KIND_LABELS[r.kind]}`;
  const rows: DiffRow[] = p.diff
    .filter((d) => d.fields.some((f) => f.before !== undefined || f.after !== undefined))
    .map((d) => {
      const item = cat.itemsById.get(d.itemId);
      return {
        diff: d,
        label: item?.label.ja ?? d.itemId,
        fields: d.fields.map((f) => {
          const cf = cat.fields.get(f.path);
          return { cf, label: cf?.field.label.ja ?? f.fieldId, before: f.before, after: f.after };
        }),
      };
    });
  const changed = rows.filter((row) => row.diff.status !== 'same');
  const bySection = cat.sections
    .map((s) => ({ section: s, rows: rows.filter((row) => s.items.some((i) => i.id === row.diff.itemId) && (!p.onlyChanges || row.diff.status !== 'same')) }))
    .filter((s) => s.rows.length > 0);
  const here = `${REPORTS_PATH}/${encodeURIComponent(r.id)}`;
  return (
    <PortalPage title={`${title} - 報告確認`} viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <p>
        <a href={REPORTS_PATH}>報告の一覧へ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {title}
      </h1>
      <FlashNotice flash={p.flash} />
      <ErrorSummary errors={e} />
      <dl class="confirm-list card">
        <dt>状態</dt>
        <dd data-report-state={r.state} safe>
          {REPORT_STATE_LABELS[r.state]}
        </dd>
        <dt>報告日時</dt>
        <dd safe>{r.submitted_at === null ? '—' : formatJst(r.submitted_at)}</dd>
        <dt>比べている内容</dt>
        <dd safe>
          {p.comparedAt === undefined ? '公表中の内容はありません（すべての項目が今回の報告で新しく入ります）。' : `${formatJst(p.comparedAt)}に公表した内容`}
        </dd>
        {r.decided_at !== null ? (
          <>
            <dt>処理日時</dt>
            <dd safe>{formatJst(r.decided_at)}</dd>
          </>
        ) : (
          ''
        )}
        {r.state === 'returned' && r.decision_comment ? (
          <>
            <dt>差戻しの理由</dt>
            <dd class="values-multiline" safe>
              {r.decision_comment}
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {p.canSeePublication ? (
        <p>
          <a href={`${PUBLICATIONS_PATH}/${encodeURIComponent(r.institution_id)}`}>この医療機関の公表の状態（公表停止）</a>
        </p>
      ) : (
        ''
      )}
      {STATUS_KINDS.includes(r.kind) ? (
        <StatusReportContent kind={r.kind} catalogue={cat} values={p.reported ?? {}} />
      ) : (
        <>
          <h2 class="section-title">差異表示</h2>
          <p data-changed-count={String(changed.length)} safe>
            {changed.length === 0
              ? '公表中の内容から変わった項目はありません。'
              : `公表中の内容から変わった項目が${changed.length}件あります。変わった値には印を付けています。`}
          </p>
          <p class="diff-toggle">{p.onlyChanges ? <a href={here}>すべての項目を表示</a> : <a href={`${here}?only=changes`}>変更のある項目だけ表示</a>}</p>
        </>
      )}
      {bySection.map(({ section, rows: sectionRows }) => (
        <div class="sso-table-scroll diff-scroll" tabindex="0" role="region" aria-label={section.label.ja}>
          <table class="sso-table diff-table">
            <caption safe>{section.label.ja}</caption>
            <thead>
              <tr>
                <th scope="col">項目</th>
                <th scope="col">公表中の内容</th>
                <th scope="col">今回の報告</th>
              </tr>
            </thead>
            <tbody>
              {sectionRows.map((row) => {
                const isChanged = row.diff.status !== 'same';
                return (
                  <tr
                    class={isChanged ? 'diff-table__changed' : undefined}
                    data-item={row.diff.itemId}
                    data-item-changed={isChanged ? row.diff.itemId : undefined}
                  >
                    <th scope="row">
                      <span safe>{row.label}</span>
                      {isChanged ? (
                        <>
                          {' '}
                          <strong class="diff-badge" safe>
                            {BADGES[row.diff.status as Exclude<ItemDiff['status'], 'same'>]}
                          </strong>
                          <span class="muted" safe>
                            {DETAIL[row.diff.status] ?? ''}
                          </span>
                        </>
                      ) : (
                        ''
                      )}
                    </th>
                    {wide(row) ? (
                      // A timetable or a matrix is too wide for two columns: both sides one above the other, each named.
                      <td colspan={2} class="diff-table__stacked">
                        <p class="diff-side-label">公表中の内容</p>
                        <Side cat={cat} row={row} side="before" compare={isChanged} />
                        <p class="diff-side-label">今回の報告</p>
                        <Side cat={cat} row={row} side="after" compare={isChanged} />
                      </td>
                    ) : (
                      <>
                        <td>
                          <Side cat={cat} row={row} side="before" compare={isChanged} />
                        </td>
                        <td>
                          <Side cat={cat} row={row} side="after" compare={isChanged} />
                        </td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      {p.mayDecide ? (
        <>
          <h2 class="section-title">確認・差戻し</h2>
          <form method="post" action={`${here}/accept`} class="card form">
            <CsrfField token={p.csrf} />
            <p>
              {p.publishOn === 'accept'
                ? (STATUS_EFFECT[r.kind] ?? '確認すると、この報告の内容を医療情報ネットに公表し、医療機関にメールでお知らせします。')
                : 'この都道府県は報告と同時に公表しています。確認すると、報告を確認済にして医療機関にメールでお知らせします。'}
            </p>
            <button type="submit" class="button button--primary">
              確認する
            </button>
          </form>
          <form method="post" action={`${here}/return`} class="card form" novalidate>
            <CsrfField token={p.csrf} />
            <TextAreaField
              name="comment"
              label="差戻しの理由"
              value={p.values?.comment}
              error={e.comment}
              hint={`医療機関のご担当者にメールでお伝えします。直してほしい項目と理由を具体的に書いてください（${COMMENT_MAX}文字以内）。`}
              required
              rows={4}
              maxlength={COMMENT_MAX * 2}
            />
            <button type="submit" class="button button--secondary">
              差し戻す
            </button>
          </form>
        </>
      ) : (
        ''
      )}
    </PortalPage>
  );
}

export function PeriodsPage(p: {
  viewer: Account;
  csrf: string;
  windows: ReportingWindow[];
  /** The prefecture the actor may set windows for (none: view only). */
  prefectureCode: string | undefined;
  prefectureName: string | undefined;
  publishOn: PublishOn | undefined;
  years: number[];
  errors?: FieldErrors;
  values?: Partial<Record<'fiscal_year' | 'scheme' | 'opens_on' | 'closes_on' | 'reference_date' | 'publish_on', string>>;
  flash?: Flash | undefined;
}): JSX.Element {
  const e = p.errors ?? {};
  const v = p.values ?? {};
  return (
    <PortalPage title="報告期間と公表のしかた" viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <p>
        <a href={REPORTS_PATH}>報告確認へ戻る</a>
      </p>
      <h1 class="page-title">報告期間と公表のしかた</h1>
      <FlashNotice flash={p.flash} />
      <ErrorSummary errors={e} />
      <p>定期報告を受け付ける期間を、年度と制度ごとに決めます。期間の外では、医療機関は定期報告を始められません（新規報告と随時報告はいつでもできます）。</p>
      <div class="sso-table-scroll">
        <table class="sso-table">
          <caption>設定した報告期間</caption>
          <thead>
            <tr>
              {p.prefectureCode ? '' : <th scope="col">都道府県</th>}
              <th scope="col">年度</th>
              <th scope="col">制度</th>
              <th scope="col">受付開始日</th>
              <th scope="col">受付終了日</th>
              <th scope="col">報告基準日</th>
            </tr>
          </thead>
          <tbody>
            {p.windows.length === 0 ? (
              <tr>
                <td colspan={p.prefectureCode ? 5 : 6} class="muted">
                  まだ設定していません。
                </td>
              </tr>
            ) : (
              p.windows.map((w) => (
                <tr data-period={`${w.fiscalYear}:${w.scheme}`}>
                  {p.prefectureCode ? '' : <td safe>{w.prefectureCode}</td>}
                  <td safe>{reiwaLabel(w.fiscalYear)}</td>
                  <td>{SCHEME_LABELS[w.scheme]}</td>
                  <td safe>{formatJstDate(w.opensAt)}</td>
                  <td safe>{formatJstDate(w.closesAt - 1)}</td>
                  <td safe>{formatDay(w.referenceDate)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {p.prefectureCode ? (
        <>
          <form method="post" action={PERIODS_PATH} class="card form" novalidate>
            <CsrfField token={p.csrf} />
            <h2 class="section-title" safe>
              {`${p.prefectureName ?? ''}の報告期間を設定する`}
            </h2>
            <p class="muted">同じ年度・制度の期間がすでにあるときは、置き換えます。受付終了日の終わり（24時）まで受け付けます。</p>
            <div class="field-row">
              <div class={e.fiscal_year ? 'field field--error' : 'field'}>
                <label class="field__label" for="fiscal_year">
                  年度
                </label>
                <select class="field__input field__select" id="fiscal_year" name="fiscal_year">
                  {p.years.map((y) => (
                    <option value={String(y)} selected={v.fiscal_year === String(y)} safe>
                      {reiwaLabel(y)}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset class={e.scheme ? 'fieldset field field--error' : 'fieldset field'}>
                <legend class="fieldset__legend field__label">制度</legend>
                {e.scheme ? (
                  <p class="field__error" safe>
                    {e.scheme}
                  </p>
                ) : (
                  ''
                )}
                {(['medical', 'pharmacy'] as const).map((s) => (
                  <label class="checkbox">
                    <input type="radio" name="scheme" value={s} checked={(v.scheme ?? 'medical') === s} />
                    <span>{SCHEME_LABELS[s]}</span>
                  </label>
                ))}
              </fieldset>
            </div>
            <div class="field-row">
              <DateField name="opens_on" label="受付開始日" value={v.opens_on} error={e.opens_on} required />
              <DateField name="closes_on" label="受付終了日" value={v.closes_on} error={e.closes_on} required />
              <DateField
                name="reference_date"
                label="報告基準日"
                value={v.reference_date}
                error={e.reference_date}
                hint="医療機能は1月1日、薬局機能は12月31日が通例です。"
                required
              />
            </div>
            <button type="submit" class="button button--primary">
              報告期間を保存する
            </button>
          </form>
          <form method="post" action={SETTINGS_PATH} class="card form" novalidate>
            <CsrfField token={p.csrf} />
            <fieldset class={e.publish_on ? 'fieldset field field--error' : 'fieldset field'}>
              <legend class="fieldset__legend section-title">公表のしかた</legend>
              {e.publish_on ? (
                <p class="field__error" safe>
                  {e.publish_on}
                </p>
              ) : (
                ''
              )}
              <label class="checkbox">
                <input type="radio" name="publish_on" value="accept" checked={(v.publish_on ?? p.publishOn) === 'accept'} />
                <span>確認後に公表（都道府県が確認した報告だけを公表します）</span>
              </label>
              <label class="checkbox">
                <input type="radio" name="publish_on" value="submit" checked={(v.publish_on ?? p.publishOn) === 'submit'} />
                <span>報告と同時に公表（報告された内容をすぐ公表し、あとから確認します）</span>
              </label>
            </fieldset>
            <button type="submit" class="button button--secondary">
              公表のしかたを保存する
            </button>
          </form>
        </>
      ) : (
        ''
      )}
    </PortalPage>
  );
}

export type PublicationAction = 'stop' | 'lift';
const ACTION_WORDS: Record<PublicationAction, { label: string; button: string; confirm: string; hint: string; ask: string }> = {
  stop: {
    label: '公表停止の理由',
    button: '公表を停止する',
    confirm: '停止する',
    hint: `医療機関のご担当者にメールでお伝えします（${STOP_REASON_MAX}文字以内）。`,
    ask: '公表を停止しますか',
  },
  lift: {
    label: '解除の理由',
    button: '公表停止を解除する',
    confirm: '解除する',
    hint: `医療機関のご担当者にメールでお伝えします（${STOP_REASON_MAX}文字以内）。`,
    ask: '公表停止を解除しますか',
  },
};

function publicationState(f: PublishedFacility | undefined): string {
  if (!f) return 'まだ公表していません（確認済の報告がありません）。';
  if (f.stopped_at !== null) return `公表停止中（${formatJst(f.stopped_at)}から）`;
  if (f.closed_at !== null) return '廃止のため公表していません。';
  if (f.withheld !== null) return '外来区分により公表していません。';
  if (f.lapsed_at !== null) return `${reiwaLabel(f.lapsed_fiscal_year ?? 0)}の定期報告がないため公表していません。`;
  return f.suspended_since ? `公表中（${formatDay(f.suspended_since)}から休止中）` : '公表中';
}

export function PublicationPage(p: {
  viewer: Account;
  csrf: string;
  institution: Institution;
  facility: PublishedFacility | undefined;
  stops: PublicationStop[];
  pageUrl: string | undefined;
  mayStop: boolean;
  errors?: FieldErrors;
  values?: { reason?: string };
  flash?: Flash | undefined;
}): JSX.Element {
  const f = p.facility;
  const e = p.errors ?? {};
  const action: PublicationAction | undefined = !f ? undefined : f.stopped_at === null ? 'stop' : 'lift';
  const here = `${PUBLICATIONS_PATH}/${encodeURIComponent(p.institution.id)}`;
  return (
    <PortalPage title={`${p.institution.name}の公表 - 報告確認`} viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <p>
        <a href={REPORTS_PATH}>報告確認へ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {`${p.institution.name}の公表`}
      </h1>
      <FlashNotice flash={p.flash} />
      <ErrorSummary errors={e} />
      <dl class="confirm-list card">
        <dt>公表の状態</dt>
        <dd data-publication-state={f ? (f.visible === 1 ? 'visible' : 'hidden') : 'none'} safe>
          {publicationState(f)}
        </dd>
        {f ? (
          <>
            <dt>公表日</dt>
            <dd safe>{formatJst(f.published_at)}</dd>
          </>
        ) : (
          ''
        )}
        {f?.stop_reason ? (
          <>
            <dt>公表停止の理由</dt>
            <dd class="values-multiline" safe>
              {f.stop_reason}
            </dd>
          </>
        ) : (
          ''
        )}
        {p.pageUrl ? (
          <>
            <dt>医療情報ネットのページ</dt>
            <dd>
              <a href={p.pageUrl} safe>
                {p.pageUrl}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {p.mayStop && action ? (
        <form method="post" action={`${here}/${action}`} class="card form" novalidate>
          <CsrfField token={p.csrf} />
          <p>
            {action === 'stop'
              ? '問い合わせへの回答を待つ間などに、医療情報ネットでこの医療機関の情報を表示しないようにします。解除するまで表示されません。'
              : '解除すると、医療情報ネットにこの医療機関の情報がふたたび表示されます。'}
          </p>
          <TextAreaField
            name="reason"
            label={ACTION_WORDS[action].label}
            value={p.values?.reason}
            error={e.reason}
            hint={ACTION_WORDS[action].hint}
            required
            rows={3}
            maxlength={STOP_REASON_MAX * 2}
          />
          <button type="submit" class={action === 'stop' ? 'button button--danger' : 'button button--primary'} safe>
            {ACTION_WORDS[action].button}
          </button>
        </form>
      ) : (
        ''
      )}
      {p.stops.length > 0 ? (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption>公表停止の記録</caption>
            <thead>
              <tr>
                <th scope="col">停止</th>
                <th scope="col">理由</th>
                <th scope="col">解除</th>
                <th scope="col">解除の理由</th>
              </tr>
            </thead>
            <tbody>
              {p.stops.map((s) => (
                <tr>
                  <td safe>{formatJst(s.stopped_at)}</td>
                  <td safe>{s.reason}</td>
                  <td safe>{s.lifted_at === null ? '停止中' : formatJst(s.lifted_at)}</td>
                  <td safe>{s.lift_reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        ''
      )}
    </PortalPage>
  );
}

/** The second step of 公表停止 or its lifting: what will happen, the reason, and the button that does it. */
export function PublicationConfirmPage(p: { viewer: Account; csrf: string; institution: Institution; action: PublicationAction; reason: string }): JSX.Element {
  const w = ACTION_WORDS[p.action];
  const here = `${PUBLICATIONS_PATH}/${encodeURIComponent(p.institution.id)}`;
  return (
    <PortalPage title={`${w.ask} - 報告確認`} viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <h1 class="page-title" safe>
        {w.ask}
      </h1>
      <Notice
        kind="warning"
        title={
          p.action === 'stop' ? '医療情報ネットでこの医療機関のページが表示されなくなります。' : '医療情報ネットにこの医療機関のページがふたたび表示されます。'
        }
      >
        <p safe>{`対象：${p.institution.name}`}</p>
      </Notice>
      <dl class="confirm-list card">
        <dt safe>{w.label}</dt>
        <dd class="values-multiline" safe>
          {p.reason}
        </dd>
      </dl>
      <form method="post" action={`${here}/${p.action}`} class="form-actions">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="reason" value={p.reason} />
        <input type="hidden" name="confirm" value="1" />
        <button type="submit" class={p.action === 'stop' ? 'button button--danger' : 'button button--primary'} safe>
          {w.confirm}
        </button>
        <a class="button button--secondary" href={here}>
          やめる
        </a>
      </form>
    </PortalPage>
  );
}
