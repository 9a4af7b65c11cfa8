// The frame of the reporting pages: the portal's frame with reporting.css (and, on the form,
// report-form.js), the scheme's name, and the state of a report as a badge (words, not colour alone).
import type { Children } from '@kitajs/html';
import type { Account } from '../../../db/schema.ts';
import type { KindCatalogue, Scheme } from '../../../reporting/catalogue/types.ts';
import { REPORT_STATE_LABELS, type ReportState } from '../../../reporting/report.ts';
import { PortalPage } from '../portal/layout.tsx';

export const REPORTING_CSS = '/static/css/reporting.css';
export const REPORT_FORM_JS = '/static/js/report-form.js';

/** 医療機能情報提供制度 or 薬局機能情報提供制度. */
export const schemeTitle = (scheme: Scheme): string => (scheme === 'pharmacy' ? '薬局機能情報提供制度' : '医療機能情報提供制度');

/** The scheme's name for a report of this catalogue. */
export const schemeTitleOf = (cat: KindCatalogue): string => schemeTitle(cat.catalogue.scheme === 'pharmacy' ? 'pharmacy' : 'medical');

export function ReportingFrame(p: { title: string; viewer: Account; csrf: string; script?: boolean; children: Children }): JSX.Element {
  return (
    <PortalPage title={p.title} viewer={p.viewer} csrf={p.csrf} current="reports" styles={[REPORTING_CSS]} scripts={p.script ? [REPORT_FORM_JS] : undefined}>
      {p.children}
    </PortalPage>
  );
}

export function StateBadge(p: { state: ReportState }): JSX.Element {
  return (
    <span class={`badge report-state report-state--${p.state}`} data-state={p.state} safe>
      {REPORT_STATE_LABELS[p.state]}
    </span>
  );
}
