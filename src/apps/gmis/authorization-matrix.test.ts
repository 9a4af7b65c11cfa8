// The authorization matrix, generated from G-MIS's own route table: every route is declared here
// with who may use it, and every route that is not public is tried as every role — no account, two
// institutions, two prefectures, two health centres, an association with and one without a
// delegation, and the office. A role that may not use it gets 403 or 404 (no account: the way to
// ログイン) and none of the data behind it; lists never show another prefecture's rows. A route the
// application serves that this table does not name fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountCategory } from '../../db/schema.ts';
import { submitInquiry } from '../../gmis/inquiries.ts';
import { addNotice } from '../../gmis/notices.ts';
import { issueAccount } from '../../identity/accounts/issue-account.ts';
import { checkApplication, submitApplication } from '../../registration/application.ts';
import { Browser, csrfTokenIn } from '../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { gmisBrowserAs } from '../../testing/gmis-viewer.ts';

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
  'POST /office/accounts/:id/disable': { only: ['office'] },
  'POST /office/accounts/:id/enable': { only: ['office'] },
  'POST /office/accounts/:id/reset': { only: ['office'] },
  'POST /office/accounts/:id/unlock': { only: ['office'] },
  'GET /office/audit': { only: ['office'] },
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
  'POST /review/registrations/new/submit': { only: ['osaka', 'tokyo', 'office'] },
  'GET /review/registrations': { only: [...REVIEWERS, 'tokyo'] },
  'POST /review/registrations/approve': { only: [...REVIEWERS, 'tokyo'] },
  'GET /review/registrations/:id': { only: REVIEWERS_OF_FIXTURE },
  'POST /review/registrations/:id/approve': { only: REVIEWERS_OF_FIXTURE },
  'POST /review/registrations/:id/resend': { only: REVIEWERS_OF_FIXTURE },
  'POST /review/registrations/:id/return': { only: REVIEWERS_OF_FIXTURE },
  'POST /review/registrations/:id/reject': { only: REVIEWERS_OF_FIXTURE },
};

const SECRET_APPLICANT = 'secret-applicant@example.jp';
const SECRET_CLINIC = 'マトリクス秘密クリニック';
const SECRET_SUBJECT = '秘密の問い合わせ件名';

let platform: TestPlatform;
const browsers = new Map<Role, Browser>();
const fixture = { applicationId: '', inquiryReference: '', noticeId: '', hospitalAId: '', centreId: '', associationId: '' };

before(async () => {
  platform = await startTestPlatform();
  const deps = platform.rt.deps;
  const db = deps.db;
  const accounts: Partial<Record<Role, string>> = {};
  const make = async (role: Role, category: AccountCategory, prefectureCode: string | null) => {
    const { accountId } = await issueAccount(deps, { category, displayName: `${role} 担当`, email: `${role}@example.jp`, prefectureCode, issuedBy: 'test' });
    await db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
    accounts[role] = accountId;
    return accountId;
  };
  fixture.hospitalAId = await make('hospitalA', '病院', '27');
  await make('hospitalB', '病院', '13');
  await make('osaka', '都道府県', '27');
  await make('tokyo', '都道府県', '13');
  fixture.centreId = await make('centre', '保健所', '27');
  await db.insertInto('account_municipalities').values({ account_id: fixture.centreId, municipality_code: '27127' }).execute();
  await db.insertInto('account_municipalities').values({ account_id: await make('centreElsewhere', '保健所', '27'), municipality_code: '27128' }).execute();
  fixture.associationId = await make('association', '関係団体', null);
  await db.insertInto('prefecture_delegations').values({ account_id: fixture.associationId, prefecture_code: '27', action: 'registration.review', granted_by: null, granted_at: 0 }).execute();
  await make('associationNone', '関係団体', null);
  await make('office', '事務局', null);

  for (const role of ROLES) browsers.set(role, role === 'anonymous' ? new Browser(platform.url.gmis) : await gmisBrowserAs(platform, accounts[role]!));

  const checked = checkApplication({
    kind: '診療所', name: SECRET_CLINIC, name_kana: 'ヒミツ', institution_code: 'M1', insurance_code: '', postcode: '5300001',
    prefecture_code: '27', municipality_code: '27127', address: '梅田1', building: '', phone: '06-1234-5678',
    department: '', department_number: '', contact_name: '秘密 花子', email: SECRET_APPLICANT, email_confirm: SECRET_APPLICANT,
  });
  assert.ok(checked.ok);
  const app = await submitApplication(deps, checked.value, { ip: '192.0.2.50', userAgent: 'matrix' });
  assert.ok(app.ok);
  fixture.applicationId = app.id;
  const hospitalA = await db.selectFrom('accounts').selectAll().where('id', '=', accounts.hospitalA!).executeTakeFirstOrThrow();
  const inquiry = await submitInquiry(deps, hospitalA, { category: 'その他', subject: SECRET_SUBJECT, body: '本文', contactEmail: 'hospitalA@example.jp', contactPhone: null });
  assert.ok(inquiry.ok);
  fixture.inquiryReference = inquiry.reference;
  fixture.noticeId = (await addNotice(deps, { title: '全員へのお知らせ', body: '本文', category: 'お知らせ', publishedAt: deps.clock.now() - 1000, createdBy: 'test' })).id;
});

