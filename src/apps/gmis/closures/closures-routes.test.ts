// 臨時休診一括処理 over real HTTP on the real platform, on SQLite and PostgreSQL: the pages are the
// prefecture's and its health centres' (an institution and the office are refused); a CSV with a
// mistake answers 422 with the line, column and message and registers nothing; fixed, 「確認のみ」
// registers nothing and 「登録する」 makes one batch (sent again with the same key: the same batch);
// 医療情報ネット's facility page shows it and 急いで探す leaves the clinic out; the filter's field
// problems beside the fields with what was typed kept; 取り消す ends it everywhere.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Account, Institution } from '../../../db/schema.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { publishOpenClinic } from '../../../testing/closures.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { Browser, csrfTokenIn, type Response } from '../../../testing/http-client.ts';
import { multipartBody } from '../../../testing/multipart.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution } from '../../../testing/reporting.ts';

describeEachEngine('臨時休診の一括登録 (HTTP)', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(jstMidnight(2026, 12, 20) + 10 * 3_600_000);
  const h = () => platform.rt.handle;
  let tokyo: Account;
  let centre: Account;
  let clinic: Institution;
  let facilityId = '';

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    tokyo = await addAccount(h(), clock, '都道府県', { prefectureCode: '13' });
    centre = await addAccount(h(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    clinic = await addInstitution(h(), clock, { name: '銀座休診テストクリニック', institution_code: '2000000001' });
    await addInstitution(h(), clock, { name: '京橋テストクリニック', institution_code: '2000000002' });
    facilityId = await publishOpenClinic(h(), clock, clinic);
  });
  after(() => platform.close());

  const as = (a: Account) => gmisBrowserAs(platform, a.id);
  const keyIn = (html: string) => /name="key" value="([^"]+)"/.exec(html)![1]!;
  function upload(b: Browser, page: string, csv: string | Buffer, step: 'check' | 'apply', key = keyIn(page)): Promise<Response> {
    const { body, contentType } = multipartBody([
      { name: '_csrf', value: csrfTokenIn(page) },
      { name: 'key', value: key },
      { name: 'reason', value: '年末年始' },
      { name: 'step', value: step },
      { name: 'file', filename: 'closures.csv', content: csv },
    ]);
    return b.request('POST', '/closures/upload', body, { 'content-type': contentType });
  }
  const closures = async () => (await h().db.selectFrom('temporary_closures').select('id').execute()).length;
  const header = '機関コード,開始日,終了日,区分,変更後の時間,備考\n';

  test('the pages are the prefecture’s and its health centres’', async () => {
    assert.equal((await (await as(tokyo)).get('/closures')).status, 200);
    assert.equal((await (await as(centre)).get('/closures/new')).status, 200);
    const office = await addAccount(h(), clock, '事務局', { prefectureCode: null });
    assert.equal((await (await as(office)).get('/closures')).status, 403);
    const staff = await addAccount(h(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    assert.equal((await (await as(staff)).get('/closures/new')).status, 403);
  });

  test('a mistake: 422 with line, column and message, nothing registered; fixed: checked, then registered once', async () => {
    const b = await as(tokyo);
    const page = (await b.get('/closures/new')).body;
    const wrong = await upload(b, page, `${header}2000000001,2026-12-29,2027-01-03,休診,,\n2000000002,2027-01-05,2027-01-04,休診,,\n`, 'apply');
    assert.equal(wrong.status, 422);
    assert.match(wrong.body, /<tr data-line="3" data-column="終了日"><td>3行目<\/td><td>終了日<\/td><td>終了日が開始日より前になっています。<\/td><\/tr>/);
    assert.equal(await closures(), 0);

    const fixed = `\uFEFF${header}2000000001,2026-12-29,2027-01-03,休診,,年末年始はお休みします\n2000000002,2026-12-28,2026-12-28,時間変更,9:00-12:00,\n`;
    const checked = await upload(b, wrong.body, fixed, 'check');
    assert.equal(checked.status, 200);
    assert.match(checked.body, /2件を確かめました/);
    assert.equal(await closures(), 0);

    const key = keyIn(checked.body);
    const applied = await upload(b, checked.body, fixed, 'apply', key);
    assert.equal(applied.status, 303);
    const location = applied.headers.get('location')!;
    assert.match(location, /^\/closures\/[^/?]+\?done=applied$/);
    const again = await upload(b, checked.body, fixed, 'apply', key);
    assert.equal(again.headers.get('location'), location.replace('applied', 'repeated'));
    assert.equal(await closures(), 2);
    const batch = await b.get(location);
    assert.match(batch.body, /臨時休診を登録しました/);
    assert.match(batch.body, /data-closures="2"/);

    // 医療情報ネット: the page says it (from two weeks before); 急いで探す leaves it out on the 30th.
    const navi = new Browser(platform.url.navi);
    const facility = await navi.get(`/facilities/${facilityId}`);
    assert.match(facility.body, /臨時休診・診療時間の変更のお知らせ/);
    assert.match(facility.body, /2026年12月29日 – 2027年1月3日<\/strong> <span>休診<\/span>/);
    assert.match(facility.body, /年末年始はお休みします/);
    const openAt = async () => (await navi.get(`/api/v1/search?pref=13&open_at=${encodeURIComponent('2026-12-30T10:00:00+09:00')}`)).body;
    assert.doesNotMatch(await openAt(), new RegExp(facilityId));

    // 取り消す: gone everywhere.
    const undone = await b.submit(location, `${location.split('?')[0]}/undo`, {});
    assert.equal(undone.status, 303);
    assert.match(undone.headers.get('location')!, /\?done=undone$/);
    assert.equal(await closures(), 0);
    assert.doesNotMatch((await navi.get(`/facilities/${facilityId}`)).body, /臨時休診・診療時間の変更のお知らせ/);
    assert.match(await openAt(), new RegExp(facilityId));
  });

  test('no reason for the CSV: the message beside the CSV form’s 理由, not the filter form’s', async () => {
    const b = await as(tokyo);
    const page = (await b.get('/closures/new')).body;
    const { body, contentType } = multipartBody([
      { name: '_csrf', value: csrfTokenIn(page) },
      { name: 'key', value: keyIn(page) },
      { name: 'reason', value: '' },
      { name: 'step', value: 'check' },
      { name: 'file', filename: 'closures.csv', content: `${header}2000000001,2027-03-01,2027-03-01,休診,,\n` },
    ]);
    const r = await b.request('POST', '/closures/upload', body, { 'content-type': contentType });
    assert.equal(r.status, 422);
    assert.match(r.body, /<a href="#csv-reason">理由を選んでください。/);
    assert.match(r.body, /<p class="field__error" id="csv-reason-error">理由を選んでください。/);
    assert.equal(r.body.match(/ id="reason"/g)?.length, 1, 'one element with the filter’s id');
    assert.equal(await closures(), 0);
  });

  test('the filter: each problem beside its field, what was typed kept; then registered for the clinics chosen', async () => {
    const b = await as(centre);
    const page = (await b.get('/closures/new')).body;
    const form = {
      key: keyIn(page),
      municipality: '13102',
      codes: '',
      starts_on: '2027/2/30',
      ends_on: '2027-02-01',
      closure_mode: 'hours',
      hours: '',
      note: '停電',
      reason: '',
    };
    const wrong = await b.submit('/closures/new', '/closures/filter', { ...form, step: 'apply' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.body, /開始日がありえない日付です/);
    assert.match(wrong.body, /時間変更の行には、変更後の時間を/);
    assert.match(wrong.body, /理由を選んでください。/);
    assert.match(wrong.body, /value="2027\/2\/30"/);
    assert.equal(await closures(), 0);
    const ok = await b.submit('/closures/new', '/closures/filter', {
      ...form,
      key: keyIn(wrong.body),
      starts_on: '2027-02-01',
      hours: '13:00-15:00',
      reason: '停電・断水',
      step: 'apply',
    });
    assert.equal(ok.status, 303);
    assert.equal(await closures(), 2);
  });
});
