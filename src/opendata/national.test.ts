import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { INSTITUTION_KINDS } from '../db/schema.ts';
import { municipality } from '../institutions/places.ts';
import { closedDayColumns, FACILITY_FILE, headersOf, HOURS_FILE, ID_PATTERN, KIND_DIGIT, masterColumns, OPEN_DATA_FILE_STEMS } from './format.ts';
import {
  apportion,
  DEMO_SNAPSHOT,
  facilityCounts,
  HOSPITALS_BY_PREFECTURE,
  PUBLISHED_COUNTS,
  writeDemoSnapshot,
  writeNationalSnapshot,
  type SnapshotSummary,
} from './national.ts';
import type { OpenDataFileStem } from './types.ts';

const SCALE = 0.002;
let root: string;
let small: SnapshotSummary;

const fileOf = (dir: string, stem: OpenDataFileStem): string => path.join(dir, `${stem}.csv`);
const rowsOf = (dir: string, stem: OpenDataFileStem): string[][] =>
  parse(fs.readFileSync(fileOf(dir, stem)), { bom: true, relax_column_count: false }) as string[][];
const digest = (dir: string): string => {
  const h = createHash('sha256');
  for (const stem of OPEN_DATA_FILE_STEMS) h.update(fs.readFileSync(fileOf(dir, stem)));
  return h.digest('hex');
};
/** A file's data rows as objects keyed by its header. */
function records(dir: string, stem: OpenDataFileStem): Record<string, string>[] {
  const [header, ...rows] = rowsOf(dir, stem);
  return rows.map((row) => Object.fromEntries((header as string[]).map((h, i) => [h, row[i] as string])));
}

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-national-'));
  small = await writeNationalSnapshot(path.join(root, 'small'), { seed: 7, scale: SCALE });
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the national snapshot at a small scale', () => {
  it('writes the 8 files in UTF-8 with a BOM and the exact header rows of format.ts', () => {
    for (const stem of OPEN_DATA_FILE_STEMS) {
      const bytes = fs.readFileSync(fileOf(small.dir, stem));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], stem);
      const [header, ...rows] = rowsOf(small.dir, stem);
      assert.deepEqual(header, [...headersOf(stem)], stem);
      assert.equal(rows.length, small.files[stem].rows, stem);
      for (const row of rows) assert.equal(row.length, headersOf(stem).length, stem);
    }
  });

  it('has each kind’s published count times the scale, spread over the prefectures by their hospitals', () => {
    for (const kind of INSTITUTION_KINDS) {
      assert.equal(small.facilities[kind], Math.round(PUBLISHED_COUNTS[kind] * SCALE), kind);
      assert.equal(records(small.dir, FACILITY_FILE[kind]).length, small.facilities[kind], kind);
    }
    const national = facilityCounts(1);
    assert.equal(national.size, 47);
    for (const kind of INSTITUTION_KINDS)
      assert.equal(
        [...national.values()].reduce((n, c) => n + c[kind], 0),
        PUBLISHED_COUNTS[kind],
        kind,
      );
    // 東京都 has the most hospitals (626 of 8,004), 鳥取県 the fewest (43): 7,715 published spread alike.
    assert.equal(national.get('13')?.病院, apportion(7715, HOSPITALS_BY_PREFECTURE)[12]);
    assert.ok(Math.abs((national.get('13')?.病院 ?? 0) - (7715 * 626) / 8004) < 1);
    assert.ok(Math.abs((national.get('31')?.診療所 ?? 0) - (80155 * 43) / 8004) < 1);
  });

  it('gives 13-character IDs with the kind’s digit, unique, in a real municipality whose name the address starts with', () => {
    const seen = new Set<string>();
    const institutionCodes = new Set<string>();
    for (const kind of INSTITUTION_KINDS) {
      const columns = masterColumns(kind);
      for (const r of records(small.dir, FACILITY_FILE[kind])) {
        const id = r[columns.id] as string;
        const m = ID_PATTERN.exec(id);
        assert.ok(m, id);
        assert.equal(m[2], KIND_DIGIT[kind], id);
        assert.equal(r[columns.kindDigit], KIND_DIGIT[kind], id);
        assert.equal(r[columns.prefecture], m[1], id);
        assert.ok(!seen.has(id), `${id} twice`);
        seen.add(id);
        // The master's key is prefecture + 機関コード, whatever the kind.
        const key = `${m[1]}:${m[3]}`;
        assert.ok(!institutionCodes.has(key), `${key} twice`);
        institutionCodes.add(key);
        const place = municipality(`${m[1]}${r[columns.municipality]}`);
        assert.ok(place, `${id}: municipality ${m[1]}${r[columns.municipality]}`);
        assert.ok((r[columns.address] as string).startsWith(`${place.prefectureName}${place.name}`), r[columns.address]);
        assert.ok((r[columns.name] as string).length > 0 && (r[columns.nameKana] as string).length > 0, id);
        const lat = Number(r[columns.latitude]);
        const lon = Number(r[columns.longitude]);
        if (lat !== 0 || lon !== 0) assert.ok(lat > 24 && lat < 46 && lon > 122 && lon < 146, `${id}: ${lat}, ${lon}`);
      }
    }
    assert.equal(
      seen.size,
      Object.values(small.facilities).reduce((a, b) => a + b, 0),
    );
  });

  it('writes department × band rows for the facilities of their own kind, with catalogue codes and well-formed times', () => {
    const codes = new Set(
      fs
        .readFileSync(new URL('../reporting/catalogue/data/codes/departments.csv', import.meta.url), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    );
    let rows = 0;
    for (const kind of ['病院', '診療所', '歯科診療所'] as const) {
      const stem = HOURS_FILE[kind] as OpenDataFileStem;
      const ids = new Set(records(small.dir, FACILITY_FILE[kind]).map((r) => r.ID));
      const withRows = new Set<string>();
      for (const r of records(small.dir, stem)) {
        rows++;
        assert.ok(ids.has(r.ID as string), `${stem}: ${r.ID} is not in ${FACILITY_FILE[kind]}`);
        withRows.add(r.ID as string);
        assert.ok(codes.has(r.診療科目コード), r.診療科目コード);
        assert.ok(['1', '2', '3'].includes(r.診療時間帯 as string), r.診療時間帯);
        for (const [column, value] of Object.entries(r))
          if (column.endsWith('時間') && value !== '') assert.match(value, /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, `${column}: ${value}`);
        if (kind === '歯科診療所') assert.ok((r.診療科目コード as string).startsWith('08'), r.診療科目コード);
        if (r.診療科目コード === '09010')
          for (const d of ['月', '火', '水', '木', '金', '土', '日', '祝'])
            assert.deepEqual([r[`${d}_診療開始時間`], r[`${d}_診療終了時間`]], ['00:00', '24:00']);
      }
      assert.equal(withRows.size, ids.size, `${kind}: every facility has departments`);
    }
    assert.equal(rows, small.hoursRows);
  });

  it('sets the closed-day flags from the hours (1 = open, 0 = closed) except for the few that disagree, as the real files do', () => {
    let disagreeing = 0;
    let facilities = 0;
    for (const kind of ['病院', '診療所', '歯科診療所'] as const) {
      const open = new Map<string, boolean[]>();
      for (const r of records(small.dir, HOURS_FILE[kind] as OpenDataFileStem)) {
        const days = open.get(r.ID as string) ?? new Array<boolean>(7).fill(false);
        ['月', '火', '水', '木', '金', '土', '日'].forEach((d, i) => {
          const start = r[`${d}_診療開始時間`];
          const end = r[`${d}_診療終了時間`];
          if (start && !(start === '00:00' && end === '00:00')) days[i] = true;
        });
        open.set(r.ID as string, days);
      }
      const weekly = closedDayColumns(kind).weekly;
      for (const r of records(small.dir, FACILITY_FILE[kind])) {
        facilities++;
        const flags = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => r[weekly[d]]);
        for (const f of flags) assert.ok(['', '0', '1'].includes(f as string), f);
        if (flags[0] === '') continue;
        const days = open.get(r.ID as string) as boolean[];
        if (flags.some((f, i) => (f === '1') !== days[i])) disagreeing++;
      }
    }
    for (const kind of ['助産所', '薬局'] as const) {
      const weekly = closedDayColumns(kind).weekly;
      for (const r of records(small.dir, FACILITY_FILE[kind])) {
        facilities++;
        const prefix = kind === '薬局' ? '開店時間帯' : '就業時間帯';
        const flags = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => r[weekly[d]]);
        if (flags[0] === '') continue;
        const days = ['月', '火', '水', '木', '金', '土', '日'].map((d) => {
          const start = r[`${d}_${prefix}1_開始時間`];
          return Boolean(start) && !(start === '00:00' && r[`${d}_${prefix}1_終了時間`] === '00:00');
        });
        if (flags.some((f, i) => (f === '1') !== days[i])) disagreeing++;
      }
    }
    assert.equal(disagreeing, small.flagsDisagreeing);
    assert.ok(disagreeing > 0.04 * facilities && disagreeing < 0.18 * facilities, `${disagreeing} of ${facilities}`);
  });

  it('writes the same bytes for the same seed and other ones for another seed', async () => {
    const again = await writeNationalSnapshot(path.join(root, 'again'), { seed: 7, scale: SCALE });
    assert.equal(digest(again.dir), digest(small.dir));
    const other = await writeNationalSnapshot(path.join(root, 'other'), { seed: 8, scale: SCALE });
    assert.notEqual(digest(other.dir), digest(small.dir));
    assert.deepEqual(other.facilities, small.facilities);
  });

  it('refuses a scale outside (0, 1] and an unknown prefecture', async () => {
    await assert.rejects(writeNationalSnapshot(path.join(root, 'bad'), { seed: 1, scale: 0 }));
    await assert.rejects(writeNationalSnapshot(path.join(root, 'bad'), { seed: 1, scale: 2 }));
    await assert.rejects(writeNationalSnapshot(path.join(root, 'bad'), { seed: 1, prefectures: ['48'] }));
  });
});

