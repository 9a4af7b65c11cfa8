// A report's overview: its kind, fiscal year and state, the sections of the form with how far each is
// filled and what still stops 報告, and the buttons the state allows — 報告, 引き戻し, 破棄.
import type { Account, Report } from '../../../db/schema.ts';
import { reiwaLabel } from '../../../reporting/fiscal-year.ts';
import type { SectionProgress } from '../../../reporting/catalogue/progress.ts';
import type { CatalogueField, ItemDiff, KindCatalogue } from '../../../reporting/catalogue/types.ts';
import { FieldValueView } from '../../../web/report-values.tsx';
import { formProgress, formSections, type ReportView } from '../../../reporting/report-view.ts';
import { PART_LABELS } from '../../../reporting/catalogue/types.ts';
import { REPORT_KIND_LABELS, isEditable, isPending } from '../../../reporting/report.ts';
import { CsrfField, Notice } from '../../../web/forms.tsx';
import { DateText } from '../portal/layout.tsx';
import { CsvPanel } from './csv-panel.tsx';
import { ReportingFrame, schemeTitleOf, StateBadge } from './frame.tsx';

export type { ReportView };

/** A section's words on the overview: how many of its required fields are filled. */
export const filledText = (s: Pick<SectionProgress, 'required' | 'filled'>): string =>
  s.required === 0 ? '必須の欄はありません' : `必須の欄 ${s.filled} / ${s.required} を入力済み`;

export const reportTitle = (r: Report): string => `${reiwaLabel(r.fiscal_year)} ${REPORT_KIND_LABELS[r.kind]}`;

export function ReportPage(p: {
  viewer: Account;
  csrf: string;
  view: ReportView;
  flash?: string | undefined;
  /** Why 報告 did not go through (with the sections' messages below). */
  problem?: string | undefined;
  /** The items that differ from what is published now (undefined: nothing is published yet). */
  changes?: ItemDiff[] | undefined;
}): JSX.Element {
  const { report, version, cat } = p.view;
  const title = reportTitle(report);
  const editable = isEditable(report.state);
  // The one rule (formProgress), as the section pages count it too.
  const progress = formProgress(p.view);
  const remaining = Object.keys(progress.problems).length;
  const sections = formSections(p.view);
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
          <meter class="report-meter" min="0" max={String(progress.required)} value={String(progress.filled)} aria-label="入力済みの必須の欄の割合"></meter>{' '}
          <span safe>{filledText(progress)}</span>
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
          {progress.sections.map((s) => {
            const section = sections.find((f) => f.id === s.id)!;
            return (
              <li class="report-sections__item card" data-section={s.id}>
                <div class="report-sections__head">
                  {/* The law's parts (第一 …) are the medical and pharmacy tables'; 休止・廃止・再開 have none. */}
                  {cat.catalogue.scheme === 'status' ? (
                    ''
                  ) : (
                    <span class="report-sections__part" safe>
                      {PART_LABELS[section.part].ja}
                    </span>
                  )}
                  {editable ? (
                    <a class="report-sections__name" href={`${base}/sections/${s.id}`} safe>
                      {section.label.ja}
                    </a>
                  ) : (
                    <span class="report-sections__name" safe>
                      {section.label.ja}
                    </span>
                  )}
                </div>
                <SectionCount progress={s} />
                {s.problems > 0 && editable ? (
                  <details class="report-sections__problems">
                    <summary>直す必要がある項目を見る</summary>
                    {/* Each to its field, on the section's page with every problem of the section marked. */}
                    <ul class="bullets">
                      {Object.entries(s.byInput).map(([name, m]) => (
                        <li>
                          <a href={`${base}/sections/${s.id}?check=1#${name}`} safe>
                            {m}
                          </a>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : (
                  ''
                )}
              </li>
            );
          })}
        </ol>
        {editable ? (
          <p>
            <a href={`${base}/sections/all`}>すべての項目を1ページで入力する</a>
          </p>
        ) : (
          ''
        )}
      </section>

      <CsvPanel view={p.view} csrf={p.csrf} />

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

/** A section's count and badge, the same on the overview and on the section's own page (data-* for the tests). */
export function SectionCount(p: { progress: SectionProgress }): JSX.Element {
  const s = p.progress;
  return (
    <p class="report-sections__count" data-progress={s.id} data-required={String(s.required)} data-filled={String(s.filled)} data-problems={String(s.problems)}>
      <span safe>{filledText(s)}</span>
      {s.problems > 0 ? (
        <span class="badge report-badge--todo" safe>{`未入力・要修正 ${s.problems}件`}</span>
      ) : (
        <span class="badge report-badge--done">報告できます</span>
      )}
    </p>
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
