// The item catalogue as data: the zod schema of a catalogue file (src/reporting/catalogue/data/<FY>/<scheme>.json,
// checked when it is loaded) and the value shapes a report stores (plan 13, sections 4.1–4.3). The form, the
// checks, 差異表示, the CSV and the public page all read a catalogue; next year's changes are a new file.
import { z } from 'zod';
import { INSTITUTION_KINDS, type InstitutionKind } from '../../db/schema.ts';

// ---------------------------------------------------------------------------------------------------------
// Words and small shapes

/** 医療機能 (病院, 診療所, 歯科診療所, 助産所) or 薬局機能: one catalogue file each per fiscal year. */
export const SCHEMES = ['medical', 'pharmacy'] as const;
/** A reporting scheme: 医療機能情報提供制度 (`medical`) or 薬局機能情報提供制度 (`pharmacy`). */
export type Scheme = (typeof SCHEMES)[number];
/** The file schemes: the two reporting schemes and `status` (休止・廃止・再開, every kind). */
export const FILE_SCHEMES = ['medical', 'pharmacy', 'status'] as const;
/** A catalogue file's scheme (the file name's stem). */
export type FileScheme = (typeof FILE_SCHEMES)[number];
/** The scheme an institution kind reports under. */
export const schemeOf = (kind: InstitutionKind): Scheme => (kind === '薬局' ? 'pharmacy' : 'medical');
export type { InstitutionKind };

/** The law's three parts: 第一 管理、運営及びサービス等, 第二 提供サービスや医療連携体制, 第三 医療の実績、結果等. */
export const PARTS = [1, 2, 3] as const;
/** A part of the law's table (1 = 第一, 2 = 第二, 3 = 第三). */
export type Part = (typeof PARTS)[number];
/** How a part is written, ja and en. */
export const PART_LABELS: Readonly<Record<Part, Label>> = {
  1: { ja: '第一', en: 'Part 1' },
  2: { ja: '第二', en: 'Part 2' },
  3: { ja: '第三', en: 'Part 3' },
};

/** The days of a timetable and of closed days: 月–日 and 祝日. */
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'hol'] as const;
/** One day column: 月 火 水 木 金 土 日, or `hol` = 祝日. */
export type Day = (typeof DAYS)[number];
/** The weekdays of the 第n週 grid (no 祝日 there). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A day of the week (not 祝日). */
export type Weekday = (typeof WEEKDAYS)[number];
/** The weeks of the 第1–5週 grid. */
export const WEEKS = [1, 2, 3, 4, 5] as const;
/** A week of the month for the 第n週 grid. */
export type Week = (typeof WEEKS)[number];
/** The parts of a time band: 診療 (care), 外来受付 (reception), 就業 (work, 助産所), 開店 (open, 薬局). */
export const TIME_PARTS = ['care', 'reception', 'work', 'open'] as const;
/** One part of a band. */
export type TimePart = (typeof TIME_PARTS)[number];

/** The row code of a timetable with `rows: "single"` (助産所 就業時間, 薬局 開店時間). */
export const SINGLE_ROW = 'all';

const ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const FIELD_ID = /^[a-z][a-z0-9_]*$/;
const CODE = /^[A-Za-z0-9_-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const label = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });
/** A text in Japanese and English (labels, help). */
export type Label = z.infer<typeof label>;

const option = z.strictObject({ code: z.string().regex(CODE), label });
/** One choice of a `choice`, `multi` or matrix column: a code and its label. */
export type Option = z.infer<typeof option>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Where a field's value sits in the ministry's open data (file stem, column; `invert` for the 1 = open flags). */
const openData = z.strictObject({ file: z.string().min(1), column: z.string().min(1).optional(), invert: z.boolean().optional() });
/** The open-data mapping of a field. */
export type OpenDataMapping = z.infer<typeof openData>;

/** A field is required only when another field has one of the given values (`field`: a field id of the same item, or a full path `item.field`). */
const requiredIf = z.strictObject({ field: z.string().min(1), equals: z.union([scalar, z.array(scalar).min(1)]) });
/** The condition of `requiredIf`. */
export type RequiredIf = z.infer<typeof requiredIf>;

// ---------------------------------------------------------------------------------------------------------
// Fields (plan 4.2)

