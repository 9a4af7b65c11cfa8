// Reports filled from CSV, on both engines: which report a row fills (新規, 定期 inside the window with
// last year's data, 随時 otherwise, the open draft continued, a report waiting for 確認 refused), the
// actor's scope, 報告 with the import, all rows or none, the export read back unchanged, two imports
// racing on one report (the later one writes nothing and says so), and one institution's own report.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account, Institution } from '../db/schema.ts';
import { actorOf, Forbidden } from '../policies.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN, setWindow, submittedReport } from '../testing/reporting.ts';
import { reportCsv } from './catalogue/csv.ts';
import { catalogueFor } from './catalogue/load.ts';
import type { ReportValues } from './catalogue/types.ts';
import { canonicalValues } from './catalogue/values.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { commitImport, exportReportCsv, fillReportFromCsv, importReports, planImport, reportCsvOf, type ReportImportResult } from './report-import.ts';
import { findReport, listVersions } from './report-repository.ts';
import { saveReport, withdrawReport, type ReportingDeps } from './reports.ts';
import { acceptReport } from './review.ts';

const clock = { ms: jstMidnight(2026, 2, 1), now: () => clock.ms };
const utf8 = (s: string) => Buffer.from(s, 'utf8');

forEachEngine('reports from CSV', (handle) => {
  const deps = (): ReportingDeps => testDeps(handle(), clock);
  const clinicCat = catalogueFor(2025, '診療所');
  let fresh: Institution;
  let known: Institution;
  let osaka: Institution;
  let freshStaff: Account;
  let knownStaff: Account;
  let tokyo: Account;

  const actor = (a: Account) => actorOf(handle().db, a);
  const key = (i: Institution) => `${i.prefecture_code}:${i.institution_code}`;
  /** An items file of these columns, a row per institution. */
  const items = (columns: string[], rows: Array<[Institution, ...string[]]>) =>
    utf8(
      [
        ['都道府県コード', '機関コード', ...columns].join(','),
        ...rows.map(([i, ...cells]) => [i.prefecture_code, i.institution_code, ...cells].join(',')),
      ].join('\r\n'),
    );
  const valuesOf = async (reportId: string): Promise<ReportValues> => {
    const r = await findReport(handle().db, reportId);
    const v = await handle()
      .db.selectFrom('report_versions')
      .selectAll()
      .where('report_id', '=', reportId)
      .where('version', '=', r!.current_version)
      .executeTakeFirstOrThrow();
    return JSON.parse(v.values) as ReportValues;
  };
  const reportsOf = (i: Institution) => handle().db.selectFrom('reports').selectAll().where('institution_id', '=', i.id).orderBy('started_at').execute();
  const ok = (r: ReportImportResult) => {
    assert.ok(r.ok, JSON.stringify(r));
    return r;
  };
  const problemsOf = (r: ReportImportResult) => {
    assert.equal(r.ok, false, JSON.stringify(r));
    return (r as { problems: Array<{ file: string; line: number; column?: string; message: string }> }).problems;
  };

  beforeEach(async () => {
    await clearReporting(handle());
    // FY2025 window of 東京都: 2026-01-07 to 3/31, 報告基準日 2026-01-01.
    await setWindow(handle(), {
      prefectureCode: '13',
      fiscalYear: 2025,
      scheme: 'medical',
      opensAt: jstMidnight(2026, 1, 7),
      closesAt: jstMidnight(2026, 4, 1),
      referenceDate: '2026-01-01',
    });
    fresh = await addInstitution(handle(), clock, { name: '銀座はじめてクリニック', institution_code: 'C1001' });
    known = await addInstitution(handle(), clock, { name: '銀座むかしクリニック', institution_code: 'C1002' });
    osaka = await addInstitution(handle(), clock, { name: '梅田クリニック', institution_code: 'C2001', prefecture_code: '27', municipality_code: '27127' });
    freshStaff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: fresh.id });
    knownStaff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: known.id });
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
    // `known` reported last year (accepted before the 報告基準日): its 定期報告 may start in the window.
    clock.ms = jstMidnight(2025, 12, 1);
    const id = await submittedReport(deps(), clock, handle(), knownStaff, 'new', () => ({ ...demoValues('診療所', 2025), 'basic.name.official': known.name }));
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: true });
    clock.ms = jstMidnight(2026, 2, 1);
  });

  test('the prefecture imports for two clinics: a 新規報告 and a 定期報告 are started and saved from the file; audited once', async () => {
    const file = items(
      ['access.parking.spaces', 'basic.phone.fax'],
      [
        [fresh, '12', '03-1111-2222'],
        [known, '30', ''],
      ],
    );
    const r = ok(await importReports(deps(), await actor(tokyo), { items: file }, { submit: false }, ORIGIN));
    assert.deepEqual([r.started, r.saved, r.unchanged, r.submitted], [2, 2, 0, 0]);
    assert.deepEqual(
      r.reports.map((x) => [x.key, x.kind, x.version, x.state]),
      [
        [key(fresh), 'new', 2, 'draft'],
        [key(known), 'periodic', 2, 'draft'],
      ],
    );
    const [newReport] = await reportsOf(fresh);
    const values = await valuesOf(newReport!.id);
    assert.equal(values['access.parking.spaces'], 12);
    assert.equal(values['basic.phone.fax'], '03-1111-2222');
    assert.equal(values['basic.name.official'], fresh.name, 'the 新規報告 starts from the master');
    assert.deepEqual(
      (await listVersions(handle().db, newReport!.id)).map((v) => [v.version, v.source, v.saved_by]),
      [
        [1, 'prefill', tokyo.id],
        [2, 'csv', tokyo.id],
      ],
    );
    const periodic = (await reportsOf(known)).at(-1)!;
    const carried = await valuesOf(periodic.id);
    assert.equal(carried['access.parking.spaces'], 30);
    assert.equal(carried['basic.phone.fax'], undefined, 'a blank cell clears');
    assert.equal(carried['basic.name.official'], known.name, 'last year’s data carried over');
    const audit = await handle()
      .db.selectFrom('audit_events')
      .select(['type', 'details', 'account_id'])
      .where('type', 'in', ['report.started', 'report.imported'])
      .execute();
    // One report.started was the setup's own 新規報告 of `known`.
    assert.deepEqual([audit.filter((a) => a.type === 'report.started').length, audit.filter((a) => a.type === 'report.imported').length], [3, 1]);
    const imported = audit.find((a) => a.type === 'report.imported')!;
    assert.equal(imported.account_id, tokyo.id);
    assert.deepEqual((({ rows, started, saved, submitted }) => ({ rows, started, saved, submitted }))(JSON.parse(imported.details) as Record<string, number>), {
      rows: 2,
      started: 2,
      saved: 2,
      submitted: 0,
    });
  });

  test('unknown and out-of-scope institutions, a report waiting for 確認: every problem at once, nothing written', async () => {
    const before = await handle()
      .db.selectFrom('report_versions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const pending = await submittedReport(deps(), clock, handle(), freshStaff, 'new', (v) => ({ ...demoValues('診療所', 2025), ...v }));
    const file = utf8(
      [
        '都道府県コード,機関コード,access.parking.spaces',
        `13,${known.institution_code},12`,
        '13,NOSUCH,1',
        `27,${osaka.institution_code},1`,
        `13,${fresh.institution_code},1`,
      ].join('\r\n'),
    );
    const problems = problemsOf(await importReports(deps(), await actor(tokyo), { items: file }, { submit: false }, ORIGIN));
    assert.deepEqual(
      problems.map((p) => [p.line, p.column]),
      [
        [3, '機関コード'],
        [4, '機関コード'],
        [5, '機関コード'],
      ],
    );
    assert.match(problems[0]!.message, /登録されていません/);
    assert.match(problems[1]!.message, /権限がありません/);
    assert.match(problems[2]!.message, /引き戻してください/);
    const after = await handle()
      .db.selectFrom('report_versions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n) + 2, 'only the pending report’s own two versions; the import wrote nothing');
    assert.equal((await reportsOf(known)).length, 1, 'no 定期報告 started for the good row');

    // Taken back, the draft is continued from its current version.
    assert.ok((await withdrawReport(deps(), await actor(freshStaff), pending, ORIGIN)).ok);
    const r = ok(await importReports(deps(), null, { items: items(['access.parking.spaces'], [[fresh, '7']]) }, { submit: false }));
    assert.deepEqual(
      r.reports.map((x) => [x.reportId, x.kind, x.started, x.version]),
      [[pending, 'new', false, 3]],
    );
    assert.equal((await valuesOf(pending))['access.parking.spaces'], 7);
  });

  test('who may import: a health centre may not; an association delegated report.fill may, inside its prefecture only', async () => {
    const centre = await addAccount(handle(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    await assert.rejects(importReports(deps(), await actor(centre), { items: items(['basic.phone.fax'], [[known, '']]) }, { submit: false }), Forbidden);
    const association = await addAccount(handle(), clock, '関係団体', { delegated: [{ prefectureCode: '27', action: 'report.fill' }] });
    const file = items(
      ['basic.phone.fax'],
      [
        [osaka, '06-1111-2222'],
        [known, '03-1111-2222'],
      ],
    );
    const problems = problemsOf(await importReports(deps(), await actor(association), { items: file }, { submit: false }));
    assert.deepEqual(
      problems.map((p) => p.line),
      [3],
    );
    const r = ok(await importReports(deps(), await actor(association), { items: items(['basic.phone.fax'], [[osaka, '06-1111-2222']]) }, { submit: false }));
    assert.deepEqual(
      r.reports.map((x) => x.kind),
      ['new'],
    );
  });

  test('outside the window, a clinic with accepted data gets a 随時報告: 基本情報 may change, the rest may not', async () => {
    clock.ms = jstMidnight(2026, 4, 10); // FY2026: no window
    const outside = items(['basic.phone.fax', 'access.parking.spaces'], [[known, '03-9999-0000', '99']]);
    const problems = problemsOf(await importReports(deps(), null, { items: outside }, { submit: false }));
    assert.deepEqual(
      problems.map((p) => [p.line, p.column]),
      [[2, 'access.parking.spaces']],
    );
    assert.match(problems[0]!.message, /随時報告として取り込むため/);
    const r = ok(await importReports(deps(), null, { items: items(['basic.phone.fax'], [[known, '03-9999-0000']]) }, { submit: false }));
    assert.deepEqual(
      r.reports.map((x) => [x.kind, x.started]),
      [['change', true]],
    );
  });

  test('with 報告: an incomplete row stops the whole file; complete rows are handed in (報告済) and audited as reports.ts does', async () => {
    const full = reportCsv(clinicCat, [
      { prefectureCode: '13', institutionCode: fresh.institution_code, values: { ...demoValues('診療所', 2025), 'basic.name.official': fresh.name } },
    ]);
    const bothItems = Buffer.concat([
      full.items,
      utf8(`13,${known.institution_code}${','.repeat(full.items.toString('utf8').split('\r\n')[0]!.split(',').length - 2)}\r\n`),
    ]);
    // `known` with every cell blank: not complete.
    const problems = problemsOf(await importReports(deps(), null, { items: bothItems, hours: full.hours }, { submit: true }));
    assert.ok(problems.length > 0 && problems.every((p) => p.line === 3), JSON.stringify(problems.slice(0, 3)));
    assert.ok(problems.some((p) => /入力してください|選んでください/.test(p.message)));
    assert.equal((await reportsOf(fresh)).length, 0, 'nothing written for the complete row either');

    const r = ok(await importReports(deps(), null, { items: full.items, hours: full.hours }, { submit: true }));
    assert.deepEqual([r.started, r.submitted], [1, 1]);
    const report = (await reportsOf(fresh))[0]!;
    assert.equal(report.state, 'submitted');
    assert.equal(report.submitted_by, null);
    assert.deepEqual(canonicalValues(await valuesOf(report.id)), canonicalValues({ ...demoValues('診療所', 2025), 'basic.name.official': fresh.name }));
    const submitted = await handle().db.selectFrom('audit_events').select('details').where('type', '=', 'report.submitted').execute();
    assert.ok(submitted.some((a) => JSON.parse(a.details).reportId === report.id));
  });

  test('with 報告 where the prefecture publishes on 報告: each report compared with what its record shows and published at once; one that cannot be published undoes all', async () => {
    await handle()
      .db.insertInto('prefecture_reporting_settings')
      .values({ prefecture_code: '13', publish_on: 'submit', updated_at: 0, updated_by: null })
      .execute();
    const shownBefore = await handle()
      .db.selectFrom('published_facilities')
      .select('publication_id')
      .where('institution_id', '=', known.id)
      .executeTakeFirstOrThrow();
    const complete = (i: Institution, more: ReportValues = {}) => ({
      prefectureCode: i.prefecture_code,
      institutionCode: i.institution_code,
      values: { ...demoValues('診療所', 2025), 'basic.name.official': i.name, ...more },
    });
    const files = reportCsv(clinicCat, [complete(fresh), complete(known, { 'access.parking.spaces': 81 })]);
    const r = ok(await importReports(deps(), await actor(tokyo), files, { submit: true }, ORIGIN));
    assert.deepEqual(
      r.reports.map((x) => [x.key, x.kind, x.state]),
      [
        [key(fresh), 'new', 'submitted'],
        [key(known), 'periodic', 'submitted'],
      ],
    );
    const periodic = (await reportsOf(known)).at(-1)!;
    assert.equal(periodic.compared_publication_id, shownBefore.publication_id, 'compared with the record shown before the import');
    assert.equal(periodic.changed_items, 1, 'only the parking spaces differ from what was shown');
    assert.equal(periodic.submitted_by, tokyo.id);
    const started = (await reportsOf(fresh))[0]!;
    assert.equal(started.compared_publication_id, null);
    assert.ok((started.changed_items ?? 0) > 10);
    for (const report of [started, periodic]) {
      const shown = await handle()
        .db.selectFrom('published_facilities')
        .innerJoin('publications', 'publications.id', 'published_facilities.publication_id')
        .select(['publications.report_id', 'publications.report_version'])
        .where('published_facilities.institution_id', '=', report.institution_id)
        .executeTakeFirstOrThrow();
      assert.deepEqual([shown.report_id, shown.report_version], [report.id, report.current_version], 'published at 報告');
    }
    const events = await handle().db.selectFrom('audit_events').select('details').where('type', '=', 'report.submitted').execute();
    const details = events.map((e) => JSON.parse(e.details) as Record<string, unknown>).find((d) => d.reportId === periodic.id);
    assert.deepEqual(details, {
      reportId: periodic.id,
      institutionId: known.id,
      fiscalYear: 2025,
      kind: 'periodic',
      version: periodic.current_version,
      changedItems: 1,
      by: 'csv',
    });

    // A code too long for a facility id cannot be published: nothing of the file is written, and its line is named.
    const other = await addInstitution(handle(), clock, { name: '銀座あたらしクリニック', institution_code: 'C1003' });
    const long = await addInstitution(handle(), clock, { name: '銀座ながいクリニック', institution_code: 'C12345678901' });
    const refused = problemsOf(await importReports(deps(), null, reportCsv(clinicCat, [complete(other), complete(long)]), { submit: true }));
    assert.deepEqual(
      refused.map((p) => [p.line, p.column]),
      [[3, '機関コード']],
    );
    assert.match(refused[0]!.message, /公表/);
    assert.deepEqual([(await reportsOf(other)).length, (await reportsOf(long)).length], [0, 0]);
  });

  test('export → import: every institution’s files read back as the same values, nothing saved; a dry run writes nothing', async () => {
    const [files] = await exportReportCsv(deps(), await actor(tokyo), { prefectureCode: '13', kind: '診療所' });
    assert.equal(files!.institutions, 2);
    assert.equal(files!.fileStem, '13_clinic');
    const dry = ok(await importReports(deps(), await actor(tokyo), { items: files!.items, hours: files!.hours }, { submit: false, dryRun: true }));
    assert.equal(dry.dryRun, true);
    assert.equal((await reportsOf(fresh)).length, 0, 'a dry run starts nothing');
    const r = ok(await importReports(deps(), await actor(tokyo), { items: files!.items, hours: files!.hours }, { submit: false }));
    assert.deepEqual([r.started, r.saved, r.unchanged], [2, 0, 2]);
    const periodic = (await reportsOf(known)).at(-1)!;
    assert.equal(periodic.current_version, 1, 'the prefill is the whole report');
    assert.deepEqual(canonicalValues(await valuesOf(periodic.id)), canonicalValues({ ...demoValues('診療所', 2025), 'basic.name.official': known.name }));
    // Shift_JIS on request.
    const [sjis] = await exportReportCsv(deps(), null, { prefectureCode: '13', kind: '診療所', encoding: 'shift_jis' });
    assert.equal(
      ok(await importReports(deps(), null, { items: sjis!.items, hours: sjis!.hours }, { submit: false, dryRun: true })).encoding.items,
      'shift_jis',
    );
  });

  test('two imports over one draft: the later finds the version moved and writes nothing of its file', async () => {
    const started = ok(await importReports(deps(), null, { items: items(['basic.phone.fax'], [[known, '03-0000-0001']]) }, { submit: false }));
    const reportId = started.reports[0]!.reportId;
    const a = await planImport(deps(), null, { items: items(['basic.phone.fax'], [[known, '03-0000-0002']]) }, { submit: false });
    const b = await planImport(
      deps(),
      null,
      {
        items: items(
          ['access.parking.spaces', 'basic.phone.fax'],
          [
            [fresh, '5', ''],
            [known, '8', ''],
          ],
        ),
      },
      { submit: false },
    );
    assert.ok(a.ok && b.ok, JSON.stringify([a, b]).slice(0, 2000));
    ok(await commitImport(deps(), null, a, { submit: false }));
    const lost = problemsOf(await commitImport(deps(), null, b, { submit: false }));
    assert.deepEqual(
      lost.map((p) => [p.line, p.column]),
      [[3, '機関コード']],
    );
    assert.match(lost[0]!.message, /ほかの人がこの医療機関の報告を保存しました/);
    assert.equal((await valuesOf(reportId))['basic.phone.fax'], '03-0000-0002', 'the first import’s change stands');
    assert.equal((await reportsOf(fresh)).length, 0, 'the later import’s other row was not written either');

    // The institution's own save between reading and writing is not overwritten either.
    const c = await planImport(deps(), null, { items: items(['basic.phone.fax'], [[known, '03-0000-0003']]) }, { submit: false });
    assert.ok(c.ok);
    const report = (await findReport(handle().db, reportId))!;
    const own = await saveReport(deps(), await actor(knownStaff), reportId, {
      baseVersion: report.current_version,
      section: 'all',
      form: { 'f.basic.phone.fax': '03-0000-0004' },
    });
    assert.ok(own.ok);
    problemsOf(await commitImport(deps(), null, c, { submit: false }));

    // Two started at once on the same institution: one wins, the other meets the one-open-report rule.
    const d = await planImport(deps(), null, { items: items(['basic.phone.fax'], [[fresh, '03-1111-0001']]) }, { submit: false });
    const e = await planImport(deps(), null, { items: items(['basic.phone.fax'], [[fresh, '03-1111-0002']]) }, { submit: false });
    assert.ok(d.ok && e.ok);
    ok(await commitImport(deps(), null, d, { submit: false }));
    assert.match(problemsOf(await commitImport(deps(), null, e, { submit: false }))[0]!.message, /ほかの人が/);
    assert.equal((await reportsOf(fresh)).length, 1);
  });

  test('two imports run together: both changes kept, or the later one refused — never one silently lost', async () => {
    const first = ok(await importReports(deps(), null, { items: items(['basic.phone.fax'], [[known, '03-0000-0001']]) }, { submit: false }));
    const reportId = first.reports[0]!.reportId;
    const [x, y] = await Promise.all([
      importReports(deps(), null, { items: items(['basic.phone.fax'], [[known, '03-7777-0000']]) }, { submit: false }),
      importReports(deps(), null, { items: items(['access.parking.spaces'], [[known, '42']]) }, { submit: false }),
    ]);
    const values = await valuesOf(reportId);
    const versions = (await listVersions(handle().db, reportId)).length;
    if (x.ok && y.ok) {
      assert.equal(values['basic.phone.fax'], '03-7777-0000');
      assert.equal(values['access.parking.spaces'], 42);
      assert.equal(versions, 4);
    } else {
      assert.ok(x.ok !== y.ok, 'one of them stands');
      assert.equal(versions, 3);
      if (x.ok) assert.equal(values['basic.phone.fax'], '03-7777-0000');
      else assert.equal(values['access.parking.spaces'], 42);
    }
  });

  test('an institution fills its own draft from a file with only its row; the files of a report to download', async () => {
    const started = ok(await importReports(deps(), null, { items: items(['basic.phone.fax'], [[fresh, '03-0000-0001']]) }, { submit: false }));
    const reportId = started.reports[0]!.reportId;
    const me = await actor(freshStaff);
    const other = await fillReportFromCsv(
      deps(),
      me,
      reportId,
      {
        items: items(
          ['basic.phone.fax'],
          [
            [fresh, '03-1111-0001'],
            [known, '03-1111-0002'],
          ],
        ),
      },
      ORIGIN,
    );
    assert.ok(!other.ok && 'problems' in other);
    assert.deepEqual(
      other.problems.map((p) => p.line),
      [3],
    );
    assert.deepEqual(await fillReportFromCsv(deps(), me, reportId, { items: items(['basic.phone.fax'], [[fresh, '03-1111-0001']]) }, ORIGIN, 1), {
      ok: false,
      problem: 'stale',
    });
    assert.deepEqual(await fillReportFromCsv(deps(), await actor(knownStaff), reportId, { items: items([], [[fresh]]) }, ORIGIN), {
      ok: false,
      problem: 'not_found',
    });
    const filled = await fillReportFromCsv(deps(), me, reportId, { items: items(['basic.phone.fax'], [[fresh, '03-3333-4444']]) }, ORIGIN, 2);
    assert.deepEqual(filled, { ok: true, reportId, version: 3, changed: true });
    assert.equal((await valuesOf(reportId))['basic.phone.fax'], '03-3333-4444');

    const files = await reportCsvOf(deps(), me, reportId);
    assert.ok(files.ok);
    assert.equal(files.fileStem, `13-${fresh.institution_code}-2025`);
    assert.match(files.items.toString('utf8'), /03-3333-4444/);
    assert.ok((await reportCsvOf(deps(), await actor(tokyo), reportId)).ok, 'the prefecture may download it');
    assert.deepEqual(await reportCsvOf(deps(), await actor(knownStaff), reportId), { ok: false, problem: 'not_found' });
  });
});