after(() => platform.close());

/** The URL to request for a route: parameters filled with the fixtures (or harmless values). */
function pathOf(url: string): string {
  return url
    .replace('/notices/:id', `/notices/${fixture.noticeId}`)
    .replace('/office/accounts/:id', `/office/accounts/${fixture.hospitalAId}`)
    .replace('/prefecture/staff/:id/delegation', `/prefecture/staff/${fixture.associationId}/delegation`)
    .replace('/prefecture/staff/:id', `/prefecture/staff/${fixture.centreId}`)
    .replace(':id/lift', 'no-such-block/lift')
    .replace('/office/sso/applications/:id', '/office/sso/applications/no-such-application')
    .replace(':id', fixture.applicationId)
    .replace(':reference', fixture.inquiryReference)
    .replace(':part', 'reports')
    .replace(':token', 'x'.repeat(43))
    .replace('*', 'css/app.css');
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
    assert.deepEqual(Object.keys(ACCESS).filter((r) => !served.includes(r)), [], 'declared routes the application does not serve');
  });

  for (const [route, access] of Object.entries(ACCESS)) {
    if ('public' in access) continue;
    const [method, url] = route.split(' ') as ['GET' | 'POST', string];
    const allowed = 'signedIn' in access ? SIGNED_IN : access.only;
    for (const role of ROLES.filter((r) => !allowed.includes(r))) {
      test(`${route} refused to ${role}`, async () => {
        const b = browsers.get(role)!;
        const r = method === 'GET' ? await b.get(pathOf(url)) : await b.request('POST', pathOf(url), { _csrf: await tokenFor(role), return_reason: 'x', reject_reason: 'x', resend_email: 'x@example.jp', ids: fixture.applicationId, all: '1' });
        if (role === 'anonymous') assert.ok(r.status === 303 || r.status === 403 || r.status === 404, `${r.status}`);
        else assert.ok(r.status === 403 || r.status === 404, `${role}: ${r.status}`);
        for (const secret of [SECRET_APPLICANT, SECRET_CLINIC, SECRET_SUBJECT]) assert.ok(!r.body.includes(secret), `leaked ${secret}`);
      });
    }
    if (method === 'GET') {
      for (const role of allowed) {
        test(`${route} opens for ${role}`, async () => {
          const r = await browsers.get(role)!.get(pathOf(url));
          assert.equal(r.status, 200);
        });
      }
    }
  }

  test('nothing was decided by the refused requests', async () => {
    const hospitalA = await platform.rt.deps.db.selectFrom('accounts').select('state').where('id', '=', fixture.hospitalAId).executeTakeFirstOrThrow();
    assert.equal(hospitalA.state, 'active', 'not disabled by a refused request');
    const centre = await platform.rt.deps.db.selectFrom('account_municipalities').select('municipality_code').where('account_id', '=', fixture.centreId).execute();
    assert.deepEqual(centre, [{ municipality_code: '27127' }], 'its municipalities untouched by refused requests');
    const delegations = await platform.rt.deps.db.selectFrom('prefecture_delegations').select('prefecture_code').where('account_id', '=', fixture.associationId).execute();
    assert.deepEqual(delegations, [{ prefecture_code: '27' }], 'its delegations untouched by refused requests');
    const row = await platform.rt.deps.db.selectFrom('registration_applications').select(['status', 'email']).where('id', '=', fixture.applicationId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'submitted', email: SECRET_APPLICANT });
  });

  test('the queue lists the fixture to those who review 大阪市北区, and never to the others', async () => {
    for (const role of [...REVIEWERS, 'tokyo'] as Role[]) {
      const r = await browsers.get(role)!.get('/review/registrations?status=all');
      assert.equal(r.status, 200);
      assert.equal(r.body.includes(SECRET_CLINIC), REVIEWERS_OF_FIXTURE.includes(role), role);
    }
  });
});
