// The catalogue against the ministry's open-data files (OPEN-DATA.md): every column of a kind's files is
// written by exactly one field of the kind's catalogue — named columns by `openData.column`, the closed-day
// flags by the one closed_days field (`invert`: the files hold 1 = open), the hours by the timetable fields
// (one per part) — except the columns that come from the facility master (ID, 機関区分, 都道府県コード,
// 市区町村コード). `file` is the kind's facility file (`facility_info`: 01-1 … 03-1, 04 for 助産所, 05 for 薬局)
// or its hours file (`speciality_hours`: 01-2 … 03-2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTITUTION_KINDS } from '../../db/schema.ts';
import { catalogueFor } from './load.ts';
import type { InstitutionKind, TimePart } from './types.ts';

const NAMES = ['正式名称', '正式名称（フリガナ）', '略称', '略称（フリガナ）', '英語表記（ローマ字表記）'];
const PLACE = ['所在地', '所在地座標（緯度）', '所在地座標（経度）'];
const HOSPITAL_BEDS = ['一般病床', '療養病床', '療養病床のうち医療保険適用', '療養病床のうち介護保険適用', '精神病床', '結核病床', '感染症病床', '合計病床数'];
const CLINIC_BEDS = ['一般病床', '療養病床', '療養病床のうち医療保険適用', '療養病床のうち介護保険適用', '合計病床数'];

/** The named columns (not the closed-day flags, not the hours) each kind's files have besides the master's. */
const COLUMNS: Record<InstitutionKind, { facility_info: string[]; speciality_hours: string[] }> = {
  病院: { facility_info: [...NAMES, ...PLACE, '案内用ホームページアドレス', ...HOSPITAL_BEDS], speciality_hours: ['診療科目コード'] },
  診療所: { facility_info: [...NAMES, ...PLACE, '案内用ホームページアドレス', ...CLINIC_BEDS], speciality_hours: ['診療科目コード'] },
  歯科診療所: { facility_info: [...NAMES, ...PLACE, '案内用ホームページアドレス'], speciality_hours: ['診療科目コード'] },
  助産所: { facility_info: [...NAMES, ...PLACE, '案内用ホームページアドレス'], speciality_hours: [] },
  薬局: { facility_info: ['名称', 'フリガナ', 'ローマ字', ...PLACE, '薬局のホームページアドレス'], speciality_hours: [] },
};

/** The parts of the hours each kind's files carry: in the hours file (医科・歯科) or in the facility row. */
const HOURS: Record<InstitutionKind, { file: string; parts: TimePart[]; bands: number }> = {
  病院: { file: 'speciality_hours', parts: ['care', 'reception'], bands: 3 },
  診療所: { file: 'speciality_hours', parts: ['care', 'reception'], bands: 3 },
  歯科診療所: { file: 'speciality_hours', parts: ['care', 'reception'], bands: 3 },
  助産所: { file: 'facility_info', parts: ['work', 'reception'], bands: 3 },
  薬局: { file: 'facility_info', parts: ['open'], bands: 4 },
};

for (const kind of INSTITUTION_KINDS) {
  test(`${kind}: every open-data column is written by exactly one field`, () => {
    const fields = [...catalogueFor(2025, kind).fields.values()].filter((cf) => cf.field.openData !== undefined);
    for (const file of ['facility_info', 'speciality_hours'] as const) {
      const named = fields.filter((cf) => cf.field.openData?.file === file && cf.field.openData.column !== undefined).map((cf) => cf.field.openData!.column!);
      assert.deepEqual([...named].sort(), [...COLUMNS[kind][file]].sort(), `${kind} ${file}`);
    }
    const closed = fields.filter((cf) => cf.field.kind === 'closed_days');
    assert.equal(closed.length, 1, 'one closed-day field writes the closed-day block (44 columns; 薬局 53 with its 営業日 flags)');
    assert.deepEqual(closed[0]!.field.openData, { file: 'facility_info', invert: true });
    const hours = fields.filter((cf) => cf.field.kind === 'timetable');
    const parts = hours.flatMap((cf) => (cf.field.kind === 'timetable' ? cf.field.parts : []));
    assert.deepEqual(parts.sort(), [...HOURS[kind].parts].sort(), 'each part of the hours once');
    for (const cf of hours) {
      assert.equal(cf.field.openData?.file, HOURS[kind].file, cf.path);
      assert.equal(cf.field.kind === 'timetable' && cf.field.bands, HOURS[kind].bands, cf.path);
    }
    for (const cf of fields) assert.ok(cf.public, `${cf.path}: what the open data publishes is public`);
  });
}

test('the department code column is the 127-code multi field, whose free text fills 診療科目名 for XX991/XX992', () => {
  const f = catalogueFor(2025, '病院').fields.get('basic.departments.departments')?.field;
  assert.ok(f?.kind === 'multi');
  assert.equal(f.codeList, 'departments');
  assert.deepEqual(f.freeText, ['991', '992']);
  assert.deepEqual(f.openData, { file: 'speciality_hours', column: '診療科目コード' });
});
