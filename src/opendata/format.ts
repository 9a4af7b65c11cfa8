// The ministry's open-data format (OPEN-DATA.md) as data: the 8 files of a snapshot, each file's exact
// header row in order, the kind digit of the ID, and the column names of the closed-day flags and of the
// hours. The reader checks a file's header row against these lists; the writer writes them; the national
// seed builds its files from them.
import { INSTITUTION_KINDS, type InstitutionKind } from '../db/schema.ts';
import { DAYS, WEEKDAYS, WEEKS, type Day, type TimePart, type Week, type Weekday } from '../reporting/catalogue/types.ts';
import { OPEN_DATA_FILE_STEMS, type OpenDataFileStem } from './types.ts';

export { OPEN_DATA_FILE_STEMS, type OpenDataFileStem };

/** The 機関区分 digit of the ID (its third character) and of the 機関区分 column. */
export const KIND_DIGIT: Readonly<Record<InstitutionKind, string>> = { 病院: '1', 診療所: '2', 歯科診療所: '3', 助産所: '4', 薬局: '5' };
/** The kind a 機関区分 digit stands for. */
export const KIND_OF_DIGIT: ReadonlyMap<string, InstitutionKind> = new Map(INSTITUTION_KINDS.map((k) => [KIND_DIGIT[k], k]));

