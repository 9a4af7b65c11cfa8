// 医療情報ネット's habits over real HTTP, on SQLite and PostgreSQL: 文字サイズ and the language kept in
// cookies for a year and sent back to a path on this origin only; the favourites page's frame;
// ご意見 and 満足度調査 — CSRF, field-level messages with the typed values kept (Japanese and English),
// stored with an audit event, the thank-you page, a per-address limit; the office's listing lines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAudit } from '../../audit/audit-log.ts';
import { feedbackLines } from '../../cli/feedback.ts';
import { listFeedback } from '../../navi/feedback-repository.ts';
import { FEEDBACK_BUDGET } from '../../navi/feedback.ts';
import { ManualClock } from '../../platform/clock.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import type { Ports } from '../../ports.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { Browser, csrfTokenIn } from '../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { FAVOURITE_WORDS } from './favourites-page.tsx';
import { FEEDBACK_WORDS, problemText } from './feedback-page.tsx';
import { PREFERENCE_MAX_AGE_S } from './preferences.ts';

const unescape = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describeEachEngine('医療情報ネット habits', (engine) => {
  let platform: TestPlatform;
  let deps: Ports;
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 1, 0, 0));
  const visitor = () => new Browser(platform.url.navi);

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    deps = platform.rt.deps;
  });
  after(() => platform.close());

  test('文字サイズ: a cookie for a year, back to the same page, the class and the pressed button on every page', async () => {
    const b = visitor();
    const r = await b.get('/preferences/text-size?to=l&back=%2Ffeedback%3Flang%3Dja');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/feedback?lang=ja');
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('navi_text='));
    assert.match(cookie ?? '', /^navi_text=l;/);
    assert.match(cookie ?? '', new RegExp(`Max-Age=${PREFERENCE_MAX_AGE_S}`));
    assert.match(cookie ?? '', /HttpOnly/);
    for (const path of ['/feedback', '/survey', '/favourites', '/facilities/1310000000000']) {
      const page = await b.get(path);
      assert.match(page.body, /<html lang="ja" class="text-l">/, path);
      assert.match(page.body, /value="l" class="navi-prefs__size-button navi-prefs__size-button--l" aria-pressed="true">大</, path);
      assert.match(page.body, /value="m" class="[^"]*" aria-pressed="false">中</, path);
      assert.match(page.body, new RegExp(`name="back" value="${path.replace(/\//g, '\\/')}"`), `${path}: the form comes back here`);
    }
    // An unknown size changes nothing.
    const odd = await b.get('/preferences/text-size?to=xl&back=/survey');
    assert.equal(odd.location, '/survey');
    assert.equal(odd.headers.getSetCookie().length, 0);
    assert.match((await b.get('/survey')).body, /class="text-l"/);
    // Medium by default.
    assert.match((await visitor().get('/survey')).body, /<html lang="ja" class="text-m">/);
  });

  test('the way back is a path on this origin only: anything else goes to the home', async () => {
    for (const back of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/%5cevil.example',
      '/.//evil.example',
      'javascript:alert(1)',
      '',
      'feedback',
    ]) {
      const r = await visitor().get(`/preferences/text-size?to=s&${new URLSearchParams({ back }).toString()}`);
      assert.equal(r.status, 303, back);
      assert.equal(r.location, '/', back);
      const l = await visitor().get(`/preferences/lang?to=en&${new URLSearchParams({ back }).toString()}`);
      assert.equal(l.location, '/', back);
    }
    assert.equal((await visitor().get('/preferences/lang?to=en')).location, '/');
  });

  test('the language: a cookie, ?lang= dropped from the way back, English everywhere after; ?lang= still wins for one page', async () => {
    const b = visitor();
    const ja = await b.get('/survey');
    const link = /<a class="navi-prefs__lang" href="([^"]+)" lang="en" hreflang="en">English<\/a>/.exec(ja.body);
    assert.ok(link, 'the header offers English');
    assert.equal(unescape(link[1]!), '/preferences/lang?to=en&back=%2Fsurvey');
    const r = await b.get('/preferences/lang?to=en&back=%2Fsearch%3Fq%3D%E7%9C%BC%26lang%3Dja%26page%3D2');
    assert.equal(r.location, '/search?q=%E7%9C%BC&page=2');
    assert.match(r.headers.getSetCookie().find((c) => c.startsWith('navi_lang=')) ?? '', /^navi_lang=en;.*Max-Age=31536000/);
    const en = await b.get('/survey');
    assert.match(en.body, /<html lang="en" class="text-m">/);
    assert.match(en.body, new RegExp(FEEDBACK_WORDS.en.surveyTitle));
    assert.match(en.body, />日本語<\/a>/);
    assert.match(en.body, /<span class="site-header__product" lang="ja">医療情報ネット<\/span>/);
    assert.match((await b.get('/favourites')).body, new RegExp(`<h1 class="page-title">${FAVOURITE_WORDS.en.title}</h1>`));
    assert.match((await b.get('/survey?lang=ja')).body, /<html lang="ja"/, '?lang= overrides the cookie');
    await b.get('/preferences/lang?to=ja&back=/survey');
    assert.match((await b.get('/survey')).body, /<html lang="ja"/);
  });

  test('お気に入り病院等: the page renders the list’s frame hidden for the script, and says why without JavaScript', async () => {
    const page = await visitor().get('/favourites');
    assert.equal(page.status, 200);
    assert.match(page.body, /<noscript><p class="notice notice--info">お気に入りは、このブラウザの中に保存しています。/);
    assert.match(page.body, /<section class="favourites-area"[^>]*data-favourites[^>]*hidden>/);
    assert.match(page.body, /<script type="module" src="\/static\/js\/favourites.js"><\/script>/);
    const footer = /<footer[\s\S]*<\/footer>/.exec(page.body)![0];
    for (const href of ['/feedback', '/survey', '/favourites', '/staff/login']) assert.match(footer, new RegExp(`href="${href}"`), href);
  });

  test('ご意見: CSRF checked; a mistake said beside its field with what was typed kept; stored with an audit event; thanks', async () => {
    const b = visitor();
    const form = await b.get('/feedback');
    assert.equal(form.status, 200);
    assert.equal((await b.request('POST', '/feedback', { body: 'no token' })).status, 403);

    const bad = await b.request('POST', '/feedback', {
      _csrf: csrfTokenIn(form.body),
      topic: 'search',
      body: '　',
      contact_name: '山田',
      contact_email: 'hanako＠example',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, new RegExp(`<p class="field__error" id="body-error">${MESSAGES['feedback.body.required']}</p>`));
    assert.match(bad.body, /<p class="field__error" id="contact_email-error">メールアドレスの形が正しくありません。/);
    assert.match(bad.body, /<option value="search" selected>検索について<\/option>/, 'the topic kept');
    assert.match(bad.body, /id="contact_name"[^>]*value="山田"/, 'the name kept');
    assert.match(bad.body, /value="hanako＠example"/, 'the address kept as typed');
    assert.match(bad.body, /<a href="#body">ご意見を入力してください。<\/a>/, 'the summary links to the field');

    const long = await b.request('POST', '/feedback', {
      _csrf: csrfTokenIn(bad.body),
      topic: '',
      body: 'あ'.repeat(2001),
      contact_name: '',
      contact_email: '',
    });
    assert.equal(long.status, 422);
    assert.match(long.body, new RegExp(MESSAGES['feedback.body.too_long']));
    const unknownTopic = await b.request('POST', '/feedback', { _csrf: csrfTokenIn(bad.body), topic: 'gossip', body: 'x' });
    assert.match(unknownTopic.body, new RegExp(MESSAGES['feedback.topic.unknown']));

    const ok = await b.request('POST', '/feedback', {
      _csrf: csrfTokenIn(bad.body),
      topic: 'search',
      body: '１文字の検索でも\r\n探せて便利でした。',
      contact_name: '山田　花子',
      contact_email: 'ｈａｎａｋｏ＠example.jp',
    });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/feedback/thanks?for=opinion');
    const thanks = await b.get(ok.location);
    assert.match(thanks.body, new RegExp(FEEDBACK_WORDS.ja.thanksOpinion));

    const [row] = await listFeedback(deps.db, { kind: 'opinion', limit: 5 });
    assert.ok(row);
    assert.deepEqual(
      { kind: row.kind, topic: row.topic, body: row.body, name: row.contact_name, email: row.contact_email, lang: row.lang, at: row.received_at },
      {
        kind: 'opinion',
        topic: 'search',
        body: '１文字の検索でも\n探せて便利でした。',
        name: '山田 花子',
        email: 'hanako@example.jp',
        lang: 'ja',
        at: clock.now(),
      },
    );
    const audit = (await listAudit(deps.db, { type: 'navi.feedback.received' }))[0];
    assert.ok(audit, 'an audit event');
    assert.equal(JSON.parse(audit.details).feedbackId, row.id);
    assert.equal(audit.ip !== null, true);
    assert.deepEqual(feedbackLines(row).slice(1), ['    １文字の検索でも', '    探せて便利でした。', '    連絡先: 山田 花子 hanako@example.jp']);
    assert.match(feedbackLines(row)[0]!, /^2026.*ご意見  検索について$/);
  });

  test('満足度調査: both questions asked, the comment optional; English words for an English visitor', async () => {
    const b = visitor();
    const form = await b.get('/survey');
    const bad = await b.request('POST', '/survey', { _csrf: csrfTokenIn(form.body), comment: '薬局の営業時間' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, new RegExp(MESSAGES['feedback.satisfaction.required']));
    assert.match(bad.body, new RegExp(MESSAGES['feedback.found.required']));
    assert.match(bad.body, />薬局の営業時間<\/textarea>/, 'the comment kept');
    assert.match(bad.body, /<a href="#satisfaction">/);
    assert.match(bad.body, /<input type="radio" name="satisfaction" id="satisfaction" value="5"/, 'the summary’s link lands on the first choice');

    const half = await b.request('POST', '/survey', { _csrf: csrfTokenIn(bad.body), satisfaction: '4', found: '', comment: '' });
    assert.match(half.body, /<input type="radio" name="satisfaction" id="satisfaction-4" value="4" checked/, 'the choice kept');
    assert.equal((await b.request('POST', '/survey', { _csrf: csrfTokenIn(bad.body), satisfaction: '6', found: 'yes' })).status, 422);

    const ok = await b.request('POST', '/survey', { _csrf: csrfTokenIn(bad.body), satisfaction: '4', found: 'partly', comment: '' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/feedback/thanks?for=survey');
    const [row] = await listFeedback(deps.db, { kind: 'survey', limit: 1 });
    assert.deepEqual([row?.satisfaction, row?.found, row?.body], [4, 'partly', null]);
    assert.match(feedbackLines(row!)[0]!, /満足度調査  満足度 4（やや満足）  見つかったか: 一部見つかった$/);

    clock.advance(1000);
    // The English ご意見 marks its required fields in English.
    const opinionEn = await b.get('/feedback?lang=en');
    assert.match(opinionEn.body, />Required</);
    assert.doesNotMatch(opinionEn.body, /※必須/);
    assert.match((await b.get('/feedback')).body, /※必須/);
    const en = await b.get('/survey?lang=en');
    assert.match(en.body, /action="\/survey\?lang=en"/);
    const enBad = await b.request('POST', '/survey?lang=en', { _csrf: csrfTokenIn(en.body), satisfaction: '', found: 'no' });
    assert.equal(enBad.status, 422);
    assert.match(enBad.body, /<html lang="en"/);
    assert.match(enBad.body, new RegExp(problemText('feedback.satisfaction.required', 'en')));
    assert.match(enBad.body, new RegExp(FEEDBACK_WORDS.en.summary));
    const enOk = await b.request('POST', '/survey?lang=en', {
      _csrf: csrfTokenIn(en.body),
      satisfaction: '2',
      found: 'no',
      comment: 'Opening hours in English',
    });
    assert.equal(enOk.location, '/feedback/thanks?for=survey&lang=en');
    assert.equal((await listFeedback(deps.db, { kind: 'survey', limit: 1 }))[0]?.lang, 'en');
    assert.deepEqual((await listFeedback(deps.db, { since: clock.now() + 1, limit: 10 })).length, 0, '--since leaves out what came before');
  });

  test('hostile input answers below 500: NUL, control characters, lone surrogates, repeated fields, huge text', async () => {
    clock.advance(FEEDBACK_BUDGET.windowMs + 1);
    const b = visitor();
    const token = csrfTokenIn((await b.get('/feedback')).body);
    const nasty = ['\u0000', 'a\u0000b', '\ud800', '\u202e<script>', "'; drop table navi_feedback; --", 'x'.repeat(5000)];
    for (const v of nasty) {
      for (const [path, fields] of [
        ['/feedback', { topic: v, body: v, contact_name: v, contact_email: v }],
        ['/survey', { satisfaction: v, found: v, comment: v }],
      ] as const) {
        const r = await b.request('POST', path, { _csrf: token, ...fields });
        assert.ok(r.status === 303 || r.status === 422, `${path} ${JSON.stringify(v.slice(0, 20))}: ${r.status}`);
      }
    }
    clock.advance(1000);
    const repeated = await b.request('POST', '/feedback', `_csrf=${encodeURIComponent(token)}&body=one&body=two`);
    assert.equal(repeated.status, 303);
    const stored = await listFeedback(deps.db, { limit: 50 });
    assert.ok(
      stored.every((f) => !/[\u0000-\u0008]/.test(`${f.body ?? ''}${f.contact_name ?? ''}${f.contact_email ?? ''}`)),
      'no control characters stored',
    );
    assert.equal(stored[0]?.body, 'one');
  });

  test('a flood from one address is refused with 429 and the typed text kept; the next hour it is taken again', async () => {
    clock.advance(FEEDBACK_BUDGET.windowMs + 1);
    const b = visitor();
    const token = csrfTokenIn((await b.get('/feedback')).body);
    const send = (n: number) => b.request('POST', '/feedback', { _csrf: token, body: `ご意見 ${n}` });
    for (let n = 0; n < FEEDBACK_BUDGET.max; n++) assert.equal((await send(n)).status, 303, `message ${n}`);
    const refused = await send(99);
    assert.equal(refused.status, 429);
    assert.match(refused.body, new RegExp(MESSAGES['feedback.rate_limited']));
    assert.match(refused.body, />ご意見 99<\/textarea>/);
    assert.ok(refused.headers.get('retry-after'));
    clock.advance(FEEDBACK_BUDGET.windowMs + 1);
    assert.equal((await send(100)).status, 303);
  });
});
