// The catalogue as shipped (data/): the law's item counts per kind, the hospital's items 56–60, stable ids,
// code lists that resolve, the department master, labels and help in both languages, the 基本情報 items,
// the open-data columns, and the demo value sets against the catalogues they are for (valid, complete, canonical).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { INSTITUTION_KINDS } from '../../db/schema.ts';
import { DEMO_VALUE_SETS, demoValues } from '../demo-values.ts';
import { checkComplete, checkValues } from './check.ts';
import { canonicalValues } from './values.ts';
import { effectiveDateField } from '../status.ts';
import { DATA_DIR, catalogueFor, catalogueYears, kindCatalogue, loadEveryCatalogue, loadFile, optionsOf } from './load.ts';
import type { Field, InstitutionKind, Item, KindCatalogue, Label } from './types.ts';

/** The item counts per kind: 医療法施行規則 別表第一 (DOMAIN.md) and our pharmacy table (plan 13, open question 2). */
const COUNTS: Record<InstitutionKind, number> = { 病院: 60, 診療所: 54, 歯科診療所: 36, 助産所: 29, 薬局: 38 };
const YEARS = catalogueYears('medical');

test('every catalogue file loads, and there is one per scheme for 2025 and 2026 (and the status catalogue from 2025)', () => {
  const loaded = loadEveryCatalogue().map((c) => c.id);
  for (const id of ['2025:medical', '2025:pharmacy', '2025:status', '2026:medical', '2026:pharmacy']) assert.ok(loaded.includes(id), id);
  assert.deepEqual(catalogueYears('pharmacy'), YEARS);
});

test('item counts per kind are the law’s, in every fiscal year', () => {
  for (const fy of YEARS) {
    const counts = Object.fromEntries(INSTITUTION_KINDS.map((k) => [k, catalogueFor(fy, k).items.length]));
    assert.deepEqual(counts, COUNTS, `FY${fy}`);
  }
});

test('each kind’s items are numbered 1…n, once each', () => {
  for (const fy of YEARS) {
    for (const kind of INSTITUTION_KINDS) {
      const numbers = catalogueFor(fy, kind)
        .items.map((i) => i.no[kind])
        .sort((a, b) => Number(a) - Number(b));
      assert.deepEqual(
        numbers,
        Array.from({ length: COUNTS[kind] }, (_, n) => n + 1),
        `FY${fy} ${kind}`,
      );
    }
  }
});

test('the hospital’s items 56–60 are 患者数, 平均在院日数, 患者満足度の調査, 産科医療補償制度への加入, 医療の評価機関による認定', () => {
  const byNo = new Map(catalogueFor(2025, '病院').items.map((i) => [i.no.病院, i]));
  assert.deepEqual(
    [56, 57, 58, 59, 60].map((n) => byNo.get(n)?.label.ja),
    ['患者数', '平均在院日数', '患者満足度の調査', '産科医療補償制度への加入', '医療の評価機関による認定'],
  );
  assert.equal(byNo.get(1)?.label.ja, '名称');
});

test('what applies to whom: no beds for 歯科診療所 and 助産所, 就業日・就業時間 only for 助産所, bed types by kind', () => {
  const has = (kind: InstitutionKind, id: string) => catalogueFor(2025, kind).itemsById.has(id);
  assert.ok(has('病院', 'basic.beds') && has('診療所', 'basic.beds'));
  assert.ok(!has('歯科診療所', 'basic.beds') && !has('助産所', 'basic.beds'));
  for (const id of ['basic.work_days', 'basic.work_hours', 'midwifery.deliveries'])
    assert.deepEqual(
      INSTITUTION_KINDS.filter((k) => has(k, id)),
      ['助産所'],
      id,
    );
  assert.ok(!has('助産所', 'basic.departments') && !has('助産所', 'basic.hours'));
  const beds = (kind: InstitutionKind) =>
    catalogueFor(2025, kind)
      .itemsById.get('basic.beds')!
      .fields.map((f) => f.id);
  // The open data's bed columns: 8 for hospitals, 5 for clinics.
  assert.equal(beds('病院').length, 8);
  assert.deepEqual(beds('診療所'), ['general', 'long_term', 'long_term_medical', 'long_term_care', 'total']);
});