const fieldBase = {
  /** The field's id inside its item: the field path is `<item id>.<field id>`. */
  id: z.string().regex(FIELD_ID),
  label,
  /** Help shown beside this field (the item's help is shown above all its fields). */
  help: label.optional(),
  /** Must be filled to 報告 (never checked on a draft save). */
  required: z.boolean().optional(),
  requiredIf: requiredIf.optional(),
  /** Overrides the item's `public` (e.g. 管理者 フリガナ not published). */
  public: z.boolean().optional(),
  /** The kinds this field applies to, when not every kind of its item (e.g. 病床 種別 for 病院 only). */
  kinds: z.array(z.enum(INSTITUTION_KINDS)).min(1).optional(),
  openData: openData.optional(),
};

/** Options given inline or by a code list (data/codes/<codeList>.json or departments.csv). */
const choices = { options: z.array(option).min(1).optional(), codeList: z.string().min(1).optional() };

const textField = z.strictObject({
  ...fieldBase,
  kind: z.literal('text'),
  max: z.number().int().positive().optional(),
  multiline: z.boolean().optional(),
  /** How the text is normalised and checked (platform/japanese/text.ts). */
  format: z.enum(['url', 'email', 'phone', 'postcode', 'kana', 'name']).optional(),
});
const yesnoField = z.strictObject({ ...fieldBase, kind: z.literal('yesno') });
const choiceField = z.strictObject({ ...fieldBase, kind: z.literal('choice'), ...choices });
const multiField = z.strictObject({
  ...fieldBase,
  kind: z.literal('multi'),
  ...choices,
  /** Code suffixes that carry free text (`XX991`, `XX992` of the department master: `["991", "992"]`). */
  freeText: z.array(z.string().min(1)).optional(),
  /** The maximum number of codes chosen. */
  max: z.number().int().positive().optional(),
});
const numberBounds = { min: z.number().optional(), max: z.number().optional(), unit: label.optional() };
const countField = z.strictObject({
  ...fieldBase,
  kind: z.literal('count'),
  ...numberBounds,
  /** Computed, not typed: the sum of these field paths (合計病床数). */
  sumOf: z.array(z.string().min(1)).min(1).optional(),
});
const decimalField = z.strictObject({
  ...fieldBase,
  kind: z.literal('decimal'),
  ...numberBounds,
  /** Digits after the decimal point (default 1). */
  scale: z.number().int().min(0).max(6).optional(),
  sumOf: z.array(z.string().min(1)).min(1).optional(),
});
const dateField = z.strictObject({
  ...fieldBase,
  kind: z.literal('date'),
  min: z.string().regex(DATE).optional(),
  max: z.string().regex(DATE).optional(),
});
const timetableField = z.strictObject({
  ...fieldBase,
  kind: z.literal('timetable'),
  /** `departments`: one row per chosen 診療科目 (of the field `subsetOf`); `single`: one row, code SINGLE_ROW. */
  rows: z.enum(['departments', 'single']),
  /** The number of time bands (3; 薬局 4). */
  bands: z.number().int().min(1).max(4),
  /** The parts this field edits (its grid also holds the parts of the fields that share it). */
  parts: z.array(z.enum(TIME_PARTS)).min(1),
  /** This field edits `parts` of another field's grid (path) and stores nothing itself (外来受付時間 → basic.hours). */
  shares: z.string().min(1).optional(),
  /** The multi field whose codes the rows must be among (the report's 診療科目). */
  subsetOf: z.string().min(1).optional(),
});
const closedDaysField = z.strictObject({
  ...fieldBase,
  kind: z.literal('closed_days'),
  /** The word the form and the public page use: 休診, 休業 (助産所) or 閉店 (薬局). */
  word: z.enum(['休診', '休業', '閉店']),
});
const matrixColumn = z.strictObject({
  id: z.string().regex(FIELD_ID),
  label,
  kind: z.enum(['choice', 'count', 'decimal']),
  ...choices,
  ...numberBounds,
  scale: z.number().int().min(0).max(6).optional(),
});
/** One column of a matrix: a choice, a count or a decimal per row. */
export type MatrixColumn = z.infer<typeof matrixColumn>;
const matrixField = z.strictObject({
  ...fieldBase,
  kind: z.literal('matrix'),
  /** The rows: the report's 診療科目 (`departments`, with `subsetOf`), a code list, or inline options. */
  rows: z.union([z.literal('departments'), z.strictObject({ codeList: z.string().min(1) }), z.strictObject({ options: z.array(option).min(1) })]),
  columns: z.array(matrixColumn).min(1),
  subsetOf: z.string().min(1).optional(),
});

