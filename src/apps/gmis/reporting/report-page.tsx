// A report's overview: its kind, fiscal year and state, the sections of the form with how far each is
// filled and what still stops 報告, and the buttons the state allows — 報告, 引き戻し, 破棄.
import type { Account, Report } from '../../../db/schema.ts';
import { reiwaLabel } from '../../../reporting/fiscal-year.ts';
import type { CatalogueField, ItemDiff, KindCatalogue, Section } from '../../../reporting/catalogue/types.ts';
import { FieldValueView } from '../../../web/report-values.tsx';
import type { VersionView } from '../../../reporting/reports.ts';
import { PART_LABELS } from '../../../reporting/catalogue/types.ts';
import { REPORT_KIND_LABELS, isEditable, isPending } from '../../../reporting/report.ts';
import { CsrfField, Notice } from '../../../web/forms.tsx';
import { DateText } from '../portal/layout.tsx';
import { ReportingFrame, schemeTitleOf, StateBadge } from './frame.tsx';

/** What the pages of one report read. */
export interface ReportView {
  report: Report;
  institutionName: string;
  cat: KindCatalogue;
  version: VersionView;
}

/** The sections the report's form has: a 随時報告 reports 基本情報 changes, so only the sections with 基本情報 items. */
export const formSections = (view: Pick<ReportView, 'report' | 'cat'>): readonly Section[] =>
  view.report.kind === 'change' ? view.cat.sections.filter((s) => s.items.some((i) => i.basic)) : view.cat.sections;

/** How far a section is filled: fields with a value, of those it has, and what stops 報告 in it. */
export interface SectionProgress {
  id: string;
  label: string;
  part: string;
  filled: number;
  fields: number;
  problems: string[];
}

/** The item a problem's key (a field path or an input name) belongs to. */
function itemOfKey(cat: KindCatalogue, key: string): string | undefined {
  const path = /^[fxtcm]\./.test(key) ? key.slice(2) : key;
  return cat.items.find((i) => path.startsWith(`${i.id}.`))?.id;
}

/** Each section's progress from the values and what stops 報告 (check.ts's problems by key). */
export function sectionProgress(view: Pick<ReportView, 'report' | 'cat'>, v: VersionView, problems: Readonly<Record<string, string>>): SectionProgress[] {
  const { cat } = view;
  return formSections(view).map((s) => {
    const ids = new Set(s.items.map((i) => i.id));
    const fields = [...cat.fields.values()].filter((f) => ids.has(f.item.id) && !(f.field.kind === 'timetable' && f.field.shares));
    return {
      id: s.id,
      label: s.label.ja,
      part: PART_LABELS[s.part].ja,
      filled: fields.filter((f) => v.values[f.path] !== undefined).length,
      fields: fields.length,
      problems: Object.entries(problems)
        .filter(([key]) => ids.has(itemOfKey(cat, key) ?? ''))
        .map(([, m]) => m),
    };
  });
}

export const reportTitle = (r: Report): string => `${reiwaLabel(r.fiscal_year)} ${REPORT_KIND_LABELS[r.kind]}`;

