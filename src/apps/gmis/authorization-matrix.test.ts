// The authorization matrix, generated from each origin's own route table (G-MIS, Med-Login,
// 医療情報ネット): every route is declared here with who may use it, and every route that is not
// public is tried as every role — on G-MIS no account, two institutions, two prefectures, two health
// centres, an association with and one without a delegation, and the office. A role that may not use
// it gets 403 or 404 (no account: the way to ログイン) and none of the data behind it; lists never
// show another prefecture's rows. Every POST that is not public is also sent, well-formed, by a role
// that may, and must do what it says (ALLOWED_POSTS). A route an application serves that its table
// does not name fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountCategory } from '../../db/schema.ts';
import { listAudit } from '../../audit/audit-log.ts';
import { submitInquiry } from '../../portal/inquiries.ts';
import { testHasher } from '../../identity/password/hasher.ts';
import { issueNaviAccount } from '../../navi/issue-account.ts';
import { recordConsentRefusal, submitSsoApplication } from '../../sso/access/index.ts';
import { addNotice, createNoticeDraft } from '../../portal/notices.ts';
import { issueAccount } from '../../identity/accounts/issue-account.ts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Browser, csrfTokenIn } from '../../testing/http-client.ts';
import { multipartBody, type MultipartPart } from '../../testing/multipart.ts';
import { accountWithPassword, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { gmisBrowserAs } from '../../testing/gmis-viewer.ts';
import { activeGmisAccount, submittedApplication } from '../../testing/gmis-accounts.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { actorOf } from '../../policies.ts';
import { demoValues } from '../../reporting/demo-values.ts';
import { fiscalYearOf, jstDateOf } from '../../reporting/fiscal-year.ts';
import { findReport } from '../../reporting/report-repository.ts';
import { catalogueOf, startReport } from '../../reporting/reports.ts';
import { sectionFields } from '../../reporting/catalogue/form.ts';
import { inputsOf } from './reporting/form-input.ts';
import { addAccount, addInstitution, fillReport, submittedReport } from '../../testing/reporting.ts';
import { acceptReport } from '../../reporting/review.ts';
import { applyClosureRows } from '../../closures/closures.ts';
import { sendCampaign } from '../../bulk-mail/bulk-mail.ts';

describeEachEngine('authorization matrix', (engine) => {
  type Role = 'anonymous' | 'hospitalA' | 'hospitalB' | 'osaka' | 'tokyo' | 'centre' | 'centreElsewhere' | 'association' | 'associationNone' | 'office';
  const ROLES: Role[] = ['anonymous', 'hospitalA', 'hospitalB', 'osaka', 'tokyo', 'centre', 'centreElsewhere', 'association', 'associationNone', 'office'];
  const SIGNED_IN = ROLES.filter((r) => r !== 'anonymous');

  /** Who may use a route: everyone, everyone signed in, or these roles only. */
  type Access = { public: string } | { signedIn: true } | { only: Role[] };
  const PUBLIC = (why: string): Access => ({ public: why });
  const SIGNED: Access = { signedIn: true };
  const REVIEWERS: Role[] = ['osaka', 'centre', 'centreElsewhere', 'association', 'office'];
  /** The fixture application is in 大阪府 (27), 大阪市北区 (27127). */
  const REVIEWERS_OF_FIXTURE: Role[] = ['osaka', 'centre', 'association', 'office'];

  const ACCESS: Record<string, Access> = {
    'GET /static/*': PUBLIC('stylesheets and scripts'),
    'GET /static/tokens.css': PUBLIC('design tokens'),
    'GET /static/common-passwords.json': PUBLIC('the password checklist’s list of common passwords'),
    'GET /healthz': PUBLIC('probe'),
    'GET /metrics': PUBLIC('Prometheus; restricted at the proxy'),
    'GET /login': PUBLIC('starts single sign-on'),
    'GET /callback': PUBLIC('single sign-on callback (state-checked)'),
    'POST /logout': PUBLIC('ends whatever session the browser has'),
    'GET /signed-out': PUBLIC('after sign-out'),
    'POST /backchannel-logout': PUBLIC('Med-Login’s signed logout token'),
    'GET /': PUBLIC('visitors see what G-MIS is'),
    'GET /faq': PUBLIC('FAQ'),
    'GET /help': PUBLIC('操作の手引き'),
    'GET /register': PUBLIC('新規ユーザ登録申請'),
    'POST /register': PUBLIC('新規ユーザ登録申請'),
    'POST /register/submit': PUBLIC('新規ユーザ登録申請'),
    'GET /register/confirm': PUBLIC('新規ユーザ登録申請 (the confirmation of what this browser typed)'),
    'GET /register/return/:token': PUBLIC('the link in the 差し戻し mail is the credential'),
    'POST /register/return/:token': PUBLIC('the link in the 差し戻し mail is the credential (used by this press)'),
    'GET /register/done': PUBLIC('shows only the number it is given'),
    'GET /profile/email/confirm/:token': PUBLIC('the link in the mail is the credential'),
    'POST /profile/email/confirm/:token': PUBLIC('the link in the mail is the credential'),
    'GET /profile/email/changed': PUBLIC('a confirmation page with no data'),
    'GET /soon/:part': SIGNED,
    'GET /profile': SIGNED,
    'GET /profile/edit': SIGNED,
    'POST /profile': SIGNED,
    'POST /profile/confirm': SIGNED,
    'POST /profile/email/cancel': SIGNED,
    'GET /notices': SIGNED,
    'GET /notices/:id': SIGNED,
    'GET /inquiry': SIGNED,
    'POST /inquiry': SIGNED,
    'GET /inquiry/:reference': { only: ['hospitalA', 'office'] },
    'GET /search': SIGNED,
    'GET /sso-application': SIGNED,
    'POST /sso-application': SIGNED,
    'GET /office': { only: ['office'] },
    'POST /office/registration-window': { only: ['office'] },
    'GET /office/accounts': { only: ['office'] },
    'GET /office/accounts/:id': { only: ['office'] },
    'GET /office/accounts/:id/disable': { only: ['office'] },
    'POST /office/accounts/:id/disable': { only: ['office'] },
    'POST /office/accounts/:id/enable': { only: ['office'] },
    'POST /office/accounts/:id/reset': { only: ['office'] },
    'POST /office/accounts/:id/unlock': { only: ['office'] },
    'GET /office/audit': { only: ['office'] },
    // The office's お知らせ editor and お問合せ inbox (notice.manage, inquiry.answer).
    'GET /office/notices': { only: ['office'] },
    'GET /office/notices/new': { only: ['office'] },
    'POST /office/notices': { only: ['office'] },
    'GET /office/notices/:id': { only: ['office'] },
    'POST /office/notices/:id': { only: ['office'] },
    'POST /office/notices/:id/publish': { only: ['office'] },
    'POST /office/notices/:id/withdraw': { only: ['office'] },
    'GET /office/inquiries': { only: ['office'] },
    'GET /office/inquiries/:reference': { only: ['office'] },
    'POST /office/inquiries/:reference/answer': { only: ['office'] },
    'POST /office/inquiries/:reference/close': { only: ['office'] },
    'POST /office/inquiries/:reference/reopen': { only: ['office'] },
    'GET /office/accounts/new': { only: ['office'] },
    'POST /office/accounts/new': { only: ['office'] },
    'POST /office/accounts/:id/municipalities': { only: ['office'] },
    'POST /office/accounts/:id/delegations': { only: ['office'] },
    'GET /prefecture/staff': { only: ['osaka', 'tokyo'] },
    'GET /prefecture/staff/:id': { only: ['osaka'] },
    'POST /prefecture/staff/:id/municipalities': { only: ['osaka'] },
    'POST /prefecture/staff/:id/delegation': { only: ['osaka', 'tokyo'] },
    'GET /office/sso': { only: ['office'] },
    'POST /office/sso/applications/:id': { only: ['office'] },
    'POST /office/sso/blocks/:id/lift': { only: ['office'] },
    'GET /review/registrations/new': { only: ['osaka', 'tokyo', 'office'] },
    'POST /review/registrations/new': { only: ['osaka', 'tokyo', 'office'] },
    'GET /review/registrations/new/confirm': { only: ['osaka', 'tokyo', 'office'] },
    'POST /review/registrations/new/submit': { only: ['osaka', 'tokyo', 'office'] },
    'GET /review/registrations': { only: [...REVIEWERS, 'tokyo'] },
    'POST /review/registrations/approve': { only: [...REVIEWERS, 'tokyo'] },
    'GET /review/registrations/:id': { only: REVIEWERS_OF_FIXTURE },
    'POST /review/registrations/:id/approve': { only: REVIEWERS_OF_FIXTURE },
    'POST /review/registrations/:id/resend': { only: REVIEWERS_OF_FIXTURE },
    'POST /review/registrations/:id/return': { only: REVIEWERS_OF_FIXTURE },
    'POST /review/registrations/:id/reject': { only: REVIEWERS_OF_FIXTURE },
    // 医療機能情報提供制度: an institution's own reports only (hospitalA reports for the fixture institution).
    'GET /reporting': { only: ['hospitalA'] },
    'POST /reporting/reports': { only: ['hospitalA'] },
    'GET /reporting/reports/:id': { only: ['hospitalA'] },
    'GET /reporting/reports/:id/sections/:section': { only: ['hospitalA'] },
    'POST /reporting/reports/:id/sections/:section': { only: ['hospitalA'] },
    'POST /reporting/reports/:id/submit': { only: ['hospitalA'] },
    'POST /reporting/reports/:id/withdraw': { only: ['hospitalA'] },
    'POST /reporting/reports/:id/discard': { only: ['hospitalA'] },
    'GET /reporting/reports/:id/versions': { only: ['hospitalA'] },
    'GET /reporting/reports/:id/versions/:version': { only: ['hospitalA'] },
    'GET /reporting/reports/:id/csv': { only: ['hospitalA'] },
    'GET /reporting/reports/:id/csv/:file': { only: ['hospitalA'] },
    'POST /reporting/reports/:id/csv': { only: ['hospitalA'] },
    // 報告確認: the places each reviewer covers (report.review; the association is delegated registration.review only), a
    // report and a publication of an institution in 大阪市北区; the office sees and decides nothing; 公表停止 is the prefecture's.
    'GET /review/reports': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'GET /review/reports/:id': { only: ['osaka', 'centre', 'office'] },
    'POST /review/reports/:id/accept': { only: ['osaka', 'centre'] },
    'POST /review/reports/:id/return': { only: ['osaka', 'centre'] },
    'GET /review/reporting-periods': { only: ['osaka', 'tokyo', 'office'] },
    'POST /review/reporting-periods': { only: ['osaka', 'tokyo'] },
    'POST /review/reporting-settings': { only: ['osaka', 'tokyo'] },
    // 報告のリマインダー: a prefecture sets its own; the office sees every prefecture's.
    'GET /review/reminders': { only: ['osaka', 'tokyo', 'office'] },
    'POST /review/reminders': { only: ['osaka', 'tokyo'] },
    'GET /review/publications/:institutionId': { only: ['osaka', 'centre', 'office'] },
    // CSVで報告を入力: report_import.use (the prefectures; the association is delegated registration.review only).
    'GET /review/reports/import': { only: ['osaka', 'tokyo'] },
    'POST /review/reports/import': { only: ['osaka', 'tokyo'] },
    'GET /review/reports/export': { only: ['osaka', 'tokyo'] },
    'POST /review/publications/:institutionId/stop': { only: ['osaka'] },
    'POST /review/publications/:institutionId/lift': { only: ['osaka'] },
    // 臨時休診の一括登録: closure.use (a prefecture, its health centres); the fixture batch is 大阪府's own (its centres see their own only).
    'GET /closures': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere'] },
    'GET /closures/new': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere'] },
    'GET /closures/template.csv': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere'] },
    'POST /closures/upload': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere'] },
    'POST /closures/filter': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere'] },
    'GET /closures/:id': { only: ['osaka'] },
    'POST /closures/:id/undo': { only: ['osaka'] },
    // 一括メール配信: bulk_mail.use (the office, a prefecture's staff, its health centres; not associations); a campaign's
    // page its sender (the fixture campaign is 大阪府's) and the office.
    'GET /bulk-mail': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'GET /bulk-mail/new': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'POST /bulk-mail/edit': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'POST /bulk-mail/confirm': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'POST /bulk-mail/send': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'GET /bulk-mail/:id': { only: ['osaka', 'office'] },
    // 報告状況: report_status.view, the same reviewers as the 報告確認 list (the association is delegated registration.review only).
    'GET /review/status': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'GET /review/status/institutions': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'GET /review/status/csv': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    'GET /review/status/institutions/csv': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'office'] },
    // 医療機関マスタ: staff within reach (the association reads the prefecture that delegated it anything), hospitalA its own
    // record; the fixture record is in 大阪市北区; only the prefectures and the office write the master.
    'GET /institutions': { only: ['hospitalA', 'osaka', 'tokyo', 'centre', 'centreElsewhere', 'association', 'office'] },
    'GET /institutions/:id': { only: ['osaka', 'centre', 'association', 'office'] },
    'GET /institutions/export': { only: ['osaka', 'tokyo', 'centre', 'centreElsewhere', 'association', 'office'] },
    'GET /institutions/import': { only: ['osaka', 'tokyo', 'office'] },
    'POST /institutions/import': { only: ['osaka', 'tokyo', 'office'] },
  };

  /** GETs that, for a role that may open them, lead elsewhere while there is nothing to show (no draft yet). */
  const OPENS_BY_REDIRECT: Record<string, string> = { 'GET /review/registrations/new/confirm': '/review/registrations/new' };

  const SECRET_APPLICANT = 'secret-applicant@example.jp';
  const SECRET_CLINIC = 'マトリクス秘密クリニック';
  const SECRET_SUBJECT = '秘密の問い合わせ件名';

  let platform: TestPlatform;
  const browsers = new Map<Role, Browser>();
  const fixture = {
    applicationId: '',
    inquiryReference: '',
    noticeId: '',
    /** Touched only by the allowed POSTs of the office's editor and inbox (their versions known). */
    draftNoticeId: '',
    answerReference: '',
    hospitalAId: '',
    centreId: '',
    associationId: '',
    targetId: '',
    ssoApplicationId: '',
    ssoBlockId: '',
    decisions: {} as Record<string, string>,
    /** hospitalA's institution (大阪市北区) and its report (報告中, filled), for the reporting routes. */
    reportingInstitutionId: '',
    reportId: '',
    /** 報告確認: an institution in 大阪市北区 published, with a 随時報告 handed in; another with a 新規報告 handed in. */
    reviewInstitutionId: '',
    reviewReportId: '',
    returnReportId: '',
    /** 臨時休診: a batch 大阪府 made for the fixture institution, and that institution's 機関コード. */
    closureBatchId: '',
    closureCode: '',
    /** 一括メール配信: a campaign 大阪府 sent to its institutions. */
    campaignId: '',
  };
  /** The アクセス section of the fixture report as its form posts it (one value per name: no multi there). */
  let accessForm: Record<string, string> = {};
  /** A day `days` ahead of the platform's clock, YYYY-MM-DD in Japan. */
  const closureDay = (days: number) => jstDateOf(platform.rt.deps.clock.now() + days * 86_400_000);
  /** Where the allowed POSTs act: an account of their own, applications of their own (27127). */
  const ALLOWED_APPLICATIONS = ['approve', 'resend', 'return', 'reject', 'bulk'] as const;

  before(async () => {
    platform = await startTestPlatform({ engine, hasher: testHasher() });
    const deps = platform.rt.deps;
    const db = deps.db;
    const accounts: Partial<Record<Role, string>> = {};
    const make = async (role: Role, category: AccountCategory, prefectureCode: string | null) =>
      (accounts[role] = await activeGmisAccount(deps, category, { prefectureCode, name: role, email: `${role}@example.jp` }));
    fixture.hospitalAId = await make('hospitalA', '病院', '27');
    await make('hospitalB', '病院', '13');
    await make('osaka', '都道府県', '27');
    await make('tokyo', '都道府県', '13');
    fixture.centreId = await make('centre', '保健所', '27');
    await db.insertInto('account_municipalities').values({ account_id: fixture.centreId, municipality_code: '27127' }).execute();
    await db
      .insertInto('account_municipalities')
      .values({ account_id: await make('centreElsewhere', '保健所', '27'), municipality_code: '27128' })
      .execute();
    fixture.associationId = await make('association', '関係団体', null);
    await db
      .insertInto('prefecture_delegations')
      .values({ account_id: fixture.associationId, prefecture_code: '27', action: 'registration.review', granted_by: null, granted_at: 0 })
      .execute();
    await make('associationNone', '関係団体', null);
    await make('office', '事務局', null);

    for (const role of ROLES) browsers.set(role, role === 'anonymous' ? new Browser(platform.url.gmis) : await gmisBrowserAs(platform, accounts[role]!));

    fixture.applicationId = await submittedApplication(deps, {
      name: SECRET_CLINIC,
      name_kana: 'ヒミツ',
      institution_code: 'M1',
      contact_name: '秘密 花子',
      email: SECRET_APPLICANT,
    });
    for (const [i, name] of ALLOWED_APPLICATIONS.entries())
      fixture.decisions[name] = await submittedApplication(
        deps,
        { name: `許可される操作の診療所${i}`, name_kana: 'キョカ', institution_code: `M9${i}`, contact_name: '許可 太郎', email: `allowed${i}@example.jp` },
        `192.0.2.${60 + i}`,
      );
    // The account the office's allowed POSTs act on: locked (so unlock has something to do), with a block to lift.
    fixture.targetId = (
      await issueAccount(deps, { category: '病院', displayName: 'target 担当', email: 'target@example.jp', prefectureCode: '27', issuedBy: 'test' })
    ).accountId;
    await db.updateTable('accounts').set({ state: 'active', untrusted_locked_at: deps.clock.now() }).where('id', '=', fixture.targetId).execute();
    const osakaAccount = await db.selectFrom('accounts').selectAll().where('id', '=', accounts.osaka!).executeTakeFirstOrThrow();
    const ssoApplication = await submitSsoApplication(deps, osakaAccount, { reason: '医療計画の確認のため' }, { ip: '192.0.2.70', userAgent: 'matrix' });
    assert.ok(ssoApplication.ok);
    fixture.ssoApplicationId = ssoApplication.application.id;
    await recordConsentRefusal(deps, { accountId: fixture.targetId, clientId: 'navi', ip: '192.0.2.71', userAgent: 'matrix' });
    fixture.ssoBlockId = (await db.selectFrom('sso_blocks').select('id').where('account_id', '=', fixture.targetId).executeTakeFirstOrThrow()).id;
    const hospitalA = await db.selectFrom('accounts').selectAll().where('id', '=', accounts.hospitalA!).executeTakeFirstOrThrow();
    const inquiry = await submitInquiry(deps, hospitalA, {
      category: 'その他',
      subject: SECRET_SUBJECT,
      body: '本文',
      contactEmail: 'hospitalA@example.jp',
      contactPhone: null,
    });
    assert.ok(inquiry.ok);
    fixture.inquiryReference = inquiry.reference;
    fixture.noticeId = (
      await addNotice(deps, { title: '全員へのお知らせ', body: '本文', category: 'お知らせ', publishedAt: deps.clock.now() - 1000, createdBy: 'test' })
    ).id;
    fixture.draftNoticeId = (await createNoticeDraft(deps, { accountId: null, username: 'test' }, { title: '下書き', body: '本文', category: 'お知らせ' })).id;
    const toAnswer = await submitInquiry(deps, hospitalA, {
      category: 'その他',
      subject: '回答する問い合わせ',
      body: '本文',
      contactEmail: 'hospitalA@example.jp',
      contactPhone: null,
    });
    assert.ok(toAnswer.ok);
    fixture.answerReference = toAnswer.reference;
    const reporting = await addInstitution(platform.rt.handle, deps.clock, {
      kind: '病院',
      prefecture_code: '27',
      municipality_code: '27127',
      name: 'マトリクス報告病院',
    });
    fixture.reportingInstitutionId = reporting.id;
    await db.updateTable('accounts').set({ institution_id: reporting.id }).where('id', '=', fixture.hospitalAId).execute();
    const reporter = await actorOf(db, await db.selectFrom('accounts').selectAll().where('id', '=', fixture.hospitalAId).executeTakeFirstOrThrow());
    const started = await startReport(deps, reporter, 'new', { ip: '192.0.2.80', userAgent: 'matrix' });
    assert.ok(started.ok, JSON.stringify(started));
    fixture.reportId = started.reportId;
    const filled = demoValues('病院', fiscalYearOf(deps.clock.now()));
    await fillReport(platform.rt.handle, deps.clock, started.reportId, filled, fixture.hospitalAId);
    const report = await findReport(db, started.reportId);
    const cat = catalogueOf({}, report!);
    // 報告確認: one institution published (新規報告 accepted) with a 随時報告 handed in, another with its 新規報告 handed in.
    const reviewed = await addInstitution(platform.rt.handle, deps.clock, {
      kind: '診療所',
      prefecture_code: '27',
      municipality_code: '27127',
      name: 'マトリクス確認クリニック',
    });
    fixture.reviewInstitutionId = reviewed.id;
    const reviewedStaff = await addAccount(platform.rt.handle, deps.clock, '診療所', { prefectureCode: '27', institutionId: reviewed.id });
    const first = await submittedReport(deps, deps.clock, platform.rt.handle, reviewedStaff, 'new', () => demoValues('診療所', fiscalYearOf(deps.clock.now())));
    const osakaActor = await actorOf(db, await db.selectFrom('accounts').selectAll().where('id', '=', accounts.osaka!).executeTakeFirstOrThrow());
    assert.deepEqual(await acceptReport(deps, osakaActor, first, { ip: '192.0.2.81', userAgent: 'matrix' }), { ok: true });
    fixture.reviewReportId = await submittedReport(deps, deps.clock, platform.rt.handle, reviewedStaff, 'change', (v) => ({
      ...v,
      'basic.phone.phone': '06-1111-2222',
    }));
    const returned = await addInstitution(platform.rt.handle, deps.clock, {
      kind: '診療所',
      prefecture_code: '27',
      municipality_code: '27127',
      name: 'マトリクス差戻しクリニック',
    });
    const returnedStaff = await addAccount(platform.rt.handle, deps.clock, '診療所', { prefectureCode: '27', institutionId: returned.id });
    fixture.returnReportId = await submittedReport(deps, deps.clock, platform.rt.handle, returnedStaff, 'new', () =>
      demoValues('診療所', fiscalYearOf(deps.clock.now())),
    );
    // 臨時休診: 大阪府 closes the fixture institution for a day ten days ahead.
    fixture.closureCode = reviewed.institution_code;
    const closureBatch = await applyClosureRows(
      deps,
      osakaActor,
      [{ line: 2, code: reviewed.institution_code, startsOn: closureDay(10), endsOn: closureDay(10), mode: '休診', hours: '', note: '' }],
      { key: 'matrix-closure-fixture-key', reason: '災害', source: 'csv' },
      { ip: '192.0.2.82', userAgent: 'matrix' },
    );
    assert.ok(closureBatch.ok);
    fixture.closureBatchId = closureBatch.batch.id;
    // 一括メール配信: 大阪府 mails every institution of its own.
    const campaign = await sendCampaign(
      deps,
      osakaActor,
      {
        subject: '{機関名} 様 マトリクスのお知らせ',
        body: '{機関名} 様\nマトリクスの一括メールです。',
        filter: { fiscalYear: fiscalYearOf(deps.clock.now()), reportKind: 'annual', status: 'any' },
        idempotencyKey: 'matrix-bulk-mail-fixture-key',
      },
      { ip: '192.0.2.83', userAgent: 'matrix' },
    );
    assert.ok(campaign.ok, JSON.stringify(campaign));
    fixture.campaignId = campaign.campaignId;
    accessForm = Object.fromEntries(
      Object.entries(inputsOf(sectionFields(cat, 'access'), filled, {})).map(([name, v]) => [name, Array.isArray(v) ? v.join(',') : (v ?? '')]),
    );
  });

  after(() => platform.close());

  /** 一括メール配信's form as the compose page posts it: every institution of 大阪府, whatever its report. */
  const bulkMailForm = (key: string) => ({
    subject: '{機関名} 様 マトリクスのお知らせ',
    body: '{機関名} 様\n期限は{報告期限}です。',
    fiscal_year: String(fiscalYearOf(platform.rt.deps.clock.now())),
    report_kind: 'annual',
    status: 'any',
    prefecture: '',
    municipality: '',
    institution_kind: '',
    key,
    preview: '',
  });

  /** The URL to request for a route: parameters filled with the fixtures (or harmless values). */
  function pathOf(url: string): string {
    return url
      .replace('/reporting/reports/:id', `/reporting/reports/${fixture.reportId}`)
      .replace('/review/reports/:id', `/review/reports/${fixture.reviewReportId}`)
      .replace(':institutionId', fixture.reviewInstitutionId)
      .replace(':section', 'basic')
      .replace(':version', '1')
      .replace(':file', 'items')
      .replace('/review/reports/export', `/review/reports/export?kind=${encodeURIComponent('病院')}`)
      .replace('/notices/:id', `/notices/${fixture.noticeId}`)
      .replace('/institutions/:id', `/institutions/${fixture.reviewInstitutionId}`)
      .replace('/closures/:id', `/closures/${fixture.closureBatchId}`)
      .replace('/bulk-mail/:id', `/bulk-mail/${fixture.campaignId}`)
      .replace('/office/accounts/:id', `/office/accounts/${fixture.hospitalAId}`)
      .replace('/prefecture/staff/:id/delegation', `/prefecture/staff/${fixture.associationId}/delegation`)
      .replace('/prefecture/staff/:id', `/prefecture/staff/${fixture.centreId}`)
      .replace(':id/lift', 'no-such-block/lift')
      .replace('/office/sso/applications/:id', '/office/sso/applications/no-such-application')
      .replace(':id', fixture.applicationId)
      .replace(':reference', fixture.inquiryReference)
      .replace(':part', 'surveys')
      .replace(':token', 'x'.repeat(43))
      .replace('*', 'css/app.css');
  }

  /** ログアウト in the header: its form to the origin's sign-out route, with a CSRF token. A signed-in
   * page without it leaves the user no way out (the 報告確認 list once had none). */
  function assertSignOut(r: { headers: { get(name: string): string | null }; body: string }, action: string, what: string): void {
    if (!(r.headers.get('content-type') ?? '').startsWith('text/html')) return;
    const header = /<header class="site-header">[\s\S]*?<\/header>/.exec(r.body)?.[0] ?? '';
    assert.match(
      header,
      new RegExp(`<form method="post" action="${action}"[^>]*><input type="hidden" name="_csrf" value="[^"]+"/>`),
      `${what}: ログアウト in the header`,
    );
    assert.match(header, />\s*ログアウト\s*</, `${what}: the button says ログアウト`);
  }

  /** A CSRF token valid for this browser (from a page it may open). */
  async function tokenFor(role: Role): Promise<string> {
    const b = browsers.get(role)!;
    const page = await b.get(role === 'anonymous' ? '/register' : '/faq');
    return csrfTokenIn(page.body);
  }

  describe('G-MIS authorization matrix', () => {
    test('every route the application serves is in the table, and the table names no route it does not serve', () => {
      const served = platform.servers.apps.gmis!.routeTable.map((r) => `${r.method} ${r.url}`);
      const missing = served.filter((r) => !(r in ACCESS));
      assert.deepEqual(missing, [], 'routes without a declared policy');
      assert.deepEqual(
        Object.keys(ACCESS).filter((r) => !served.includes(r)),
        [],
        'declared routes the application does not serve',
      );
    });

    for (const [route, access] of Object.entries(ACCESS)) {
      if ('public' in access) continue;
      const [method, url] = route.split(' ') as ['GET' | 'POST', string];
      const allowed = 'signedIn' in access ? SIGNED_IN : access.only;
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        test(`${route} refused to ${role}`, async () => {
          const b = browsers.get(role)!;
          const r =
            method === 'GET'
              ? await b.get(pathOf(url))
              : await b.request('POST', pathOf(url), {
                  _csrf: await tokenFor(role),
                  return_reason: 'x',
                  reject_reason: 'x',
                  resend_email: 'x@example.jp',
                  ids: fixture.applicationId,
                  all: '1',
                });
          if (role === 'anonymous') assert.ok(r.status === 303 || r.status === 403 || r.status === 404, `${r.status}`);
          else assert.ok(r.status === 403 || r.status === 404, `${role}: ${r.status}`);
          for (const secret of [SECRET_APPLICANT, SECRET_CLINIC, SECRET_SUBJECT]) assert.ok(!r.body.includes(secret), `leaked ${secret}`);
        });
      }
      if (method === 'GET') {
        for (const role of allowed) {
          test(`${route} opens for ${role}`, async () => {
            const r = await browsers.get(role)!.get(pathOf(url));
            const empty = OPENS_BY_REDIRECT[route];
            if (empty) assert.deepEqual([r.status, r.location], [303, empty], 'with nothing typed yet, back to the form');
            else {
              assert.equal(r.status, 200);
              assertSignOut(r, '/logout', `${route} for ${role}`);
            }
          });
        }
      }
    }

    test('the pages open to visitors show ログアウト to the signed in', async () => {
      // Visitors' pages that stay so whoever opens them: the sign-in callback's failure, the page after
      // ログアウト, and the 新規ユーザ登録申請 flow (a visitor's; the prefecture's 代理申請 is its own).
      const VISITORS_ONLY = ['GET /callback', 'GET /signed-out', 'GET /register', 'GET /register/confirm', 'GET /register/return/:token', 'GET /register/done'];
      const pages = Object.entries(ACCESS)
        .filter(([route, access]) => 'public' in access && route.startsWith('GET ') && !VISITORS_ONLY.includes(route))
        .map(([route]) => pathOf(route.slice(4)));
      const without: string[] = [];
      let html = 0;
      for (const path of pages) {
        const r = await browsers.get('hospitalA')!.get(path);
        if (r.status >= 300 && r.status < 400) continue;
        if ((r.headers.get('content-type') ?? '').startsWith('text/html')) html++;
        try {
          assertSignOut(r, '/logout', path);
        } catch {
          without.push(`${path} ${r.status}`);
        }
      }
      assert.deepEqual(without, []);
      assert.ok(html >= 5, `${html} pages looked at`);
    });

    test('nothing was decided by the refused requests', async () => {
      const hospitalA = await platform.rt.deps.db.selectFrom('accounts').select('state').where('id', '=', fixture.hospitalAId).executeTakeFirstOrThrow();
      assert.equal(hospitalA.state, 'active', 'not disabled by a refused request');
      const centre = await platform.rt.deps.db
        .selectFrom('account_municipalities')
        .select('municipality_code')
        .where('account_id', '=', fixture.centreId)
        .execute();
      assert.deepEqual(centre, [{ municipality_code: '27127' }], 'its municipalities untouched by refused requests');
      const delegations = await platform.rt.deps.db
        .selectFrom('prefecture_delegations')
        .select('prefecture_code')
        .where('account_id', '=', fixture.associationId)
        .execute();
      assert.deepEqual(delegations, [{ prefecture_code: '27' }], 'its delegations untouched by refused requests');
      const row = await platform.rt.deps.db
        .selectFrom('registration_applications')
        .select(['status', 'email'])
        .where('id', '=', fixture.applicationId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'submitted', email: SECRET_APPLICANT });
      const decided = await platform.rt.deps.db
        .selectFrom('registration_applications')
        .select('status')
        .where('id', 'in', Object.values(fixture.decisions))
        .execute();
      assert.ok(
        decided.every((d) => d.status === 'submitted'),
        'no application decided by a refused request',
      );
      assert.equal((await listAudit(platform.rt.deps.db, { type: 'registration.window_set' })).length, 0, 'the window untouched by refused requests');
    });

    /** The allowed POSTs, well-formed, each by one role that may (after every refusal above). */
    const ALLOWED_POSTS: Record<
      string,
      {
        role: Role;
        path?: () => string;
        form: () => Record<string, string>;
        /** Sent as multipart/form-data instead (after the CSRF token): the upload routes. */
        upload?: () => Promise<MultipartPart[]>;
        done: RegExp;
        effect?: () => Promise<void>;
      }
    > = {
      'POST /profile': {
        role: 'hospitalB',
        form: () => ({ family_name: '東京', given_name: '花子', email: 'hospitalB@example.jp', phone: '03-1234-5678', extension: '', fax: '', department: '' }),
        done: /^\/profile\?saved=done$/,
      },
      'POST /profile/confirm': { role: 'hospitalB', form: () => ({}), done: /^\/\?confirmed=1$/ },
      'POST /profile/email/cancel': { role: 'hospitalB', form: () => ({}), done: /^\/profile\?cancelled=1$/ },
      'POST /inquiry': {
        role: 'hospitalB',
        form: () => ({ category: 'その他', subject: '許可される問い合わせ', body: '本文', contact_email: 'hospitalB@example.jp', contact_phone: '' }),
        done: /^\/inquiry\/Q/,
        effect: async () =>
          assert.equal((await listAudit(platform.rt.deps.db, { type: 'inquiry.submitted' })).length, 3, 'audited (the two fixtures and this one)'),
      },
      'POST /sso-application': { role: 'tokyo', form: () => ({ reason: '医療計画の確認のため' }), done: /^\/sso-application\?submitted=1$/ },
      'POST /office/notices': {
        role: 'office',
        form: () => ({ title: '事務局からの新しいお知らせ', category: '重要', body: '本文' }),
        done: /^\/office\/notices\/[^/?]+\?done=saved$/,
        effect: async () =>
          assert.ok(
            (await listAudit(platform.rt.deps.db, { type: 'notice.drafted' })).some(
              (e) => e.username !== null && e.details.includes('事務局からの新しいお知らせ'),
            ),
            'audited, with who',
          ),
      },
      // The fixture notice was drafted (1) and published (2); the draft fixture is at 1.
      'POST /office/notices/:id': {
        role: 'office',
        form: () => ({ version: '2', title: '直したお知らせ', category: 'お知らせ', body: '本文' }),
        done: /\?done=edited$/,
      },
      'POST /office/notices/:id/publish': {
        role: 'office',
        path: () => `/office/notices/${fixture.draftNoticeId}/publish`,
        form: () => ({ version: '1', when: 'now', publish_at: '' }),
        done: /\?done=published$/,
      },
      'POST /office/notices/:id/withdraw': {
        role: 'office',
        path: () => `/office/notices/${fixture.draftNoticeId}/withdraw`,
        form: () => ({ version: '2' }),
        done: /\?done=withdrawn$/,
      },
      'POST /office/inquiries/:reference/answer': {
        role: 'office',
        path: () => `/office/inquiries/${fixture.answerReference}/answer`,
        form: () => ({ version: '1', answer: '回答です。' }),
        done: /\?done=answered$/,
        effect: async () => assert.equal((await listAudit(platform.rt.deps.db, { type: 'inquiry.answered' })).length, 1, 'audited once'),
      },
      'POST /office/inquiries/:reference/close': {
        role: 'office',
        path: () => `/office/inquiries/${fixture.answerReference}/close`,
        form: () => ({ version: '2' }),
        done: /\?done=closed$/,
      },
      'POST /office/inquiries/:reference/reopen': {
        role: 'office',
        path: () => `/office/inquiries/${fixture.answerReference}/reopen`,
        form: () => ({ version: '3' }),
        done: /\?done=reopened$/,
      },
      'POST /office/registration-window': {
        role: 'office',
        form: () => ({ action: 'open', from: '', until: '', reopen: '' }),
        done: /^\/office\?done=window$/,
        effect: async () => assert.equal((await listAudit(platform.rt.deps.db, { type: 'registration.window_set' })).length, 1, 'audited'),
      },
      'POST /office/accounts/:id/unlock': {
        role: 'office',
        path: () => `/office/accounts/${fixture.targetId}/unlock`,
        form: () => ({}),
        done: /\?done=unlocked$/,
      },
      'POST /office/accounts/:id/reset': { role: 'office', path: () => `/office/accounts/${fixture.targetId}/reset`, form: () => ({}), done: /\?done=reset$/ },
      'POST /office/accounts/:id/disable': {
        role: 'office',
        path: () => `/office/accounts/${fixture.targetId}/disable`,
        form: () => ({}),
        done: /\?done=disabled$/,
        effect: async () =>
          assert.equal(
            (await platform.rt.deps.db.selectFrom('accounts').select('state').where('id', '=', fixture.targetId).executeTakeFirstOrThrow()).state,
            'disabled',
          ),
      },
      'POST /office/accounts/:id/enable': {
        role: 'office',
        path: () => `/office/accounts/${fixture.targetId}/enable`,
        form: () => ({}),
        done: /\?done=enabled$/,
      },
      'POST /office/accounts/new': {
        role: 'office',
        form: () => ({ category: '関係団体', display_name: '許可される関係団体', email: 'new-association@example.jp', prefecture: '' }),
        done: /^\/office\/accounts\/[^/]+\?done=issued$/,
      },
      'POST /office/accounts/:id/municipalities': {
        role: 'office',
        path: () => `/office/accounts/${fixture.centreId}/municipalities`,
        form: () => ({ municipalities: '27127' }),
        done: /\?done=jurisdiction$/,
      },
      'POST /office/accounts/:id/delegations': {
        role: 'office',
        path: () => `/office/accounts/${fixture.associationId}/delegations`,
        form: () => ({ prefecture: '27', grant: '1' }),
        done: /\?done=jurisdiction$/,
      },
      'POST /prefecture/staff/:id/municipalities': { role: 'osaka', form: () => ({ municipalities: '27127' }), done: /\?done=jurisdiction$/ },
      'POST /prefecture/staff/:id/delegation': { role: 'osaka', form: () => ({ grant: '1' }), done: /\?done=jurisdiction$/ },
      'POST /office/sso/applications/:id': {
        role: 'office',
        path: () => `/office/sso/applications/${fixture.ssoApplicationId}`,
        form: () => ({ decision: 'approve', reason: '' }),
        done: /\?done=approved$/,
      },
      'POST /office/sso/blocks/:id/lift': {
        role: 'office',
        path: () => `/office/sso/blocks/${fixture.ssoBlockId}/lift`,
        form: () => ({ note: '誤って押したとのこと' }),
        done: /\?done=lifted$/,
      },
      'POST /review/registrations/new': { role: 'osaka', form: () => proxyForm(), done: /.*/ },
      'POST /review/registrations/new/submit': { role: 'osaka', form: () => proxyForm(), done: /^\/review\/registrations\/[^/?]+\?done=proxy$/ },
      'POST /review/registrations/approve': { role: 'osaka', form: () => ({ ids: fixture.decisions.bulk! }), done: /^\/review\/registrations/ },
      'POST /review/registrations/:id/approve': {
        role: 'centre',
        path: () => `/review/registrations/${fixture.decisions.approve}/approve`,
        form: () => ({}),
        done: /\?done=approved$/,
      },
      'POST /review/registrations/:id/resend': {
        role: 'association',
        path: () => `/review/registrations/${fixture.decisions.resend}/resend`,
        form: () => ({ resend_email: 'resent@example.jp' }),
        done: /\?done=/,
      },
      'POST /review/registrations/:id/return': {
        role: 'association',
        path: () => `/review/registrations/${fixture.decisions.return}/return`,
        form: () => ({ return_reason: '住所をご確認ください。' }),
        done: /\?done=returned$/,
      },
      'POST /review/registrations/:id/reject': {
        role: 'office',
        path: () => `/review/registrations/${fixture.decisions.reject}/reject`,
        form: () => ({ reject_reason: '重複した申請のため。' }),
        done: /\?done=rejected$/,
      },
      // In this order: save, CSV, 報告, 引き戻し, 破棄, then a new report (the one before is no longer open).
      'POST /reporting/reports/:id/sections/:section': {
        role: 'hospitalA',
        // The アクセス section (a section's post replaces the fields it shows): 交通手段 changed, the rest as filled.
        path: () => `/reporting/reports/${fixture.reportId}/sections/access`,
        form: () => ({ ...accessForm, base_version: '2', 'f.access.transport.text': '梅田駅から徒歩5分' }),
        done: /^\/reporting\/reports\/[^/?]+\?done=saved$/,
        effect: async () => assert.equal((await findReport(platform.rt.deps.db, fixture.reportId))?.current_version, 3),
      },
      // 「CSVで入力」: the items file as downloaded, 交通手段 changed.
      'POST /reporting/reports/:id/csv': {
        role: 'hospitalA',
        form: () => ({}),
        upload: async () => {
          const items = (await browsers.get('hospitalA')!.get(`/reporting/reports/${fixture.reportId}/csv/items`)).body;
          assert.ok(items.includes('梅田駅から徒歩5分'));
          return [
            { name: 'base_version', value: '3' },
            { name: 'items', filename: 'items.csv', content: items.replace('梅田駅から徒歩5分', '梅田駅から徒歩3分') },
          ];
        },
        done: /^\/reporting\/reports\/[^/?]+\?done=csv&filled=1$/,
        effect: async () => assert.equal((await findReport(platform.rt.deps.db, fixture.reportId))?.current_version, 4),
      },
      'POST /reporting/reports/:id/submit': { role: 'hospitalA', form: () => ({ base_version: '4' }), done: /\?done=submitted$/ },
      'POST /reporting/reports/:id/withdraw': { role: 'hospitalA', form: () => ({ base_version: '4' }), done: /\?done=withdrawn$/ },
      'POST /reporting/reports/:id/discard': {
        role: 'hospitalA',
        form: () => ({ base_version: '4' }),
        done: /^\/reporting\?done=discarded$/,
        effect: async () => assert.equal((await findReport(platform.rt.deps.db, fixture.reportId))?.state, 'discarded'),
      },
      'POST /reporting/reports': { role: 'hospitalA', form: () => ({ kind: 'new' }), done: /^\/reporting\/reports\/[^/?]+\?done=started$/ },
      'POST /review/reports/:id/return': {
        role: 'centre',
        path: () => `/review/reports/${fixture.returnReportId}/return`,
        form: () => ({ comment: '診療時間を確認してください。' }),
        done: /\?done=returned$/,
        effect: async () => assert.equal((await findReport(platform.rt.deps.db, fixture.returnReportId))?.state, 'returned'),
      },
      'POST /review/reports/:id/accept': {
        role: 'osaka',
        form: () => ({}),
        done: /\?done=accepted$/,
        effect: async () => assert.equal((await findReport(platform.rt.deps.db, fixture.reviewReportId))?.state, 'accepted'),
      },
      'POST /review/reporting-periods': {
        role: 'osaka',
        form: () => {
          const fy = fiscalYearOf(platform.rt.deps.clock.now());
          return { fiscal_year: String(fy), scheme: 'pharmacy', opens_on: `${fy + 1}-01-05`, closes_on: `${fy + 1}-03-31`, reference_date: `${fy}-12-31` };
        },
        done: /\?done=period$/,
        effect: async () => assert.equal((await listAudit(platform.rt.deps.db, { type: 'reporting.period_set' })).length, 1, 'audited once'),
      },
      'POST /review/reporting-settings': { role: 'tokyo', form: () => ({ publish_on: 'accept' }), done: /\?done=setting$/ },
      'POST /review/reminders': {
        role: 'tokyo',
        form: () => ({ enabled: '1', days_before: '3', subject: '{機関名} 様', body: '期限は{報告期限}です。', action: 'save' }),
        done: /\?done=saved$/,
        effect: async () => assert.equal((await listAudit(platform.rt.deps.db, { type: 'reminder.settings_set' })).length, 1, 'audited once'),
      },
      // 一括メール配信: 大阪府 goes back to the form, confirms, and sends to its own institutions (one campaign besides the fixture's).
      'POST /bulk-mail/edit': { role: 'osaka', form: () => bulkMailForm('matrix-bulk-mail-edit'), done: /^$/ },
      'POST /bulk-mail/confirm': { role: 'osaka', form: () => bulkMailForm('matrix-bulk-mail-confirm'), done: /^$/ },
      'POST /bulk-mail/send': {
        role: 'osaka',
        form: () => bulkMailForm('matrix-bulk-mail-send'),
        done: /^\/bulk-mail\/[^/?]+\?done=sent$/,
        effect: async () => assert.equal((await listAudit(platform.rt.deps.db, { type: 'bulk_mail.sent' })).length, 2, 'the fixture and this one'),
      },
      // 臨時休診: 大阪府's clinics by filter a month ahead; the fixture institution by CSV two months ahead; the fixture batch undone.
      'POST /closures/filter': {
        role: 'osaka',
        form: () => ({
          key: 'matrix-closure-filter-key',
          municipality: '',
          codes: '',
          starts_on: closureDay(40),
          ends_on: closureDay(41),
          closure_mode: 'closed',
          hours: '',
          note: '',
          reason: '災害',
          step: 'apply',
        }),
        done: /^\/closures\/[^/?]+\?done=applied$/,
      },
      'POST /closures/upload': {
        role: 'osaka',
        form: () => ({}),
        upload: async () => [
          { name: 'key', value: 'matrix-closure-upload-key' },
          { name: 'reason', value: '年末年始' },
          { name: 'step', value: 'apply' },
          {
            name: 'file',
            filename: 'closures.csv',
            content: `機関コード,開始日,終了日,区分,変更後の時間,備考\n${fixture.closureCode},${closureDay(70)},${closureDay(70)},時間変更,10:00-15:00,\n`,
          },
        ],
        done: /^\/closures\/[^/?]+\?done=applied$/,
        effect: async () =>
          assert.equal((await listAudit(platform.rt.deps.db, { type: 'closure.batch_applied' })).length, 3, 'the fixture, the filter and this one'),
      },
      'POST /closures/:id/undo': {
        role: 'osaka',
        form: () => ({}),
        done: /\?done=undone$/,
        effect: async () => assert.equal((await listAudit(platform.rt.deps.db, { type: 'closure.batch_undone' })).length, 1),
      },
      'POST /review/publications/:institutionId/stop': { role: 'osaka', form: () => ({ reason: '問い合わせ中のため', confirm: '1' }), done: /\?done=stopped$/ },
      'POST /review/publications/:institutionId/lift': { role: 'osaka', form: () => ({ reason: '回答があったため', confirm: '1' }), done: /\?done=lifted$/ },
      // 大阪府's hospitals from the template (hospitalA's institution, its new report), 交通手段 changed, saved.
      'POST /review/reports/import': {
        role: 'osaka',
        form: () => ({}),
        upload: async () => {
          const rows = parse((await browsers.get('osaka')!.get(pathOf('/review/reports/export'))).body.replace(/^\uFEFF/, '')) as string[][];
          const transport = rows[0]!.findIndex((h) => h.endsWith('[access.transport.text]'));
          for (const row of rows.slice(1)) row[transport] = '大阪駅から徒歩5分';
          return [
            { name: 'items', filename: 'osaka-hospitals.csv', content: stringify(rows) },
            { name: 'mode', value: 'save' },
          ];
        },
        done: /.*/,
        effect: async () =>
          assert.equal((await listAudit(platform.rt.deps.db, { type: 'report.imported' })).length, 2, 'this import and the institution’s own CSV'),
      },
      // A new clinic of 大阪府 added to the master (the header as the export writes it).
      'POST /institutions/import': {
        role: 'osaka',
        form: () => ({}),
        upload: async () => {
          const header = parse((await browsers.get('osaka')!.get('/institutions/export')).body.replace(/^\uFEFF/, ''))[0] as string[];
          const row = [
            '診療所',
            '27',
            'MX1',
            '',
            'マトリクス新規クリニック',
            'マトリクスシンキ',
            '27127',
            '5300001',
            '大阪市北区梅田1-1',
            '',
            '06-4444-5555',
            '開設',
          ];
          return [
            { name: 'file', filename: 'osaka-master.csv', content: stringify([header, row]) },
            { name: 'mode', value: 'apply' },
          ];
        },
        done: /.*/,
        effect: async () => assert.equal((await listAudit(platform.rt.deps.db, { type: 'institutions.imported' })).length, 1, 'audited'),
      },
    };
    const proxyForm = () => ({
      kind: '診療所',
      name: '代理申請の診療所',
      name_kana: 'ダイリ',
      institution_code: 'M80',
      insurance_code: '',
      postcode: '5300001',
      prefecture_code: '27',
      municipality_code: '27127',
      address: '梅田2',
      building: '',
      phone: '06-1234-5678',
      department: '',
      department_number: '',
      contact_name: '代理 次郎',
      email: 'proxy@example.jp',
      email_confirm: 'proxy@example.jp',
    });

    test('every POST that is not public has an allowed case, by a role the table allows', () => {
      const posts = Object.entries(ACCESS).filter(([route, access]) => route.startsWith('POST ') && !('public' in access));
      assert.deepEqual(
        posts.map(([r]) => r).filter((r) => !(r in ALLOWED_POSTS)),
        [],
        'POSTs without an allowed case',
      );
      for (const [route, access] of posts) {
        const allowed = 'signedIn' in access ? SIGNED_IN : 'only' in access ? access.only : [];
        assert.ok(allowed.includes(ALLOWED_POSTS[route]!.role), `${route}: ${ALLOWED_POSTS[route]!.role} is not allowed by the table`);
      }
    });

    for (const [route, c] of Object.entries(ALLOWED_POSTS)) {
      test(`${route} does its work for ${c.role}`, async () => {
        const url = route.split(' ')[1]!;
        const path = c.path?.() ?? pathOf(url);
        const browser = browsers.get(c.role)!;
        const multipart = c.upload ? multipartBody([{ name: '_csrf', value: await tokenFor(c.role) }, ...(await c.upload())]) : undefined;
        const r = multipart
          ? await browser.request('POST', path, multipart.body, { 'content-type': multipart.contentType })
          : await browser.request('POST', path, { _csrf: await tokenFor(c.role), ...c.form() });
        assert.ok(r.status === 303 || r.status === 200, `${r.status}`);
        if (r.status === 303) {
          assert.match(r.location!, c.done);
          assert.doesNotMatch(r.location!, /problem=|login/);
        } else assert.doesNotMatch(r.body, /error-summary|入力内容を確認してください/);
        await c.effect?.();
      });
    }

    test('the queue lists the fixture to those who review 大阪市北区, and never to the others', async () => {
      for (const role of [...REVIEWERS, 'tokyo'] as Role[]) {
        const r = await browsers.get(role)!.get('/review/registrations?status=all');
        assert.equal(r.status, 200);
        assert.equal(r.body.includes(SECRET_CLINIC), REVIEWERS_OF_FIXTURE.includes(role), role);
      }
    });
  });

  // ── Med-Login and 医療情報ネット: who is signed in there is all that decides ─────────────────────
  type OriginAccess = { public: string } | { signedIn: true };
  const SHARED: Record<string, OriginAccess> = {
    'GET /static/*': PUBLIC('stylesheets and scripts') as OriginAccess,
    'GET /static/tokens.css': PUBLIC('design tokens') as OriginAccess,
    'GET /static/common-passwords.json': PUBLIC('the password checklist’s list') as OriginAccess,
    'GET /healthz': PUBLIC('probe') as OriginAccess,
    'GET /metrics': PUBLIC('Prometheus; restricted at the proxy') as OriginAccess,
  };
  const ORIGINS: Record<
    'login' | 'navi',
    {
      access: Record<string, OriginAccess>;
      signIn: () => Promise<Browser>;
      allowed: Record<string, { form: (b: Browser) => Promise<Record<string, string>>; done: RegExp }>;
    }
  > = {
    login: {
      access: {
        ...SHARED,
        'GET /.well-known/openid-configuration': { public: 'discovery' },
        'GET /oidc/*': { public: 'oidc-provider (its own checks)' },
        'POST /oidc/*': { public: 'oidc-provider (its own checks)' },
        'OPTIONS /oidc/*': { public: 'oidc-provider (its own checks)' },
        'POST /oidc/auth': { public: 'repeated as a GET' },
        'POST /oidc/session/end': { public: 'repeated as a GET' },
        'GET /interaction/:uid': { public: 'bound to the interaction cookie' },
        'POST /interaction/:uid/consent': { public: 'bound to the interaction cookie' },
        'GET /interaction/:uid/refuse': { public: 'bound to the interaction cookie (却下 asked first)' },
        'GET /': { public: 'the chooser, or the way to ログイン' },
        'GET /login': { public: 'ログイン' },
        'POST /login': { public: 'ログイン' },
        'POST /logout': { public: 'ends whatever session the browser has' },
        'GET /welcome/:token': { public: 'the link in the mail is the credential' },
        'POST /welcome/:token': { public: 'the link in the mail is the credential' },
        'GET /password/forgot': { public: 'パスワードを忘れた方' },
        'POST /password/forgot': { public: 'パスワードを忘れた方' },
        'GET /password/forgot/sent': { public: 'パスワードを忘れた方' },
        'POST /password/forgot/resend': { public: 'パスワードを忘れた方' },
        'GET /password/reset/:token': { public: 'the link in the mail is the credential' },
        'POST /password/reset/:token': { public: 'the link in the mail is the credential' },
        'GET /dev/mailbox': { public: 'development only (no SMTP, not production)' },
        'GET /account/sessions': { signedIn: true },
        'POST /account/sessions/end': { signedIn: true },
        'POST /account/consents/revoke': { signedIn: true },
      },
      signIn: async () => {
        const username = (
          await accountWithPassword(platform.rt.deps, {
            category: '病院',
            displayName: 'Med-Login 担当',
            email: `ml-${Math.random().toString(36).slice(2, 8)}@example.jp`,
            password: MATRIX_PASSWORD,
          })
        ).username;
        const b = new Browser(platform.url.login);
        const r = await b.submit('/login', '/login', { username, password: MATRIX_PASSWORD });
        assert.equal(r.status, 303, 'signed in to Med-Login');
        return b;
      },
      allowed: {
        // Ends this browser's own session (the one the page lists), so the next request is signed out.
        'POST /account/sessions/end': {
          form: async (b) => ({ session: /name="session" value="([^"]+)"/.exec((await b.get('/account/sessions')).body)![1]! }),
          done: /^\/login\?logged_out=1$/,
        },
        'POST /account/consents/revoke': { form: async () => ({ consent: 'no-such-consent' }), done: /^\/account\/sessions\?done=revoked$/ },
      },
    },
    navi: {
      access: {
        ...SHARED,
        'GET /': { public: '医療情報ネット’s front page' },
        'GET /search': { public: 'the public search of published facilities (医療機関を探す / 薬局を探す)' },
        'GET /facilities/:facilityId': { public: 'a facility’s published record (404 when it is not public)' },
        'GET /preferences/lang': { public: 'the visitor’s language, kept in a cookie' },
        'GET /preferences/text-size': { public: 'the visitor’s 文字サイズ, kept in a cookie' },
        'GET /favourites': { public: 'お気に入り病院等, kept in the browser' },
        'GET /feedback': { public: 'ご意見 (no account)' },
        'POST /feedback': { public: 'ご意見 (no account; a per-address limit)' },
        'GET /survey': { public: '満足度調査 (no account)' },
        'POST /survey': { public: '満足度調査 (no account; a per-address limit)' },
        'GET /feedback/thanks': { public: 'the thank-you page after ご意見 or 満足度調査' },
        'GET /api/v1/search': { public: 'the public JSON API: a search of published facilities' },
        'GET /api/v1/facilities/:id': { public: 'the public JSON API: a published record (404 when it is not public)' },
        'GET /api/v1/openapi.json': { public: 'the public JSON API’s OpenAPI document' },
        'OPTIONS /api/v1/*': { public: 'CORS preflight of the public JSON API' },
        'GET /staff/login': { public: 'ログイン' },
        'POST /staff/login': { public: 'ログイン' },
        'POST /staff/logout': { public: 'ends whatever session the browser has' },
        'GET /staff/password/forgot': { public: 'パスワードを忘れた方' },
        'POST /staff/password/forgot': { public: 'パスワードを忘れた方' },
        'GET /staff/password/forgot/sent': { public: 'パスワードを忘れた方' },
        'GET /staff/password/reset/:token': { public: 'the link in the mail is the credential' },
        'POST /staff/password/reset/:token': { public: 'the link in the mail is the credential' },
        'GET /sso/start': { public: 'starts single sign-on' },
        'GET /sso/callback': { public: 'single sign-on callback (state-checked)' },
        'POST /sso/backchannel-logout': { public: 'Med-Login’s signed logout token' },
        'GET /staff': { signedIn: true },
        'GET /staff/search': { signedIn: true },
        'GET /staff/search/csv': { signedIn: true },
        'GET /staff/password/change': { signedIn: true },
        'POST /staff/password/change': { signedIn: true },
      },
      signIn: async () => {
        const issued = await issueNaviAccount(platform.rt.deps, {
          userId: `mx-${Math.random().toString(36).slice(2, 8)}`,
          displayName: '医療情報ネット 担当',
          email: `nv-${Math.random().toString(36).slice(2, 8)}@example.jp`,
          issuedBy: 'test',
        });
        assert.ok(issued.ok);
        const b = new Browser(platform.url.navi);
        const r = await b.submit('/staff/login', '/staff/login', { user_id: issued.account.user_id, password: issued.temporaryPassword });
        assert.equal(r.status, 303, 'signed in to 医療情報ネット');
        naviTemporary.set(b, issued.temporaryPassword);
        return b;
      },
      allowed: {
        'POST /staff/password/change': {
          form: async (b) => ({ current_password: naviTemporary.get(b)!, password: MATRIX_NEW_PASSWORD, confirmation: MATRIX_NEW_PASSWORD }),
          done: /^\/staff\?changed=1$/,
        },
      },
    },
  };
  const MATRIX_PASSWORD = 'Matrix-Passphrase-2026';
  const MATRIX_NEW_PASSWORD = 'Another-Matrix-Passphrase-2026';
  const naviTemporary = new WeakMap<Browser, string>();

  for (const [origin, o] of Object.entries(ORIGINS) as Array<[keyof typeof ORIGINS, (typeof ORIGINS)[keyof typeof ORIGINS]]>) {
    describe(`${origin === 'login' ? 'Med-Login' : '医療情報ネット'} authorization matrix`, () => {
      const base = () => platform.url[origin];
      const fill = (url: string) => url.replace(':token', 'x'.repeat(43)).replace(':uid', 'no-such-interaction').replace('*', 'css/app.css');

      test('every route the application serves is in the table, and the table names no route it does not serve', () => {
        const served = platform.servers.apps[origin]!.routeTable.map((r) => `${r.method} ${r.url}`);
        assert.deepEqual(
          served.filter((r) => !(r in o.access)),
          [],
          'routes without a declared policy',
        );
        assert.deepEqual(
          Object.keys(o.access).filter((r) => !served.includes(r)),
          [],
          'declared routes the application does not serve',
        );
      });

      for (const [route, access] of Object.entries(o.access)) {
        if ('public' in access) continue;
        const [method, url] = route.split(' ') as ['GET' | 'POST', string];
        test(`${route} refused to a browser that is not signed in`, async () => {
          const b = new Browser(base());
          const form = method === 'POST' ? { _csrf: csrfTokenIn((await b.get(origin === 'login' ? '/login' : '/staff/login')).body) } : undefined;
          const r = await b.request(method, fill(url), form);
          assert.ok(r.status === 303 || r.status === 403 || r.status === 401, `${r.status}`);
          if (r.status === 303) assert.match(r.location!, /login/);
        });
        if (method === 'GET') {
          test(`${route} opens when signed in`, async () => {
            const b = await o.signIn();
            if (origin === 'navi')
              await b.submit('/staff/password/change', '/staff/password/change', {
                current_password: naviTemporary.get(b)!,
                password: MATRIX_NEW_PASSWORD,
                confirmation: MATRIX_NEW_PASSWORD,
              });
            const r = await b.get(fill(url));
            assert.equal(r.status, 200);
            assertSignOut(r, origin === 'login' ? '/logout' : '/staff/logout', route);
          });
        } else {
          test(`${route} does its work when signed in`, async () => {
            const c = o.allowed[route];
            assert.ok(c, `${route} has an allowed case`);
            const b = await o.signIn();
            const page = await b.get(origin === 'login' ? '/account/sessions' : '/staff/password/change');
            const r = await b.request('POST', fill(url), { _csrf: csrfTokenIn(page.body), ...(await c.form(b)) });
            assert.equal(r.status, 303);
            assert.match(r.location!, c.done);
          });
        }
      }
    });
  }
});