describe('the snapshot at 2 %', () => {
  let s: SnapshotSummary;
  before(async () => {
    s = await writeNationalSnapshot(path.join(root, 'two'), { seed: 3, scale: 0.02 });
  });

  it('comes near the real files’ department rows: about 31 a hospital, 45 % band 2, 2 % band 3', () => {
    const perHospital = s.files['01-2_hospital_speciality_hours'].rows / s.facilities.病院;
    assert.ok(perHospital > 28 && perHospital < 36, `${perHospital}`);
    const perClinic = s.files['02-2_clinic_speciality_hours'].rows / s.facilities.診療所;
    assert.ok(perClinic > 7 && perClinic < 8.7, `${perClinic}`);
    const perDental = s.files['03-2_dental_speciality_hours'].rows / s.facilities.歯科診療所;
    assert.ok(perDental > 6.8 && perDental < 8.2, `${perDental}`);
    assert.ok(s.band2Rows / s.hoursRows > 0.4 && s.band2Rows / s.hoursRows < 0.5, `${s.band2Rows / s.hoursRows}`);
    assert.ok(s.band3Rows / s.hoursRows > 0.01 && s.band3Rows / s.hoursRows < 0.03, `${s.band3Rows / s.hoursRows}`);
    const share = s.withoutCoordinates / Object.values(s.facilities).reduce((a, b) => a + b, 0);
    assert.ok(share > 0.05 && share < 0.11, `${share}`);
  });

  it('keeps every file in ascending ID order, as the ministry’s are, the few codes with a letter among them', () => {
    let lettered = 0;
    for (const stem of OPEN_DATA_FILE_STEMS) {
      const ids = records(s.dir, stem).map((r) => r.ID as string);
      for (let i = 1; i < ids.length; i++) assert.ok((ids[i - 1] as string) <= (ids[i] as string), `${stem}: ${ids[i - 1]} before ${ids[i]}`);
      if (!stem.includes('hours')) lettered += ids.filter((id) => /[A-Z]/.test(id)).length;
    }
    assert.ok(lettered > 0, 'a 機関コード with a letter');
  });

  it('carries the real files’ quirks', () => {
    const text = (stem: OpenDataFileStem): string => fs.readFileSync(fileOf(s.dir, stem), 'utf8');
    const clinics = text('02-1_clinic_facility_info');
    const all = OPEN_DATA_FILE_STEMS.map(text).join('\n');
    assert.match(clinics, /ｸﾘﾆｯｸ/, 'half-width katakana');
    assert.match(clinics, /Ｃｌｉｎｉｃ/, 'full-width Latin');
    assert.match(all, /[髙﨑𠮷邉邊濵]/u, 'variant kanji');
    assert.match(clinics, /,医療法人社団[^,]+,イリョウホウジンシャダン/, 'the legal-entity prefix in 正式名称 and its reading');
    assert.match(all, /,0\.0,0\.0,/, 'no coordinates');
    const hours = text('01-2_hospital_speciality_hours') + text('02-2_clinic_speciality_hours');
    assert.match(hours, /,00:00,00:00,00:00,00:00,/, '00:00–00:00 placeholders');
    assert.match(hours, /,(19:00,07:00|17:30,08:30|20:00,02:00),/, 'a band across midnight');
    const homePages = records(s.dir, '01-1_hospital_facility_info').map((r) => r.案内用ホームページアドレス as string);
    assert.ok(
      homePages.some((h) => h !== '' && !/^https?:\/\//.test(h)),
      'a home page that is not a URL',
    );
    assert.ok(homePages.some((h) => /^https:\/\/[a-z0-9]+\.example\.jp\//.test(h)));
    // その他 codes carry free text; other codes mostly the catalogue's name, sometimes another spelling.
    const names = new Set(records(s.dir, '02-2_clinic_speciality_hours').map((r) => `${r.診療科目コード}:${r.診療科目名}`));
    assert.ok(names.has('05002:耳鼻いんこう科') && (names.has('05002:耳鼻咽喉科') || names.has('05002:耳鼻科')));
  });
});

describe('the department weights', () => {
  it('are the hospital counts of the 127 catalogue codes, as shared/data/departments.csv gives them', () => {
    const lines = (url: URL) => fs.readFileSync(url, 'utf8').trim().split('\n').slice(1);
    const weights = lines(new URL('./data/hospital-departments.csv', import.meta.url)).map((l) => l.split(','));
    const catalogue = lines(new URL('../reporting/catalogue/data/codes/departments.csv', import.meta.url)).map((l) => l.split(',')[0]);
    assert.deepEqual(
      weights.map(([code]) => code),
      catalogue,
    );
    for (const [code, n] of weights) assert.match(n as string, /^\d+$/, code);
    assert.equal(weights.find(([code]) => code === '01001')?.[1], '6698');
    // Where the shared file sits beside the repository, compared row by row.
    const shared = new URL('../../../shared/data/departments.csv', import.meta.url);
    if (fs.existsSync(shared))
      assert.deepEqual(
        weights.map((w) => w.join(',')),
        lines(shared).map((l) => {
          const c = l.split(',');
          return `${c[0]},${c[4]}`;
        }),
      );
  });
});

describe('the demo snapshot', () => {
  it('has a few thousand facilities in 東京都, 神奈川県 and 大阪府 only: the national ones of those prefectures', async () => {
    const demo = await writeDemoSnapshot(path.join(root, 'demo'));
    const total = Object.values(demo.facilities).reduce((a, b) => a + b, 0);
    assert.ok(total > 2000 && total < 5000, `${total}`);
    const counts = facilityCounts(DEMO_SNAPSHOT.scale);
    for (const kind of INSTITUTION_KINDS) {
      const prefectures = new Set(records(demo.dir, FACILITY_FILE[kind]).map((r) => (r.ID as string).slice(0, 2)));
      assert.deepEqual([...prefectures].sort(), ['13', '14', '27'], kind);
      assert.equal(
        demo.facilities[kind],
        DEMO_SNAPSHOT.prefectures.map((p) => counts.get(p)?.[kind] ?? 0).reduce((a, b) => a + b, 0),
        kind,
      );
    }
    // A prefecture's facilities do not depend on which others are written.
    const tokyo = await writeNationalSnapshot(path.join(root, 'tokyo'), { seed: 1, scale: DEMO_SNAPSHOT.scale, prefectures: ['13'] });
    const tokyoRows = (dir: string) =>
      fs
        .readFileSync(fileOf(dir, '02-1_clinic_facility_info'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('13'));
    assert.deepEqual(tokyoRows(tokyo.dir), tokyoRows(demo.dir));
  });
});