/** The zod schema of one field. */
export const fieldSchema = z.discriminatedUnion('kind', [
  textField,
  yesnoField,
  choiceField,
  multiField,
  countField,
  decimalField,
  dateField,
  timetableField,
  closedDaysField,
  matrixField,
]);
/** One field of an item (a row of the law's table may have several). */
export type Field = z.infer<typeof fieldSchema>;
/** The kinds of field. */
export type FieldKind = Field['kind'];
/** The field of one kind. */
export type FieldOf<K extends FieldKind> = Extract<Field, { kind: K }>;

// ---------------------------------------------------------------------------------------------------------
// Items, groups, files

/** The zod schema of one item (= one row of the law's table). */
export const itemSchema = z.strictObject({
  /** Stable id, never reused (`access.parking`); field paths start with it. */
  id: z.string().regex(ID),
  /** The group (= form section) it belongs to; the group gives the part. */
  group: z.string().regex(FIELD_ID),
  /** Applicability and the law's number per kind: the item applies to a kind iff it has a number for it. */
  no: z.partialRecord(z.enum(INSTITUTION_KINDS), z.union([z.number().int().positive(), z.string().min(1)])),
  label,
  help: label,
  /** A change to it is a 基本情報 change, reported at once (随時報告). */
  basic: z.boolean(),
  /** Shown on 医療情報ネット (fields may override). */
  public: z.boolean(),
  fields: z.array(fieldSchema).min(1),
});
/** One item of the catalogue. */
export type Item = z.infer<typeof itemSchema>;

/** The zod schema of a group: a section of the form, inside one part. */
export const groupSchema = z.strictObject({
  id: z.string().regex(FIELD_ID),
  part: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  label,
  help: label.optional(),
});
/** A group of items (基本情報, アクセス, 院内サービス等 …) = one section of the form. */
export type Group = z.infer<typeof groupSchema>;

/** A catalogue file written out in full (the first year of a scheme). */
export const fullFileSchema = z.strictObject({
  scheme: z.enum(FILE_SCHEMES),
  /** In the order of the form; every item's `group` is one of these. */
  groups: z.array(groupSchema).min(1),
  items: z.array(itemSchema).min(1),
});
/** A catalogue file written out in full. */
export type FullCatalogueFile = z.infer<typeof fullFileSchema>;

/** One change of a next-year file: add an item (after an id, or at the end of its group), remove one, replace one (same id). */
export const changeSchema = z.union([
  z.strictObject({ add: itemSchema, after: z.string().regex(ID).optional() }),
  z.strictObject({ remove: z.string().regex(ID) }),
  z.strictObject({ replace: itemSchema }),
]);
/** One change of a next-year file. */
export type CatalogueChange = z.infer<typeof changeSchema>;

/** A next-year file: the catalogue it extends (`"2025/medical"`), its changes in order, and optionally new groups. */
export const extendsFileSchema = z.strictObject({
  extends: z.string().regex(/^\d{4}\/(medical|pharmacy|status)$/),
  changes: z.array(changeSchema),
  groups: z.array(groupSchema).min(1).optional(),
});
/** A next-year file. */
export type ExtendsCatalogueFile = z.infer<typeof extendsFileSchema>;

/** The zod schema of a catalogue JSON file: written out in full, or extending an earlier one. */
export const catalogueFileSchema = z.union([fullFileSchema, extendsFileSchema]);
/** A catalogue JSON file as written. */
export type CatalogueFile = z.infer<typeof catalogueFileSchema>;

/** The zod schema of a code list file (data/codes/<id>.json): codes in display order, ja and en labels. */
export const codeListFileSchema = z.strictObject({
  label: label.optional(),
  codes: z.array(z.strictObject({ code: z.string().regex(CODE), label, group: z.string().optional() })).min(1),
});
/** A code list file as written. */
export type CodeListFile = z.infer<typeof codeListFileSchema>;
/** A code list: its id (the file stem) and its codes; departments come from departments.csv (group = 診療科目群, groupName its name). */
export interface CodeList {
  readonly id: string;
  readonly codes: ReadonlyArray<{ readonly code: string; readonly label: Label; readonly group?: string; readonly groupName?: string }>;
}

// ---------------------------------------------------------------------------------------------------------
// The loaded catalogue (load.ts)

