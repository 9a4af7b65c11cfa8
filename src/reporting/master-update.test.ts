// Publication → facility master on both engines: an accepted report that changes the 基本情報 the
// master holds writes them into the institution's row in the publication's transaction, with one
// audit event naming the columns; the record follows a move to another municipality; an unchanged
// report writes nothing; what the master cannot take is named and the master keeps its own; a
// publication that fails leaves the master as it was.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account, Institution } from '../db/schema.ts';
import { findInstitution } from '../institutions/repository.ts';
import { actorOf } from '../policies.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN, submittedReport } from '../testing/reporting.ts';
import type { ReportValues } from './catalogue/types.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { masterAddressLine } from './master.ts';
import { findPublishedFacility } from './publication-repository.ts';
import type { ReportingDeps } from './reports.ts';
import { acceptReport } from './review.ts';

const clock = { ms: jstMidnight(2026, 2, 1), now: () => clock.ms };

forEachEngine('publication → facility master', (handle) => {
  const deps = (): ReportingDeps => testDeps(handle(), clock);
  const actor = (a: Account) => actorOf(handle().db, a);
  let clinic: Institution;
  let staff: Account;
  let tokyo: Account;

  const masterEvents = async () =>
    (
      await handle()
        .db.selectFrom('audit_events')
        .select(['type', 'details', 'account_id'])
        .where('type', '=', 'institution.updated_from_report')
        .orderBy('id')
        .execute()
    ).map((e) => ({ ...(JSON.parse(e.details ?? '{}') as Record<string, unknown>), by: e.account_id }));
  const master = async () => (await findInstitution(handle().db, clinic.id))!;

  /** A report of `kind` with the values, handed in and accepted by 東京都. */
  async function accepted(kind: 'new' | 'change', values: (previous: ReportValues) => ReportValues): Promise<string> {
    const id = await submittedReport(deps(), clock, handle(), staff, kind, values);
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: true });
    return id;
  }

  /** The demo clinic's values with the master's own 基本情報 (what a 新規報告 starts with). */
  const ownValues = (i: Institution): ReportValues => ({
    ...demoValues('診療所', 2025),
    'basic.name.official': i.name,
    'basic.name.official_kana': i.name_kana,
    'basic.location.postcode': i.postcode,
    'basic.location.address': masterAddressLine(i),
    'basic.phone.phone': i.phone,
  });

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 2, 1);
    await clearReporting(handle());
    clinic = await addInstitution(handle(), clock, { institution_code: '2345678', name: '銀座マスタクリニック', address: '銀座１－２－３' });
    staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
  });

  test('an accepted report with the master’s own 基本情報 writes nothing to the master', async () => {
    await accepted('new', () => ownValues(clinic));
    assert.deepEqual(await master(), clinic);
    assert.deepEqual(await masterEvents(), []);
  });

  test('a 随時報告 changing 名称, 電話 and 所在地 (to 千代田区) updates the master and the record’s municipality, with one event naming the columns', async () => {
    await accepted('new', () => ownValues(clinic));
    clock.ms += 86_400_000;
    const id = await accepted('change', (previous) => ({
      ...previous,
      'basic.name.official': '丸の内マスタクリニック',
      'basic.phone.phone': '03-6000-0000',
      'basic.location.postcode': '1000005',
      'basic.location.address': '東京都千代田区丸の内2-2-2 丸の内タワー5階',
    }));
    const row = await master();
    assert.deepEqual(
      { name: row.name, phone: row.phone, postcode: row.postcode, municipality: row.municipality_code, address: row.address, building: row.building },
      {
        name: '丸の内マスタクリニック',
        phone: '03-6000-0000',
        postcode: '1000005',
        municipality: '13101',
        address: '丸の内２－２－２',
        building: '丸の内タワー５階',
      },
    );
    assert.equal(row.name_kana, clinic.name_kana);
    assert.equal(row.updated_at, clock.now());
    assert.deepEqual(await masterEvents(), [
      { reportId: id, institutionId: clinic.id, fields: ['name', 'postcode', 'phone', 'municipality_code', 'address', 'building'], by: tokyo.id },
    ]);
    const record = (await findPublishedFacility(handle().db, clinic.id))!;
    assert.equal(record.municipality_code, '13101', 'the record follows the master');
    assert.equal(record.name, '丸の内マスタクリニック');
  });

  test('an address in another prefecture is not copied (the rest is), and the event says so', async () => {
    const id = await accepted('new', () => ({
      ...ownValues(clinic),
      'basic.location.address': '大阪府大阪市北区梅田1-1-1',
      'basic.phone.phone': '03-7000-0000',
    }));
    const row = await master();
    assert.equal(row.address, clinic.address);
    assert.equal(row.municipality_code, clinic.municipality_code);
    assert.equal(row.phone, '03-7000-0000');
    assert.deepEqual(await masterEvents(), [{ reportId: id, institutionId: clinic.id, fields: ['phone'], skipped: ['address'], by: tokyo.id }]);
  });

  test('a publication that cannot be made (機関コード too long for a facility ID) leaves the master as it was', async () => {
    await handle().db.updateTable('institutions').set({ institution_code: '123456789012' }).where('id', '=', clinic.id).execute();
    const id = await submittedReport(deps(), clock, handle(), staff, 'new', () => ({ ...ownValues(clinic), 'basic.phone.phone': '03-8000-0000' }));
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: false, problem: 'facility_code_too_long' });
    assert.equal((await master()).phone, clinic.phone);
    assert.deepEqual(await masterEvents(), []);
  });
});
