// One section of the report form (or every section: `all`): the items of the catalogue with their
// fields, what was typed kept and each message beside its field, saved with the version it was
// filled on (base_version) so a save made meanwhile elsewhere is a conflict, never an overwrite.
import type { Account } from '../../../db/schema.ts';
import type { Section } from '../../../reporting/catalogue/types.ts';
import { CsrfField, ErrorSummary, Notice } from '../../../web/forms.tsx';
import { ItemFields, type FieldContext } from './fields.tsx';
import type { FormInput } from './form-input.ts';
import { ReportingFrame, schemeTitleOf } from './frame.tsx';
import { formProgress, formSections } from '../../../reporting/report-view.ts';
import { reportTitle, SectionCount, type ReportView } from './report-page.tsx';

/** The sections a page shows: one, or all of them (`all`). */
export const sectionsOf = (view: ReportView, section: string): readonly Section[] =>
  section === 'all' ? formSections(view) : formSections(view).filter((s) => s.id === section);

export function SectionPage(p: {
  viewer: Account;
  csrf: string;
  view: ReportView;
  section: string;
  input: FormInput;
  problems: Readonly<Record<string, string>>;
  flash?: string | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const { view } = p;
  const sections = sectionsOf(view, p.section);
  const all = p.section === 'all';
  const title = all ? 'すべての項目' : (sections[0]?.label.ja ?? '');
  const base = `/reporting/reports/${view.report.id}`;
  const ordered = formSections(view);
  const index = ordered.findIndex((s) => s.id === p.section);
  const prev = index > 0 ? ordered[index - 1] : undefined;
  const next = index >= 0 ? ordered[index + 1] : undefined;
  const ctx: FieldContext = { cat: view.cat, values: view.version.values, input: p.input, problems: p.problems };
  const action = `${base}/sections/${p.section}`;
  // Counted by the same rule as the overview (formProgress), on the version stored now.
  const progress = new Map(formProgress(view).sections.map((s) => [s.id, s]));
  return (
    <ReportingFrame title={`${title} | ${reportTitle(view.report)}`} viewer={p.viewer} csrf={p.csrf} script>
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/reporting" safe>
          {schemeTitleOf(view.cat)}
        </a>{' '}
        ＞{' '}
        <a href={base} safe>
          {reportTitle(view.report)}
        </a>{' '}
        ＞ <span safe>{title}</span>
      </nav>
      <h1 class="page-title" safe>
        {title}
      </h1>
      {!all && progress.has(p.section) ? <SectionCount progress={progress.get(p.section)!} /> : ''}
      {p.flash ? <Notice kind="success" title={p.flash} /> : ''}
      {p.notice ? <Notice kind="warning" title={p.notice} /> : ''}
      <ErrorSummary errors={p.problems} />
      <form method="post" action={action} class="form report-form" novalidate data-report-form>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="base_version" value={String(view.version.version)} />
        <p class="report-form__top">
          <span class="muted" safe>{`第${view.version.version}版に上書きせず、新しい版として保存します。`}</span>
          <span class="report-form__status" role="status" data-autosave-status></span>
          <button type="submit" class="button button--secondary button--small" name="save" value="1">
            保存する
          </button>
        </p>
        {sections.map((s) => (
          <section class="report-section" aria-labelledby={`section-${s.id}-title`}>
            {all ? (
              <>
                <h2 class="section-title" id={`section-${s.id}-title`} safe>
                  {s.label.ja}
                </h2>
                {progress.has(s.id) ? <SectionCount progress={progress.get(s.id)!} /> : ''}
              </>
            ) : (
              <h2 class="visually-hidden" id={`section-${s.id}-title`} safe>
                {s.label.ja}
              </h2>
            )}
            {s.help ? (
              <p class="muted" safe>
                {s.help.ja}
              </p>
            ) : (
              ''
            )}
            {s.items.map((item) => (
              <ItemFields ctx={ctx} item={item} />
            ))}
          </section>
        ))}
        <div class="form-actions report-form__bottom">
          <button type="submit" class="button button--primary" name="save" value="1">
            保存する
          </button>
          <a class="button button--ghost" href={base}>
            保存せずに報告の画面へ戻る
          </a>
        </div>
      </form>
      <nav class="report-pager" aria-label="区分の移動">
        {prev ? (
          <a href={`${base}/sections/${prev.id}`} safe>
            {`← ${prev.label.ja}`}
          </a>
        ) : (
          <span></span>
        )}
        {next ? (
          <a href={`${base}/sections/${next.id}`} safe>
            {`${next.label.ja} →`}
          </a>
        ) : (
          ''
        )}
      </nav>
    </ReportingFrame>
  );
}
