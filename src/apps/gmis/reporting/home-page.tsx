// 医療機能情報提供制度 / 薬局機能情報提供制度 home of an institution: what is published now (公表日),
// this fiscal year's report and the window, the reports with their states, and the buttons to start
// one — each enabled, or disabled with the reason beside it.
import type { Account } from '../../../db/schema.ts';
import { formatDay } from '../../../platform/japanese/time.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { reiwaLabel } from '../../../reporting/fiscal-year.ts';
import type { ReportingHome } from '../../../reporting/home.ts';
import { REPORT_KIND_LABELS, UNREPORTED_LABEL, type ReportKind } from '../../../reporting/report.ts';
import { CsrfField, Notice } from '../../../web/forms.tsx';
import { DateText } from '../portal/layout.tsx';
import { ReportingFrame, schemeTitle, StateBadge } from './frame.tsx';

/** The order of the start buttons, with what each is for. */
const STARTS: ReadonlyArray<{ kind: ReportKind; what: string }> = [
  { kind: 'new', what: 'はじめて報告するとき（開設したとき）に使います。' },
  { kind: 'periodic', what: '毎年、都道府県が決めた期間に、報告基準日時点の内容を報告します。前回確認された内容が入った状態で始まります。' },
  { kind: 'change', what: '名称・所在地・診療科目・診療時間などの基本情報が変わったときに、その都度報告します。' },
];

/** 休止・廃止・再開, with what each does once the prefecture has accepted it. */
const STATUS_STARTS: ReadonlyArray<{ kind: ReportKind; what: string }> = [
  { kind: 'suspension', what: '診療・営業を休止したときに報告します。確認されると、医療情報ネットのページに休止中と表示されます。' },
  { kind: 'resumption', what: '休止していた診療・営業を再開したときに報告します。確認されると、休止中の表示がなくなります。' },
  { kind: 'closure', what: '廃止したときに報告します。確認されると医療情報ネットでの公表が終わり、取り消すことはできません。' },
];