/** A scheme's catalogue for one fiscal year, `extends` resolved and code lists read. */
export interface Catalogue {
  /** `2026:medical`: the FY of the file it came from and the scheme (reports.catalogue). */
  readonly id: string;
  /** The FY of the file (may be earlier than the report's FY: the nearest earlier file is used). */
  readonly fiscalYear: number;
  readonly scheme: FileScheme;
  readonly groups: readonly Group[];
  readonly items: readonly Item[];
  readonly codeLists: ReadonlyMap<string, CodeList>;
}

/** A field with where it sits: its path, its item, and whether it is published. */
export interface CatalogueField {
  /** `itemId.fieldId`. */
  readonly path: string;
  readonly item: Item;
  readonly field: Field;
  readonly public: boolean;
}

/** One section of the form for a kind: a group and the items of it that apply to the kind. */
export interface Section {
  readonly id: string;
  readonly part: Part;
  readonly label: Label;
  readonly help?: Label;
  readonly items: readonly Item[];
}

/** A catalogue narrowed to one institution kind: what its form, checks, diff and public page read. */
export interface KindCatalogue {
  readonly catalogue: Catalogue;
  /** `2026:medical` (same as catalogue.id). */
  readonly id: string;
  readonly kind: InstitutionKind;
  /** Sections in form order (groups with no item for this kind left out). */
  readonly sections: readonly Section[];
  /** Items that apply to the kind, in order; each item's fields narrowed to those for the kind. */
  readonly items: readonly Item[];
  readonly itemsById: ReadonlyMap<string, Item>;
  /** Every field of the kind by path, in order. */
  readonly fields: ReadonlyMap<string, CatalogueField>;
  readonly codeLists: ReadonlyMap<string, CodeList>;
}

// ---------------------------------------------------------------------------------------------------------
// Values a report stores (plan 4.3). Canonical: keys and codes sorted, trimmed, normalised, so equal data is equal JSON.

/** A time span `HH:MM`–`HH:MM`; the end may be ≤ the start (over midnight) or `24:00`. */
export type Span = [start: string, end: string];
/** One band of one row: per day, per part (care/reception/work/open), a span. */
export type TimetableBand = Partial<Record<Day, Partial<Record<TimePart, Span>>>>;
/** A weekly timetable: rows (a department code, or SINGLE_ROW) × bands (index 0 = 時間帯1) × days × parts. */
export interface Timetable {
  rows: Array<{ code: string; text?: string; bands: TimetableBand[] }>;
}
/** Closed days (休診/休業/閉店): weekly flags, the 第1–5週 × weekday grid, on 祝日, and other days in words. `true` = closed. */
export interface ClosedDays {
  weekly: Weekday[];
  nth: Array<{ week: Week; day: Weekday }>;
  holidays: boolean;
  other: string;
}
/** One chosen code of a `multi` field, with free text for the codes that carry it. */
export interface ChosenCode {
  code: string;
  text?: string;
}
/** A matrix value: per row code, per column id, a code or a number. */
export type MatrixValue = Record<string, Record<string, string | number>>;
/** The value of one field: text/choice/date → string, yesno → boolean, count/decimal → number, multi, timetable, closed days, matrix. */
export type FieldValue = string | boolean | number | ChosenCode[] | Timetable | ClosedDays | MatrixValue;
/** A report's values by field path; an absent path = not entered. */
export type ReportValues = Record<string, FieldValue>;
/** What was typed and did not parse, by input name (kept, shown again, blocks 報告). */
export type InvalidInput = Record<string, string>;

// ---------------------------------------------------------------------------------------------------------
// 差異表示 (diff.ts, plan section 6)

/** How one item compares: same, changed, only after (added) / only before (removed), or in only one catalogue. */
export type ItemDiffStatus = 'same' | 'changed' | 'added' | 'removed' | 'new_item' | 'dropped_item';
/** One changed cell of a structured value: its key (`01010.1.mon.care.s`, `w.mon`, `n.2.tue`, `hol`, a code, `row.col`) and both sides. */
export interface CellDiff {
  key: string;
  before?: string | number | boolean;
  after?: string | number | boolean;
}
/** How one field compares; `cells` lists what differs inside a timetable, closed days, multi or matrix. */
export interface FieldDiff {
  path: string;
  fieldId: string;
  status: 'same' | 'changed' | 'added' | 'removed';
  before?: FieldValue;
  after?: FieldValue;
  cells: CellDiff[];
}
/** How one item compares, with its fields. */
export interface ItemDiff {
  itemId: string;
  status: ItemDiffStatus;
  fields: FieldDiff[];
}