test('ids are unique and the 2025 ids are the committed list (ids-2025.txt): reports store values by them', () => {
  const listed = readFileSync(path.join(DATA_DIR, 'ids-2025.txt'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  const actual = (['medical', 'pharmacy', 'status'] as const).flatMap((scheme) =>
    loadFile(2025, scheme).items.flatMap((i) => i.fields.map((f) => `${scheme} ${i.id}.${f.id}`)),
  );
  assert.equal(new Set(actual).size, actual.length, 'field paths unique');
  assert.deepEqual(actual, listed);
  for (const cat of loadEveryCatalogue()) {
    const ids = cat.items.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, `${cat.id}: item ids unique`);
    for (const g of cat.groups) assert.match(g.id, /^[a-z_]+$/);
    for (const i of cat.items) assert.ok(i.id.startsWith(`${i.group}.`), `${cat.id} ${i.id} starts with its group`);
  }
});

test('the status catalogue: a group per report kind, each with a required date for every kind, and 担当者・備考; nothing published, nothing 基本情報', () => {
  const status = loadFile(2025, 'status');
  assert.deepEqual(
    status.groups.map((g) => g.id),
    ['suspension', 'closure', 'resumption', 'contact'],
  );
  for (const kind of INSTITUTION_KINDS) {
    const cat = kindCatalogue(status, kind);
    assert.equal(cat.items.length, status.items.length, `${kind}: every item applies`);
    for (const report of ['suspension', 'closure', 'resumption'] as const) assert.equal(effectiveDateField(cat, report).path, `${report}.effective.date`);
  }
  assert.ok(status.items.every((i) => !i.basic && !i.public));
});

test('the medical catalogue has the law’s three parts; the pharmacy catalogue two', () => {
  const parts = (scheme: 'medical' | 'pharmacy') => [...new Set(loadFile(2025, scheme).groups.map((g) => g.part))];
  assert.deepEqual(parts('medical'), [1, 2, 3]);
  assert.deepEqual(parts('pharmacy'), [1, 2]);
  const medical = loadFile(2025, 'medical');
  const groupOf = (id: string) => medical.groups.find((g) => g.id === medical.items.find((i) => i.id === id)?.group);
  assert.equal(groupOf('basic.name')?.label.ja, '基本情報');
  assert.equal(groupOf('results.accreditation')?.part, 3);
  assert.equal(groupOf('care.specialists')?.part, 2);
});

test('every code list a field names resolves, and every code list file is used', () => {
  const used = new Set<string>();
  for (const cat of loadEveryCatalogue()) {
    for (const item of cat.items) {
      for (const f of item.fields) {
        const lists = [
          'codeList' in f ? f.codeList : undefined,
          f.kind === 'matrix' && typeof f.rows === 'object' && 'codeList' in f.rows ? f.rows.codeList : undefined,
          ...(f.kind === 'matrix' ? f.columns.map((c) => c.codeList) : []),
        ].filter((l): l is string => l !== undefined);
        for (const id of lists) {
          used.add(id);
          assert.ok((cat.codeLists.get(id)?.codes.length ?? 0) > 0, `${cat.id} ${item.id}.${f.id}: ${id}`);
        }
        if ((f.kind === 'choice' || f.kind === 'multi') && optionsOf(cat, f).length === 0) assert.fail(`${item.id}.${f.id} has no options`);
      }
    }
  }
  const files = readdirSync(path.join(DATA_DIR, 'codes')).map((f) => f.replace(/\.(json|csv)$/, ''));
  assert.deepEqual(
    files.filter((f) => !used.has(f)),
    [],
    'code list files no field uses',
  );
});

test('free text goes with その他 codes only: every freeText suffix matches a code of the list', () => {
  for (const cat of loadEveryCatalogue()) {
    for (const item of cat.items) {
      for (const f of item.fields) {
        if (f.kind !== 'multi' || f.freeText === undefined) continue;
        const codes = optionsOf(cat, f).map((o) => o.code);
        for (const suffix of f.freeText)
          assert.ok(
            codes.some((c) => c.endsWith(suffix)),
            `${item.id}.${f.id}: ${suffix}`,
          );
      }
    }
  }
});

// The shared department master (code, name, group_code, group_name of data/departments.csv, 127 rows) as a digest,
// so the test holds without the file; where the shared file sits beside the repository it is compared row by row too.
const MASTER_SHA256 = 'cd5b38b99015710862a5a32089fce905567eacb2f6504f3b7b733f2b75a0d77c';
const SHARED_MASTER = path.resolve(DATA_DIR, '../../../../../shared/data/departments.csv');

test('the 127 departments are the shared master’s, each with an English name of ours', () => {
  const lines = readFileSync(path.join(DATA_DIR, 'codes', 'departments.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(lines[0], 'code,name,name_en,group_code,group_name');
  const rows = lines.slice(1).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
  assert.equal(rows.length, 127);
  const projection = rows.map(([code, name, , group, groupName]) => [code, name, group, groupName].join(',')).join('\n');
  assert.equal(createHash('sha256').update(projection).digest('hex'), MASTER_SHA256);
  if (existsSync(SHARED_MASTER)) {
    const shared = readFileSync(SHARED_MASTER, 'utf8').trim().split('\n').slice(1);
    assert.deepEqual(
      projection.split('\n'),
      shared.map((l) => l.split(',').slice(0, 4).join(',')),
    );
  }
  for (const [code, name, en, group] of rows) {
    assert.match(code!, /^\d{5}$/);
    assert.equal(code!.slice(0, 2), group);
    assert.ok(en !== '' && en !== name && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(en!), `${code}: English name`);
  }
  const departments = catalogueFor(2025, '病院').codeLists.get('departments')!;
  assert.equal(departments.codes.length, 127);
  assert.equal(departments.codes.find((c) => c.code === '09010')?.label.en, 'Emergency medicine');
});

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
function bothLanguages(label: Label | undefined, where: string) {
  assert.ok(label !== undefined, `${where}: label`);
  assert.ok(label.ja.trim() !== '' && label.en.trim() !== '', `${where}: ja and en`);
  assert.ok(!JAPANESE.test(label.en), `${where}: the English label is English (${label.en})`);
}

test('every item, field, option, column and code has ja and en labels; every item has help in plain polite Japanese', () => {
  const fieldLabels = (f: Field, where: string) => {
    bothLanguages(f.label, where);
    if ('options' in f && f.options) f.options.forEach((o) => bothLanguages(o.label, `${where} option ${o.code}`));
    if ('unit' in f && f.unit) bothLanguages(f.unit, `${where} unit`);
    if (f.kind === 'matrix') {
      f.columns.forEach((c) => {
        bothLanguages(c.label, `${where} column ${c.id}`);
        c.options?.forEach((o) => bothLanguages(o.label, `${where} column ${c.id} option ${o.code}`));
      });
      if (typeof f.rows === 'object' && 'options' in f.rows) f.rows.options.forEach((o) => bothLanguages(o.label, `${where} row ${o.code}`));
    }
  };
  for (const cat of loadEveryCatalogue()) {
    cat.groups.forEach((g) => bothLanguages(g.label, `${cat.id} group ${g.id}`));
    for (const item of cat.items) {
      const where = `${cat.id} ${item.id}`;
      bothLanguages(item.label, where);
      assert.ok(JAPANESE.test(item.label.ja), `${where}: Japanese label`);
      assert.ok(item.help.ja.length >= 10 && item.help.ja.endsWith('。'), `${where}: help in sentences`);
      assert.match(item.help.ja, /ください。|します。|です。|ます。/, `${where}: polite help`);
      assert.ok(item.help.en.trim() !== '', `${where}: English help`);
      item.fields.forEach((f) => fieldLabels(f, `${where}.${f.id}`));
    }
    for (const list of cat.codeLists.values()) list.codes.forEach((c) => bothLanguages(c.label, `${cat.id} code list ${list.id} ${c.code}`));
  }
});

test('基本情報 (reported at once as 随時報告) are the items DOMAIN.md names', () => {
  const basic = (scheme: 'medical' | 'pharmacy') =>
    loadFile(2025, scheme)
      .items.filter((i) => i.basic)
      .map((i) => i.id);
  assert.deepEqual(basic('medical'), [
    'basic.name',
    'basic.founder',
    'basic.administrator',
    'basic.location',
    'basic.phone',
    'basic.departments',
    'basic.days',
    'basic.hours',
    'basic.beds',
    'basic.work_days',
    'basic.work_hours',
  ]);
  assert.deepEqual(basic('pharmacy'), ['basic.name', 'basic.founder', 'basic.administrator', 'basic.location', 'basic.phone', 'basic.days', 'basic.hours']);
  for (const cat of loadEveryCatalogue())
    for (const i of cat.items) if (i.basic) assert.equal(i.group, 'basic', `${cat.id} ${i.id}: 基本情報 sit in the 基本情報 section`);
});

test('fields the rules depend on: 外来区分 9 exists and is not public; timetables have the open data’s shape', () => {
  const hospital = catalogueFor(2025, '病院');
  const outpatient = hospital.fields.get('basic.departments.outpatient_category')!;
  assert.equal(outpatient.public, false);
  assert.ok(optionsOf(hospital, outpatient.field as Field & { kind: 'choice' }).some((o) => o.code === '9'));
  assert.equal(hospital.fields.get('basic.administrator.name_kana')?.public, false);
  const tt = (kc: KindCatalogue, p: string) => {
    const f = kc.fields.get(p)?.field;
    assert.ok(f?.kind === 'timetable', p);
    return f;
  };
  const hours = tt(hospital, 'basic.hours.hours');
  assert.deepEqual([hours.rows, hours.bands, hours.parts, hours.subsetOf], ['departments', 3, ['care'], 'basic.departments.departments']);
  const reception = tt(hospital, 'access.reception_hours.hours');
  assert.deepEqual([reception.shares, reception.parts], ['basic.hours.hours', ['reception']]);
  const work = tt(catalogueFor(2025, '助産所'), 'basic.work_hours.hours');
  assert.deepEqual([work.rows, work.bands, work.parts], ['single', 3, ['work', 'reception']]);
  const open = tt(catalogueFor(2025, '薬局'), 'basic.hours.hours');
  assert.deepEqual([open.rows, open.bands, open.parts], ['single', 4, ['open']]);
  const words = INSTITUTION_KINDS.map((k) => {
    const kc = catalogueFor(2025, k);
    const f = [...kc.fields.values()].find((cf) => cf.field.kind === 'closed_days')?.field;
    return f?.kind === 'closed_days' ? f.word : undefined;
  });
  assert.deepEqual(words, ['休診', '休診', '休診', '休業', '閉店']);
});

test('items from the ministry’s open data: 病院・診療所 8, 歯科 7, 助産所 5, 薬局 5; closed-day flags inverted', () => {
  const fromOpenData = (kind: InstitutionKind) => catalogueFor(2025, kind).items.filter((i: Item) => i.fields.some((f) => f.openData !== undefined)).length;
  assert.deepEqual(INSTITUTION_KINDS.map(fromOpenData), [8, 8, 7, 5, 5]);
  for (const cat of loadEveryCatalogue())
    for (const item of cat.items)
      for (const f of item.fields) {
        if (f.openData === undefined) continue;
        assert.ok(['facility_info', 'speciality_hours'].includes(f.openData.file), `${item.id}.${f.id}`);
        assert.equal(f.openData.invert === true, f.kind === 'closed_days', `${item.id}.${f.id}: 1 = open in the open data`);
      }
});

test('the demo value sets name only fields of the catalogue', () => {
  const known = new Set(INSTITUTION_KINDS.flatMap((k) => [...catalogueFor(2025, k).fields.keys()]));
  for (const kind of INSTITUTION_KINDS) {
    const scheme = kind === '薬局' ? 'pharmacy' : 'medical';
    const own = new Set(INSTITUTION_KINDS.filter((k) => (k === '薬局') === (scheme === 'pharmacy')).flatMap((k) => [...catalogueFor(2025, k).fields.keys()]));
    for (const p of Object.keys(DEMO_VALUE_SETS[kind])) assert.ok(known.has(p) && own.has(p), `${kind}: ${p}`);
  }
});

/** What the demo's smaller places leave unanswered (nothing to choose: no 選定療養, no 短期滞在手術 …). */
const UNANSWERED: Record<InstitutionKind, string[]> = {
  病院: [],
  診療所: [
    'costs.selective',
    'care.short_stay',
    'care.infertility',
    'home.care_services',
    'home.care_facilities',
    'links.regional_path',
    'results.accreditation',
  ],
  歯科診療所: ['access.email'],
  助産所: ['access.website', 'costs.payment'],
  薬局: [],
};

test('the demo values are valid, canonical and complete for every kind, in every fiscal year', () => {
  for (const fy of YEARS) {
    for (const kind of INSTITUTION_KINDS) {
      const cat = catalogueFor(fy, kind);
      const values = demoValues(kind, fy);
      assert.deepEqual(checkValues(cat, values), {}, `FY${fy} ${kind}: valid`);
      assert.deepEqual(checkComplete(cat, values, {}), {}, `FY${fy} ${kind}: complete`);
      assert.deepEqual(canonicalValues(values), values, `FY${fy} ${kind}: canonical`);
      // The hospital answers every item, the others every item but those a small place leaves empty.
      const empty = cat.items.filter(
        (i) => !i.fields.some((f) => values[`${i.id}.${f.id}`] !== undefined || (f.kind === 'timetable' && f.shares !== undefined)),
      );
      assert.deepEqual(
        empty.map((i) => i.id),
        UNANSWERED[kind],
        `FY${fy} ${kind}: items without a value`,
      );
    }
  }
  assert.equal((demoValues('病院')['basic.departments.departments'] as unknown[]).length, 12, 'the benchmark’s hospital has 12 departments');
});
