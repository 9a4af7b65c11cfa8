import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { importInstitutions } from '../institutions/csv.ts';
import { APPLICATION_NUMBER_PATTERN, checkApplication, PUBLIC_APPLICATION_BUDGET, submitApplication, valuesOf, type ApplicationValues } from './application.ts';
import { listMail } from '../mail/outbox.ts';

const SAMPLE: ApplicationValues = {
  kind: '病院',
  name: '梅田総合病院',
  name_kana: 'うめだそうごうびょういん',
  institution_code: 'H0001',
  insurance_code: '2711234567',
  postcode: '530-0001',
  prefecture_code: '27',
  municipality_code: '27127',
  address: '梅田1-1-1',
  building: '',
  phone: '06-1234-5678',
  department: '医事課',
  department_number: '',
  contact_name: '大阪 花子',
  email: 'ｈａｎａｋｏ@example.jp',
  email_confirm: 'hanako@example.jp',
};

test('the form is normalised and checked field by field', () => {
  const ok = checkApplication(SAMPLE);
  assert.equal(ok.ok, true);
  if (ok.ok) {
    assert.equal(ok.value.email, 'hanako@example.jp');
    assert.equal(ok.value.institution.nameKana, 'ウメダソウゴウビョウイン');
    assert.equal(ok.value.institution.address, '梅田１－１－１');
    assert.deepEqual(checkApplication(valuesOf(ok.value)), ok, 'what the confirmation page carries checks the same again');
  }
  const bad = checkApplication({ ...SAMPLE, email_confirm: 'other@example.jp', contact_name: ' ', prefecture_code: '', department_number: '内線' });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.deepEqual(Object.keys(bad.errors).sort(), ['contact_name', 'department_number', 'email_confirm', 'prefecture_code'].sort());
  const empty = checkApplication({});
  assert.equal(empty.ok, false);
  if (!empty.ok)
    assert.deepEqual(
      Object.keys(empty.errors).sort(),
      ['address', 'contact_name', 'email', 'institution_code', 'kind', 'municipality_code', 'name', 'name_kana', 'phone', 'postcode', 'prefecture_code'].sort(),
    );
});

forEachEngine('registration applications', (handle) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 1));
  const deps = () => testDeps(handle(), clock);
  const origin = { ip: '203.0.113.9', userAgent: 'test' };
  beforeEach(async () => {
    await handle().db.deleteFrom('registration_applications').execute();
    await handle().db.deleteFrom('login_throttles').execute();
    await handle().db.deleteFrom('mail_outbox').execute();
  });

  test('a submission gets its 申請番号, is matched to the master, and the applicant is mailed a copy', async () => {
    await importInstitutions(
      { db: handle().db, random: deps().random, now: clock.now() },
      Buffer.from(
        '機関区分,都道府県コード,機関コード,機関名,フリガナ,市区町村コード,郵便番号,住所,電話番号\n病院,27,H0001,梅田総合病院,ウメダ,27127,5300001,梅田1,06-1234-5678\n',
      ),
    );
    const checked = checkApplication(SAMPLE);
    assert.ok(checked.ok);
    const r = await submitApplication(deps(), checked.value, origin);
    assert.ok(r.ok);
    assert.match(r.number, APPLICATION_NUMBER_PATTERN);
    assert.match(r.number, /^A-20261121-/);
    const row = await handle().db.selectFrom('registration_applications').selectAll().where('number', '=', r.number).executeTakeFirstOrThrow();
    assert.equal(row.status, 'submitted');
    assert.ok(row.institution_id, 'matched to the master by prefecture and 機関コード');
    const [mail] = await listMail(handle().db);
    assert.ok(mail);
    assert.equal(mail.to_address, 'hanako@example.jp');
    assert.equal(mail.kind, 'registration.receipt');
    assert.ok(mail.subject.includes(r.number));
    assert.ok(mail.body_text.includes('〒530-0001 大阪府大阪市北区梅田１－１－１'));
  });

  test('one address may send only so many from the public form; another address is not affected', async () => {
    const checked = checkApplication(SAMPLE);
    assert.ok(checked.ok);
    for (let i = 0; i < PUBLIC_APPLICATION_BUDGET.max; i++) assert.ok((await submitApplication(deps(), checked.value, origin)).ok);
    assert.deepEqual(await submitApplication(deps(), checked.value, origin), { ok: false, problem: 'rate_limited' });
    assert.ok((await submitApplication(deps(), checked.value, { ip: '203.0.113.10', userAgent: 'test' })).ok);
  });
});
