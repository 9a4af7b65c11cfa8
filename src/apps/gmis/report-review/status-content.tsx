// A 休止・廃止・再開 report as the prefecture reviews it: nothing to compare item by item (it changes
// no published item), so what it says — section by section, every field with a value — and what 確認
// will do to the institution's page on 医療情報ネット and to the facility master.
import type { ReportKind } from '../../../db/schema.ts';
import type { KindCatalogue, ReportValues } from '../../../reporting/catalogue/types.ts';
import { Notice } from '../../../web/forms.tsx';
import { FieldValueView } from '../../../web/report-values.tsx';

/** What 確認 does, by kind (the page says it above the report and beside the button). */
export const STATUS_EFFECT: Partial<Record<ReportKind, string>> = {
  suspension: '確認すると、医療情報ネットのこの医療機関・薬局のページに、届出の日から休止中であることを表示します（公表は続きます）。',
  resumption: '確認すると、医療情報ネットのページから休止中の表示を外します。',
  closure: '確認すると、医療情報ネットでの公表を終え、医療機関マスタの状態を「廃止」にします。確認したあとは取り消せません。',
};

export function StatusReportContent(p: { kind: ReportKind; catalogue: KindCatalogue; values: ReportValues }): JSX.Element {
  const cat = p.catalogue;
  const sections = cat.sections
    .map((s) => ({
      section: s,
      fields: s.items.flatMap((i) => i.fields.map((f) => cat.fields.get(`${i.id}.${f.id}`)!)).filter((cf) => p.values[cf.path] !== undefined),
    }))
    .filter((s) => s.fields.length > 0);
  return (
    <>
      <Notice kind={p.kind === 'closure' ? 'warning' : 'info'} title={STATUS_EFFECT[p.kind] ?? ''} />
      <h2 class="section-title">届出の内容</h2>
      {sections.map(({ section, fields }) => (
        <section class="card" aria-labelledby={`status-${section.id}`} data-status-section={section.id}>
          <h3 class="section-title section-title--first" id={`status-${section.id}`} safe>
            {section.label.ja}
          </h3>
          <dl class="confirm-list">
            {fields.map((cf) => (
              <>
                <dt safe>{cf.item.label.ja === cf.field.label.ja ? cf.item.label.ja : `${cf.item.label.ja}（${cf.field.label.ja}）`}</dt>
                <dd data-field={cf.path}>
                  <FieldValueView cat={cat} cf={cf} value={p.values[cf.path]} />
                </dd>
              </>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