export function ReportPage(p: {
  viewer: Account;
  csrf: string;
  view: ReportView;
  progress: SectionProgress[];
  flash?: string | undefined;
  /** Why 報告 did not go through (with the sections' messages below). */
  problem?: string | undefined;
  /** The items that differ from what is published now (undefined: nothing is published yet). */
  changes?: ItemDiff[] | undefined;
}): JSX.Element {
  const { report, version, cat } = p.view;
  const title = reportTitle(report);
  const editable = isEditable(report.state);
  const remaining = p.progress.reduce((n, s) => n + s.problems.length, 0);
  const filled = p.progress.reduce((n, s) => n + s.filled, 0);
  const total = p.progress.reduce((n, s) => n + s.fields, 0);
  const base = `/reporting/reports/${report.id}`;
  return (
    <ReportingFrame title={title} viewer={p.viewer} csrf={p.csrf}>
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/">ホーム</a> ＞{' '}
        <a href="/reporting" safe>
          {schemeTitleOf(cat)}
        </a>{' '}
        ＞ <span safe>{title}</span>
      </nav>
      <h1 class="page-title" safe>
        {title}
      </h1>
      <p class="lead" safe>
        {p.view.institutionName}
      </p>
      {p.flash ? <Notice kind="success" title={p.flash} /> : ''}
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}
      {report.state === 'returned' && report.decision_comment ? (
        <Notice kind="warning" title="都道府県から差戻しがありました">
          <p class="preserve-lines" safe>
            {report.decision_comment}
          </p>
        </Notice>
      ) : (
        ''
      )}
      <dl class="summary-list summary-list--wide">
        <dt>状態</dt>
        <dd>
          <StateBadge state={report.state} />
        </dd>
        <dt>入力の進み具合</dt>
        <dd>
          <meter class="report-meter" min="0" max={String(total)} value={String(filled)} aria-label="入力済みの欄の割合"></meter>{' '}
          <span safe>{`${filled} / ${total} 欄を入力済み`}</span>
        </dd>
        <dt>最後の保存</dt>
        <dd>
          <DateText ms={version.savedAt} />
          <span safe>{`（第${version.version}版）`}</span> <a href={`${base}/versions`}>保存した版の一覧</a>
        </dd>
        {report.submitted_at !== null ? (
          <>
            <dt>報告日</dt>
            <dd>
              <DateText ms={report.submitted_at} />
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>

      <section aria-labelledby="sections-title">
        <h2 class="section-title" id="sections-title">
          報告する項目
        </h2>
        <ol class="report-sections">
          {p.progress.map((s) => (
            <li class="report-sections__item card" data-section={s.id}>
              <div class="report-sections__head">
                <span class="report-sections__part" safe>
                  {s.part}
                </span>
                {editable ? (
                  <a class="report-sections__name" href={`${base}/sections/${s.id}`} safe>
                    {s.label}
                  </a>
                ) : (
                  <span class="report-sections__name" safe>
                    {s.label}
                  </span>
                )}
              </div>
              <p class="report-sections__count">
                <span safe>{`${s.filled} / ${s.fields} 欄を入力済み`}</span>
                {s.problems.length > 0 ? (
                  <span class="badge report-badge--todo" safe>{`未入力・要修正 ${s.problems.length}件`}</span>
                ) : (
                  <span class="badge report-badge--done">報告できます</span>
                )}
              </p>
              {s.problems.length > 0 && editable ? (
                <details class="report-sections__problems">
                  <summary>直す必要がある項目を見る</summary>
                  <ul class="bullets">
                    {s.problems.map((m) => (
                      <li safe>{m}</li>
                    ))}
                  </ul>
                </details>
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
        {editable ? (
          <p>
            <a href={`${base}/sections/all`}>すべての項目を1ページで入力する</a>
          </p>
        ) : (
          ''
        )}
      </section>

      {p.changes !== undefined && (editable || isPending(report.state)) ? <Changes cat={cat} changes={p.changes} /> : ''}

      <section aria-labelledby="actions-title" class="report-actions">
        <h2 class="section-title" id="actions-title">
          報告・引き戻し
        </h2>
        {editable ? (
          <>
            <p>
              <span safe>{`「報告」を押すと、保存されている内容（第${version.version}版）が都道府県に報告されます。保存しただけでは報告されません。`}</span>
              {remaining > 0 ? <strong safe>{` いまは${remaining}件の項目を入力または修正する必要があります。`}</strong> : ''}
            </p>
            <div class="actions actions--tight">
              <form method="post" action={`${base}/submit`} class="inline-form">
                <CsrfField token={p.csrf} />
                <input type="hidden" name="base_version" value={String(version.version)} />
                <button type="submit" class="button button--primary" data-action="submit">
                  報告
                </button>
              </form>
              <form method="post" action={`${base}/discard`} class="inline-form">
                <CsrfField token={p.csrf} />
                <input type="hidden" name="base_version" value={String(version.version)} />
                <button type="submit" class="button button--ghost" data-action="discard" aria-describedby="discard-what">
                  破棄
                </button>
              </form>
            </div>
            <p class="muted" id="discard-what">
              「破棄」はこの報告をやめます。保存した版は記録として残りますが、続きの入力はできなくなります。
            </p>
          </>
        ) : isPending(report.state) ? (
          <>
            <p>都道府県の確認を待っています。確認される前なら、「引き戻し」で報告を取り消して修正できます。</p>
            <form method="post" action={`${base}/withdraw`} class="inline-form">
              <CsrfField token={p.csrf} />
              <input type="hidden" name="base_version" value={String(version.version)} />
              <button type="submit" class="button button--secondary" data-action="withdraw">
                引き戻し
              </button>
            </form>
          </>
        ) : (
          <p>この報告は終わっています。変更があるときは、医療機能情報提供制度の画面から随時報告をしてください。</p>
        )}
      </section>
    </ReportingFrame>
  );
}

/** 公表中の内容からの変更: each item that differs, field by field, what is published beside what this report says. */
function Changes(p: { cat: KindCatalogue; changes: ItemDiff[] }): JSX.Element {
  return (
    <section aria-labelledby="changes-title" data-changes={String(p.changes.length)}>
      <h2 class="section-title" id="changes-title">
        公表中の内容からの変更
      </h2>
      {p.changes.length === 0 ? (
        <p>いま公表されている内容と同じです。</p>
      ) : (
        <>
          <p safe>{`いま公表されている内容から変わる項目は${p.changes.length}件です。報告して都道府県に確認されると、この内容で公表されます。`}</p>
          <details class="report-changes">
            <summary>変わる項目を見る</summary>
            <div class="report-table-scroll">
              <table class="report-table">
                <caption class="visually-hidden">公表中の内容と今回の報告の比較</caption>
                <thead>
                  <tr>
                    <th scope="col">項目</th>
                    <th scope="col">公表中の内容</th>
                    <th scope="col">今回の報告</th>
                  </tr>
                </thead>
                <tbody>
                  {p.changes.flatMap((d) =>
                    d.fields
                      .filter((f) => f.status !== 'same')
                      .map((f) => ({ f, cf: p.cat.fields.get(f.path) }))
                      .filter((x): x is { f: (typeof d.fields)[number]; cf: CatalogueField } => x.cf !== undefined)
                      .map(({ f, cf }) => (
                        <tr data-item-changed={d.itemId}>
                          <th scope="row" safe>
                            {cf.item.label.ja === cf.field.label.ja ? cf.item.label.ja : `${cf.item.label.ja}（${cf.field.label.ja}）`}
                          </th>
                          <td>
                            <FieldValueView cat={p.cat} cf={cf} value={f.before} other={f.after} compare />
                          </td>
                          <td>
                            <FieldValueView cat={p.cat} cf={cf} value={f.after} other={f.before} compare />
                          </td>
                        </tr>
                      )),
                  )}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