export function ReportingHomePage(p: {
  viewer: Account;
  csrf: string;
  home: ReportingHome;
  flash?: string | undefined;
  problem?: string | undefined;
}): JSX.Element {
  const h = p.home;
  const title = schemeTitle(h.scheme);
  const published = h.published;
  const closed = h.institution.status === 'closed' || published?.closed === true;
  const suspendedSince = published?.suspendedSince ?? null;
  return (
    <ReportingFrame title={title} viewer={p.viewer} csrf={p.csrf}>
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/">ホーム</a> ＞ <span safe>{title}</span>
      </nav>
      <h1 class="page-title" safe>
        {title}
      </h1>
      <p class="lead" safe>
        {`${h.institution.name} の${h.scheme === 'pharmacy' ? '薬局機能情報' : '医療機能情報'}を都道府県に報告し、その内容が医療情報ネットで公表されます。`}
      </p>
      {p.flash ? <Notice kind="success" title={p.flash} /> : ''}
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}

      <div class="report-summary">
        <section class="card" aria-labelledby="published-title">
          <h2 class="section-title section-title--first" id="published-title">
            公表中の情報
          </h2>
          {published ? (
            <dl class="summary-list">
              <dt>公表の状態</dt>
              <dd>
                {published.visible ? <span class="badge report-state report-state--accepted">公表中</span> : <span class="badge report-state">非公表</span>}
                {published.stopped ? <span> 都道府県が公表を停止しています。</span> : ''}
                {published.lapsed ? <span> 定期報告がなかったため、公表されていません。</span> : ''}
                {published.closed ? <span> 廃止されています。</span> : ''}
                {published.suspendedSince ? <span safe>{` ${formatDay(published.suspendedSince)}から休止中です。`}</span> : ''}
              </dd>
              <dt>公表日</dt>
              <dd>
                <DateText ms={published.publishedAt} />
              </dd>
            </dl>
          ) : (
            <p>まだ公表されている情報はありません。報告が都道府県に確認されると、医療情報ネットで公表されます。</p>
          )}
        </section>
        <section class="card" aria-labelledby="this-year-title">
          <h2 class="section-title section-title--first" id="this-year-title" safe>
            {`${reiwaLabel(h.fiscalYear)}の定期報告`}
          </h2>
          <dl class="summary-list">
            <dt>状態</dt>
            <dd>{h.annual === 'unreported' ? <span class="badge report-state">{UNREPORTED_LABEL}</span> : <StateBadge state={h.annual} />}</dd>
            <dt>報告期間</dt>
            <dd>
              {h.window ? (
                <>
                  <DateText ms={h.window.opensAt} />〜<DateText ms={h.window.closesAt - 1} />
                  <span>{h.window.open ? '（受付中）' : '（受付期間外）'}</span>
                </>
              ) : (
                '都道府県がまだ決めていません'
              )}
            </dd>
            {h.window ? (
              <>
                <dt>報告基準日</dt>
                <dd safe>{formatDay(h.window.referenceDate)}</dd>
              </>
            ) : (
              ''
            )}
          </dl>
        </section>
      </div>

      {h.openReportId ? (
        <Notice kind="info" title="まだ終わっていない報告があります">
          <p>
            <a class="button button--primary" href={`/reporting/reports/${h.openReportId}`}>
              報告を続ける
            </a>
          </p>
        </Notice>
      ) : (
        ''
      )}

      <section aria-labelledby="start-title">
        <h2 class="section-title" id="start-title">
          報告を始める
        </h2>
        <ul class="report-starts">
          {STARTS.map(({ kind, what }) => (
            <StartButton kind={kind} what={what} home={h} csrf={p.csrf} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="status-title">
        <h2 class="section-title" id="status-title">
          休止・廃止・再開の報告
        </h2>
        {closed ? (
          <p>廃止の報告が確認されています。この医療機関・薬局の報告はもうできません。</p>
        ) : (
          <>
            {suspendedSince ? <p safe>{`${formatDay(suspendedSince)}から休止中です。再開したときは「再開」を報告してください。`}</p> : ''}
            <ul class="report-starts">
              {/* 休止 while operating, 再開 only while 休止中; 廃止 either way (a suspended place may close for good). */}
              {STATUS_STARTS.filter(({ kind }) => (kind === 'suspension' ? !suspendedSince : kind === 'resumption' ? !!suspendedSince : true)).map(
                ({ kind, what }) => (
                  <StartButton kind={kind} what={what} home={h} csrf={p.csrf} />
                ),
              )}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="reports-title">
        <h2 class="section-title" id="reports-title">
          これまでの報告
        </h2>
        {h.reports.length === 0 ? (
          <p class="empty-state">報告はまだありません。</p>
        ) : (
          <div class="report-table-scroll">
            <table class="report-table">
              <caption class="visually-hidden">これまでの報告（新しい順）</caption>
              <thead>
                <tr>
                  <th scope="col">年度</th>
                  <th scope="col">種類</th>
                  <th scope="col">状態</th>
                  <th scope="col">開始日</th>
                  <th scope="col">報告日</th>
                </tr>
              </thead>
              <tbody>
                {h.reports.map((r) => (
                  <tr>
                    <td safe>{reiwaLabel(r.fiscalYear)}</td>
                    <td>
                      <a href={`/reporting/reports/${r.id}`} safe>
                        {REPORT_KIND_LABELS[r.kind]}
                      </a>
                    </td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td>
                      <DateText ms={r.startedAt} />
                    </td>
                    <td>{r.submittedAt === null ? '－' : <DateText ms={r.submittedAt} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </ReportingFrame>
  );
}

/** One start: its button (disabled with the reason beside it when it cannot start now) and what it is for. */
function StartButton(p: { kind: ReportKind; what: string; home: ReportingHome; csrf: string }): JSX.Element {
  const { kind } = p;
  const action = p.home.actions[kind];
  const reasonId = `start-${kind}-reason`;
  return (
    <li class="report-start card">
      <form method="post" action="/reporting/reports" class="report-start__form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="kind" value={kind} />
        <button
          type="submit"
          class={kind === 'periodic' || kind === 'new' ? 'button button--primary' : kind === 'closure' ? 'button button--danger' : 'button button--secondary'}
          disabled={!action.enabled}
          aria-describedby={action.enabled ? `start-${kind}-what` : `start-${kind}-what ${reasonId}`}
          data-start={kind}
          safe
        >
          {REPORT_KIND_LABELS[kind]}
        </button>
      </form>
      <div class="report-start__text">
        <p id={`start-${kind}-what`} safe>
          {p.what}
        </p>
        {action.enabled ? (
          ''
        ) : (
          <p class="report-start__reason" id={reasonId} data-reason={action.reason}>
            {MESSAGES[`reporting.start.${action.reason}`]}
          </p>
        )}
      </div>
    </li>
  );
}

/** 廃止 asks once more: what happens when the prefecture accepts it, before the report is started. */
export function ClosureConfirmPage(p: { viewer: Account; csrf: string; home: ReportingHome }): JSX.Element {
  const h = p.home;
  const title = schemeTitle(h.scheme);
  return (
    <ReportingFrame title="廃止の報告を始めますか" viewer={p.viewer} csrf={p.csrf}>
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/">ホーム</a> ＞{' '}
        <a href="/reporting" safe>
          {title}
        </a>{' '}
        ＞ <span>廃止の報告</span>
      </nav>
      <h1 class="page-title">廃止の報告を始めますか</h1>
      <Notice kind="warning" title="廃止の報告は、都道府県に確認されると取り消せません。">
        <p safe>{`対象：${h.institution.name}`}</p>
        <ul class="bullets">
          <li>医療情報ネットでの公表が終わり、この医療機関・薬局のページは表示されなくなります。</li>
          <li>医療機関マスタの状態が「廃止」になり、この機関コードでの報告（定期報告・随時報告など）はできなくなります。</li>
          <li>移転や開設者の変更で新しく開設したときは、新しい医療機関・薬局として新規報告が必要です。</li>
          <li>しばらく診療・営業を止めるだけのときは、廃止ではなく「休止」を報告してください。</li>
        </ul>
      </Notice>
      <p>報告を始めても、「報告」を押すまでは都道府県に届きません。途中でやめるときは、報告の画面で「破棄」を押してください。</p>
      <div class="form-actions">
        <form method="post" action="/reporting/reports" class="inline-form">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="kind" value="closure" />
          <input type="hidden" name="confirm" value="closure" />
          <button type="submit" class="button button--danger">
            廃止の報告を始める
          </button>
        </form>
        <a class="button button--secondary" href="/reporting">
          やめる
        </a>
      </div>
    </ReportingFrame>
  );
}