/** How the files write a day: 月 … 日 and 祝. */
export const DAY_JA: Readonly<Record<Day, string>> = { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日', hol: '祝' };
/** The pharmacy file writes the week of its 第n週 grid as a full-width digit (定期閉店第１週（月）). */
export const FULL_WIDTH_WEEK: Readonly<Record<Week, string>> = { 1: '１', 2: '２', 3: '３', 4: '４', 5: '５' };

/** A facility file (one row per facility) or an hours file (one row per facility × department × time band). */
export type FileRole = 'facility' | 'hours';
/** The catalogue's name for each role (`openData.file` of a field). */
export const CATALOGUE_FILE: Readonly<Record<FileRole, string>> = { facility: 'facility_info', hours: 'speciality_hours' };

/** One file of a snapshot: its stem, the kind of its rows, its role and its header row. */
export interface OpenDataFile {
  readonly stem: OpenDataFileStem;
  readonly kind: InstitutionKind;
  readonly role: FileRole;
  readonly headers: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------
// Column names

/** Where a facility is, in every facility file: the codes, 所在地 and its coordinates. */
const PLACE = ['都道府県コード', '市区町村コード', '所在地', '所在地座標（緯度）', '所在地座標（経度）'] as const;

/** The columns every facility file of 病院, 診療所, 歯科診療所 and 助産所 starts with. */
const MEDICAL_HEAD = [
  'ID',
  '正式名称',
  '正式名称（フリガナ）',
  '略称',
  '略称（フリガナ）',
  '英語表記（ローマ字表記）',
  '機関区分',
  ...PLACE,
  '案内用ホームページアドレス',
] as const;

/**
 * The pharmacy file's first columns. Its fifth column is one OPEN-DATA.md could not identify: the medical
 * files have 機関区分 in the same place (after the names, before 都道府県コード), so the writer names it
 * so and writes the kind digit; the reader accepts any header there and reads nothing from it.
 */
const PHARMACY_HEAD = ['ID', '名称', 'フリガナ', 'ローマ字', '機関区分', ...PLACE, '薬局のホームページアドレス'] as const;
/** The index of the pharmacy file's unidentified column (see PHARMACY_HEAD). */
export const PHARMACY_UNIDENTIFIED_COLUMN = 4;

/** Where a kind's master columns and its names, place and home page are. */
export interface MasterColumns {
  readonly id: string;
  readonly kindDigit: string;
  readonly prefecture: string;
  readonly municipality: string;
  readonly name: string;
  readonly nameKana: string;
  readonly nameEn: string;
  readonly address: string;
  readonly latitude: string;
  readonly longitude: string;
}
const MEDICAL_MASTER: MasterColumns = {
  id: 'ID',
  kindDigit: '機関区分',
  prefecture: '都道府県コード',
  municipality: '市区町村コード',
  name: '正式名称',
  nameKana: '正式名称（フリガナ）',
  nameEn: '英語表記（ローマ字表記）',
  address: '所在地',
  latitude: '所在地座標（緯度）',
  longitude: '所在地座標（経度）',
};
const PHARMACY_MASTER: MasterColumns = { ...MEDICAL_MASTER, name: '名称', nameKana: 'フリガナ', nameEn: 'ローマ字' };
/** The master columns of a kind's facility file. */
export const masterColumns = (kind: InstitutionKind): MasterColumns => (kind === '薬局' ? PHARMACY_MASTER : MEDICAL_MASTER);

/** The closed-day block's columns of a kind (44; 薬局 53), by what they say. The flags hold 1 = open, 0 = closed. */
export interface ClosedDayColumns {
  /** 毎週決まった曜日に休診（月） … ; 薬局: 定期閉店毎週（月） … */
  readonly weekly: Readonly<Record<Weekday, string>>;
  /** 決まった週に休診（定期週）第1週（月） … ; 薬局: 定期閉店第１週（月） … (full-width week digit). */
  readonly nth: Readonly<Record<Week, Readonly<Record<Weekday, string>>>>;
  /** 祝日に休診; 薬局: 祝日. */
  readonly holiday: string;
  /** その他の休診日（gw、お盆等）. */
  readonly other: string;
  /** 薬局 only: 営業日（月） … 営業日（祝） (1 = open; agrees with the hours). */
  readonly openDays?: Readonly<Record<Day, string>>;
  /** 薬局 only: 定期閉店毎週（祝）, the weekly block's eighth column. */
  readonly weeklyHoliday?: string;
  /** Every column of the block, in file order. */
  readonly all: readonly string[];
}

const byWeekday = (f: (d: string) => string) => Object.fromEntries(WEEKDAYS.map((d) => [d, f(DAY_JA[d])])) as Record<Weekday, string>;
const byDay = (f: (d: string) => string) => Object.fromEntries(DAYS.map((d) => [d, f(DAY_JA[d])])) as Record<Day, string>;
const byWeek = (f: (w: Week) => Record<Weekday, string>) => Object.fromEntries(WEEKS.map((w) => [w, f(w)])) as Record<Week, Record<Weekday, string>>;

function medicalClosedDays(word: '休診' | '休業'): ClosedDayColumns {
  const weekly = byWeekday((d) => `毎週決まった曜日に${word}（${d}）`);
  const nth = byWeek((w) => byWeekday((d) => `決まった週に${word}（定期週）第${w}週（${d}）`));
  const holiday = `祝日に${word}`;
  const other = `その他の${word}日（gw、お盆等）`;
  return { weekly, nth, holiday, other, all: [...WEEKDAYS.map((d) => weekly[d]), ...WEEKS.flatMap((w) => WEEKDAYS.map((d) => nth[w][d])), holiday, other] };
}

function pharmacyClosedDays(): ClosedDayColumns {
  const openDays = byDay((d) => `営業日（${d}）`);
  const weekly = byWeekday((d) => `定期閉店毎週（${d}）`);
  const weeklyHoliday = '定期閉店毎週（祝）';
  const nth = byWeek((w) => byWeekday((d) => `定期閉店第${FULL_WIDTH_WEEK[w]}週（${d}）`));
  const holiday = '祝日';
  const other = 'その他の閉店日（gw、お盆等）';
  return {
    weekly,
    nth,
    holiday,
    other,
    openDays,
    weeklyHoliday,
    all: [
      ...DAYS.map((d) => openDays[d]),
      ...WEEKDAYS.map((d) => weekly[d]),
      weeklyHoliday,
      ...WEEKS.flatMap((w) => WEEKDAYS.map((d) => nth[w][d])),
      holiday,
      other,
    ],
  };
}

const CLOSED_DAYS: Readonly<Record<InstitutionKind, ClosedDayColumns>> = {
  病院: medicalClosedDays('休診'),
  診療所: medicalClosedDays('休診'),
  歯科診療所: medicalClosedDays('休診'),
  助産所: medicalClosedDays('休業'),
  薬局: pharmacyClosedDays(),
};
/** The closed-day columns of a kind's facility file. */
export const closedDayColumns = (kind: InstitutionKind): ClosedDayColumns => CLOSED_DAYS[kind];

/** The bed columns of the hospital and clinic files (dental, 助産所 and 薬局 have none). */
const HOSPITAL_BEDS = ['一般病床', '療養病床', '療養病床のうち医療保険適用', '療養病床のうち介護保険適用', '精神病床', '結核病床', '感染症病床', '合計病床数'];
const CLINIC_BEDS = ['一般病床', '療養病床', '療養病床のうち医療保険適用', '療養病床のうち介護保険適用', '合計病床数'];

/** One span's two columns in a file: the day, the band (from 1), the part, and the start and end headers. */
export interface SpanColumns {
  readonly day: Day;
  readonly band: number;
  readonly part: TimePart;
  readonly start: string;
  readonly end: string;
}

/** The hours file's first four columns. */
export const HOURS_HEAD = { id: 'ID', department: '診療科目コード', departmentName: '診療科目名', band: '診療時間帯' } as const;
/** The hours file's 32 time columns: per day 診療開始/終了 (16), then per day 外来受付開始/終了 (16); `band` is the row's (0 here). */
export const HOURS_FILE_SPANS: readonly SpanColumns[] = [
  ...DAYS.map((day) => ({ day, band: 0, part: 'care' as const, start: `${DAY_JA[day]}_診療開始時間`, end: `${DAY_JA[day]}_診療終了時間` })),
  ...DAYS.map((day) => ({ day, band: 0, part: 'reception' as const, start: `${DAY_JA[day]}_外来受付開始時間`, end: `${DAY_JA[day]}_外来受付終了時間` })),
];
/** The 36 columns of an hours file (the same for hospital, clinic and dental). */
const HOURS_HEADERS = [HOURS_HEAD.id, HOURS_HEAD.department, HOURS_HEAD.departmentName, HOURS_HEAD.band, ...HOURS_FILE_SPANS.flatMap((s) => [s.start, s.end])];

/**
 * The hours in a 助産所 or 薬局 row: `{曜}_{word}{n}_開始時間` / `_終了時間`. Written part by part (助産所: 就業 then
 * 外来受付), each day by day and within a day band by band, as OPEN-DATA.md lists them; public parsers disagree
 * on the order inside a block, so the reader finds these columns by name and never by position.
 */
function inRowSpans(blocks: ReadonlyArray<{ part: TimePart; word: string }>, bands: number): SpanColumns[] {
  return blocks.flatMap(({ part, word }) =>
    DAYS.flatMap((day) =>
      Array.from({ length: bands }, (_, i) => ({
        day,
        band: i + 1,
        part,
        start: `${DAY_JA[day]}_${word}${i + 1}_開始時間`,
        end: `${DAY_JA[day]}_${word}${i + 1}_終了時間`,
      })),
    ),
  );
}
const MATERNITY_SPANS = inRowSpans(
  [
    { part: 'work', word: '就業時間帯' },
    { part: 'reception', word: '外来受付時間帯' },
  ],
  3,
);
const PHARMACY_SPANS = inRowSpans([{ part: 'open', word: '開店時間帯' }], 4);
/** The hours columns inside a 助産所 or 薬局 row; none for the kinds with an hours file. */
export const inRowSpanColumns = (kind: InstitutionKind): readonly SpanColumns[] =>
  kind === '助産所' ? MATERNITY_SPANS : kind === '薬局' ? PHARMACY_SPANS : [];

// ---------------------------------------------------------------------------------------------------------
// The files

const facilityHeaders = (kind: InstitutionKind): string[] => {
  const closed = CLOSED_DAYS[kind].all;
  switch (kind) {
    case '病院':
      return [...MEDICAL_HEAD, ...closed, ...HOSPITAL_BEDS];
    case '診療所':
      return [...MEDICAL_HEAD, ...closed, ...CLINIC_BEDS];
    case '歯科診療所':
      return [...MEDICAL_HEAD, ...closed];
    case '助産所':
      return [...MEDICAL_HEAD, ...closed, ...MATERNITY_SPANS.flatMap((s) => [s.start, s.end])];
    case '薬局':
      return [...PHARMACY_HEAD, ...closed, ...PHARMACY_SPANS.flatMap((s) => [s.start, s.end])];
  }
};

const file = (stem: OpenDataFileStem, kind: InstitutionKind, role: FileRole): OpenDataFile => ({
  stem,
  kind,
  role,
  headers: Object.freeze(role === 'hours' ? [...HOURS_HEADERS] : facilityHeaders(kind)),
});

/** The 8 files, in OPEN_DATA_FILE_STEMS order. */
export const OPEN_DATA_FILES: Readonly<Record<OpenDataFileStem, OpenDataFile>> = {
  '01-1_hospital_facility_info': file('01-1_hospital_facility_info', '病院', 'facility'),
  '01-2_hospital_speciality_hours': file('01-2_hospital_speciality_hours', '病院', 'hours'),
  '02-1_clinic_facility_info': file('02-1_clinic_facility_info', '診療所', 'facility'),
  '02-2_clinic_speciality_hours': file('02-2_clinic_speciality_hours', '診療所', 'hours'),
  '03-1_dental_facility_info': file('03-1_dental_facility_info', '歯科診療所', 'facility'),
  '03-2_dental_speciality_hours': file('03-2_dental_speciality_hours', '歯科診療所', 'hours'),
  '04_maternity_home': file('04_maternity_home', '助産所', 'facility'),
  '05_pharmacy': file('05_pharmacy', '薬局', 'facility'),
};

/** The exact header row of a file. */
export const headersOf = (stem: OpenDataFileStem): readonly string[] => OPEN_DATA_FILES[stem].headers;

/** Each kind's facility file. */
export const FACILITY_FILE: Readonly<Record<InstitutionKind, OpenDataFileStem>> = {
  病院: '01-1_hospital_facility_info',
  診療所: '02-1_clinic_facility_info',
  歯科診療所: '03-1_dental_facility_info',
  助産所: '04_maternity_home',
  薬局: '05_pharmacy',
};
/** The hours file of the kinds that have one (病院, 診療所, 歯科診療所; 助産所 and 薬局 keep their hours in the row). */
export const HOURS_FILE: Readonly<Partial<Record<InstitutionKind, OpenDataFileStem>>> = {
  病院: '01-2_hospital_speciality_hours',
  診療所: '02-2_clinic_speciality_hours',
  歯科診療所: '03-2_dental_speciality_hours',
};

/**
 * The file stem a file name stands for: `<stem>.csv` as we write them, or `<stem>_YYYYMMDD.csv` as the
 * ministry names them (01-1_hospital_facility_info_20260601.csv); undefined for any other name.
 */
export function stemOfFileName(name: string): OpenDataFileStem | undefined {
  const m = /^(.+?)(?:_(\d{8}))?\.csv$/i.exec(name);
  return m === null ? undefined : OPEN_DATA_FILE_STEMS.find((s) => s === m[1]);
}

/** An ID's shape: 都道府県コード (2 digits) + 機関区分 (1 digit) + 機関コード (10 letters or digits). */
export const ID_PATTERN = /^(\d{2})([1-5])([0-9A-Za-z]{10})$/;
