// The office's お知らせ editor over real HTTP with real G-MIS sessions, on both engines: who may use
// it, a draft (messages beside the fields, what was typed kept), publishing at a time (a ManualClock:
// invisible until then, shown from that moment), a past time refused, two editors saving the same
// version (one is saved, the other told and nothing lost), 取り下げ (gone for users, kept for the
// office), the audit events; and the domain rules the CLI shares, raced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit } from '../../../audit/audit-log.ts';
import type { AccountCategory } from '../../../db/schema.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { addNotice, createNoticeDraft, publishNotice, updateNotice, withdrawNotice } from '../../../portal/notices.ts';
import { findNotice } from '../../../portal/notice-repository.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { signedInGmisAccount } from '../../../testing/gmis-accounts.ts';
import { Browser, csrfTokenIn } from '../../../testing/http-client.ts';
import { assertShows } from '../../../testing/messages.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';

const HOUR = 3_600_000;

describeEachEngine('office お知らせ editor', (engine) => {
  let platform: TestPlatform;
  let clock: ManualClock;
  let office: Browser;
  let user: Browser;

  const signedIn = async (category: AccountCategory, displayName: string, email: string): Promise<Browser> =>
    (await signedInGmisAccount(platform, category, { displayName, email })).browser;

  /** Writes a draft through the form; its id. */
  async function draft(title: string): Promise<string> {
    const form = await office.get('/office/notices/new');
    const r = await office.request('POST', '/office/notices', { _csrf: csrfTokenIn(form.body), title, category: 'お知らせ', body: `${title}の本文です。` });
    assert.equal(r.status, 303);
    return /\/office\/notices\/([^?]+)/.exec(r.location!)![1]!;
  }

  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

  before(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 21, 0, 0)); // 2026-11-21 09:00 JST
    platform = await startTestPlatform({ engine, clock });
    office = await signedIn('事務局', '事務局 担当', 'office-notices@example.jp');
    user = await signedIn('病院', 'さくら病院 担当者', 'sakura-notices@example.jp');
  });
  after(() => platform.close());

  test('only the office: an institution and a prefecture are refused every page and form', async () => {
    const prefecture = await signedIn('都道府県', '東京都 担当', 'tokyo-notices@example.jp');
    for (const b of [user, prefecture]) {
      assert.equal((await b.get('/office/notices')).status, 403);
      assert.equal((await b.get('/office/notices/new')).status, 403);
      const home = await b.get('/');
      assert.equal((await b.request('POST', '/office/notices', { _csrf: csrfTokenIn(home.body), title: 't', category: 'お知らせ', body: 'b' })).status, 403);
    }
    assert.equal((await new Browser(platform.url.gmis).get('/office/notices')).status, 303, 'signed out: to the sign-in');
  });

  test('a draft: messages beside the fields, what was typed kept; saved, shown to no user', async () => {
    const form = await office.get('/office/notices/new');
    assert.equal(form.status, 200);
    const bad = await office.request('POST', '/office/notices', { _csrf: csrfTokenIn(form.body), title: '   ', category: '至急', body: '<b>本文</b>' });
    assert.equal(bad.status, 422);
    assertShows(bad.body, MESSAGES['notice.title.required']);
    assert.match(bad.body, /分類は/);
    assert.ok(bad.body.includes('&lt;b>本文&lt;/b>'), 'the body typed is kept, escaped');
    const noCsrf = await office.request('POST', '/office/notices', { title: 't', category: 'お知らせ', body: 'b' });
    assert.equal(noCsrf.status, 403, 'no CSRF token, no draft');

    const id = await draft('年末年始の受付について');
    const page = await office.get(`/office/notices/${id}?done=saved`);
    assertShows(page.body, MESSAGES['notice.saved']);
    assert.match(page.body, /下書き/);
    assert.equal((await user.get(`/notices/${id}`)).status, 404, 'a draft is invisible');
    assert.doesNotMatch((await user.get('/notices')).body, /年末年始の受付について/);
    assert.match((await office.get('/office/notices?state=draft')).body, /年末年始の受付について/);
  });

  test('publish at a time (JST): invisible until then, shown from that moment; a past time refused', async () => {
    const id = await draft('システム更新のお知らせ');
    const page = await office.get(`/office/notices/${id}`);
    const token = csrfTokenIn(page.body);
    const version = versionIn(page.body);
    const past = await office.request('POST', `/office/notices/${id}/publish`, { _csrf: token, version, when: 'at', publish_at: '2026-11-21 08:00' });
    assert.equal(past.status, 422);
    assertShows(past.body, MESSAGES['notice.publish_at.past']);
    assert.match(past.body, /value="2026-11-21 08:00"/);
    const unreadable = await office.request('POST', `/office/notices/${id}/publish`, { _csrf: token, version, when: 'at', publish_at: '明日の朝' });
    assertShows(unreadable.body, MESSAGES['notice.publish_at.unreadable']);
    const empty = await office.request('POST', `/office/notices/${id}/publish`, { _csrf: token, version, when: 'at', publish_at: '' });
    assertShows(empty.body, MESSAGES['notice.publish_at.required']);

    const scheduled = await office.request('POST', `/office/notices/${id}/publish`, { _csrf: token, version, when: 'at', publish_at: '2026-11-21 09:10' });
    assert.equal(scheduled.status, 303);
    assertShows((await office.get(scheduled.location!)).body, MESSAGES['notice.scheduled']);
    assert.equal((await user.get(`/notices/${id}`)).status, 404, 'scheduled: not yet');
    assert.match((await office.get('/office/notices?state=scheduled')).body, /システム更新のお知らせ/);
    // (Ten minutes: a few hours would end the test sessions, which idle out.)
    clock.advance(10 * 60_000 - 1);
    assert.equal((await user.get(`/notices/${id}`)).status, 404, 'a millisecond before 09:10 JST');
    clock.advance(1);
    assert.equal((await user.get(`/notices/${id}`)).status, 200, 'from 09:10 JST');
    assert.match((await user.get('/notices')).body, /システム更新のお知らせ/);
    const events = await listAudit(platform.rt.deps.db, { type: 'notice.published', limit: 10 });
    assert.ok(events.some((e) => JSON.parse(e.details).noticeId === id && e.username !== null));
  });

  test('two editors save the same version: one is saved, the other is told, what they typed kept', async () => {
    const id = await draft('二人で直すお知らせ');
    const a = await office.get(`/office/notices/${id}`);
    const colleague = await signedIn('事務局', '事務局 同僚', 'office-notices-2@example.jp');
    const b = await colleague.get(`/office/notices/${id}`);
    const first = await colleague.request('POST', `/office/notices/${id}`, {
      _csrf: csrfTokenIn(b.body),
      version: versionIn(b.body),
      title: '同僚が直したタイトル',
      category: '重要',
      body: '同僚の本文',
    });
    assert.equal(first.status, 303);
    const second = await office.request('POST', `/office/notices/${id}`, {
      _csrf: csrfTokenIn(a.body),
      version: versionIn(a.body),
      title: '私が直したタイトル',
      category: 'お知らせ',
      body: '私の本文',
    });
    assert.equal(second.status, 409);
    assertShows(second.body, MESSAGES['notice.stale']);
    assert.match(second.body, /value="私が直したタイトル"/, 'what this editor typed is kept');
    assert.match(second.body, /同僚の本文/, 'what the colleague saved is shown');
    assert.equal((await findNotice(platform.rt.deps.db, id))!.title, '同僚が直したタイトル', 'nothing was overwritten');
    // Saving again from that page (its version is now the current one) is a deliberate overwrite.
    const again = await office.request('POST', `/office/notices/${id}`, {
      _csrf: csrfTokenIn(second.body),
      version: versionIn(second.body),
      title: '私が直したタイトル',
      category: 'お知らせ',
      body: '私の本文',
    });
    assert.equal(again.status, 303);
    // A stale withdrawal is refused too.
    const stale = await office.request('POST', `/office/notices/${id}/withdraw`, { _csrf: csrfTokenIn(a.body), version: versionIn(a.body) });
    assert.match(stale.location!, /done=stale/);
    assert.equal((await findNotice(platform.rt.deps.db, id))!.status, 'draft');
  });

  test('取り下げ: gone for users (and from their unread count), kept for the office, not editable', async () => {
    const id = await draft('取り下げるお知らせ');
    let page = await office.get(`/office/notices/${id}`);
    await office.request('POST', `/office/notices/${id}/publish`, {
      _csrf: csrfTokenIn(page.body),
      version: versionIn(page.body),
      when: 'now',
      publish_at: '',
    });
    assert.equal((await user.get(`/notices/${id}`)).status, 200);
    page = await office.get(`/office/notices/${id}`);
    const r = await office.request('POST', `/office/notices/${id}/withdraw`, { _csrf: csrfTokenIn(page.body), version: versionIn(page.body) });
    assert.match(r.location!, /done=withdrawn/);
    assertShows((await office.get(r.location!)).body, MESSAGES['notice.withdrawn']);
    assert.equal((await user.get(`/notices/${id}`)).status, 404);
    assert.doesNotMatch((await user.get('/notices')).body, /取り下げるお知らせ/);
    const withdrawn = await office.get('/office/notices?state=withdrawn');
    assert.match(withdrawn.body, /取り下げるお知らせ/);
    page = await office.get(`/office/notices/${id}`);
    assert.doesNotMatch(page.body, new RegExp(`action="/office/notices/${id}"`), 'no edit form for a withdrawn notice');
    const edit = await office.request('POST', `/office/notices/${id}`, {
      _csrf: csrfTokenIn(page.body),
      version: '99',
      title: 'x',
      category: 'お知らせ',
      body: 'y',
    });
    assert.notEqual(edit.status, 200);
    assert.equal((await findNotice(platform.rt.deps.db, id))!.title, '取り下げるお知らせ');
    const types = (await listAudit(platform.rt.deps.db, { limit: 200 })).filter((e) => JSON.parse(e.details).noticeId === id).map((e) => e.type);
    assert.deepEqual(new Set(types), new Set(['notice.drafted', 'notice.published', 'notice.withdrawn']));
  });

  describe('the domain the CLI shares', () => {
    const by = { accountId: null, username: 'cli' };
    test('two saves of one version at once: exactly one is written', async () => {
      const deps = platform.rt.deps;
      const n = await createNoticeDraft(deps, by, { title: '競争', body: '本文', category: 'お知らせ' });
      const results = await Promise.all(
        ['一', '二', '三', '四'].map((t) => updateNotice(deps, by, n.id, n.version, { title: `版${t}`, body: '本文', category: 'お知らせ' })),
      );
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.problem === 'stale'));
      const stored = (await findNotice(deps.db, n.id))!;
      assert.equal(stored.version, n.version + 1);
    });

    test('publish and withdraw refuse what does not fit; addNotice schedules as the console does', async () => {
      const deps = platform.rt.deps;
      const n = await createNoticeDraft(deps, by, { title: '規則', body: '本文', category: '重要' });
      assert.deepEqual(await publishNotice(deps, by, n.id, undefined, clock.now() - 1).then((r) => !r.ok && r.problem), 'past');
      const out = await publishNotice(deps, by, n.id, undefined, null);
      assert.ok(out.ok);
      assert.equal(await publishNotice(deps, by, n.id, undefined, null).then((r) => !r.ok && r.problem), 'published');
      assert.ok((await withdrawNotice(deps, by, n.id, undefined)).ok);
      assert.equal(await withdrawNotice(deps, by, n.id, undefined).then((r) => !r.ok && r.problem), 'withdrawn');
      assert.equal(await publishNotice(deps, by, 'no-such-id', undefined, null).then((r) => !r.ok && r.problem), 'not_found');
      const later = await addNotice(deps, { title: '予約', body: '本文', category: 'お知らせ', publishedAt: clock.now() + HOUR, createdBy: 'cli' });
      assert.equal(later.status, 'published');
      assert.equal(later.published_at, clock.now() + HOUR);
      const earlier = await addNotice(deps, {
        title: '先週の',
        body: '本文',
        category: 'お知らせ',
        publishedAt: clock.now() - 7 * 24 * HOUR,
        createdBy: 'seed',
      });
      assert.equal(earlier.published_at, clock.now() - 7 * 24 * HOUR, 'the seed’s past times are kept');
    });
  });
});
