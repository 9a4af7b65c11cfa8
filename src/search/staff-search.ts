// 施設の検索 in 医療情報ネット's 関係者メニュー: the public search's query (query.ts), with the conditions
// the public form does not offer (保有設備, 対応可能な疾患・治療, 専門医, 予防接種), and results that read
// each facility's published values — the items its catalogue does not publish (管理者 フリガナ, 外来区分)
// among them, which the search index never holds. The CSV of a whole result: its records a page at a
// time, at most STAFF_CSV_MAX of them, and an audit event for each download.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { NaviAccount } from '../db/schema.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import { catalogueById, loadEveryCatalogue, optionsOf } from '../reporting/catalogue/load.ts';
import type { CatalogueField, ChosenCode, FieldValue, KindCatalogue, MatrixValue, ReportValues } from '../reporting/catalogue/types.ts';
import { codeLabel } from '../reporting/catalogue/values.ts';
import { authorizeNavi } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { CODED, PATHS, type CodedCondition } from './features.ts';
import { PER_PAGE_MAX, searchFacilities, type SearchAnswer, type SearchQuery, type SearchResult } from './query.ts';
import { publishedValuesOf, type PublishedValuesRow } from './staff-values-repository.ts';

/** The most records one CSV holds (a wider search is narrowed first; the page says so). */
export const STAFF_CSV_MAX = 10_000;

/** The conditions only the staff search offers, each a code list of the catalogue. */
export const STAFF_CONDITIONS = ['equip', 'treat', 'spec', 'vacc'] as const satisfies readonly CodedCondition[];
export type StaffCondition = (typeof STAFF_CONDITIONS)[number];

export interface StaffCode {
  code: string;
  label: string;
}

let codeLists: Map<string, StaffCode[]> | undefined;
/** A code list by id, from the first catalogue that has it (labels in Japanese). */
export function staffCodeList(id: string): StaffCode[] {
  if (!codeLists) {
    codeLists = new Map();
    for (const cat of loadEveryCatalogue()) {
      for (const [listId, list] of cat.codeLists) {
        if (!codeLists.has(listId))
          codeLists.set(
            listId,
            list.codes.map((c) => ({ code: c.code, label: c.label.ja })),
          );
      }
    }
  }
  return codeLists.get(id) ?? [];
}
/** The codes a staff condition may take. */
export const staffConditionCodes = (c: StaffCondition): StaffCode[] => staffCodeList(CODED[c]);
const labelIn = (listId: string, code: string): string => staffCodeList(listId).find((c) => c.code === code)?.label ?? code;

/** A field the public page does not show: its path and its name. */
export interface HiddenField {
  path: string;
  label: string;
}
let hidden: HiddenField[] | undefined;
/** Every field of the reporting catalogues (not the 休止・廃止 forms, which are never published) whose item or field is not public, once by path. */
export function hiddenFields(): HiddenField[] {
  if (!hidden) {
    const byPath = new Map<string, HiddenField>();
    for (const cat of loadEveryCatalogue()) {
      if (cat.scheme === 'status') continue;
      for (const item of cat.items) {
        for (const f of item.fields) {
          const path = `${item.id}.${f.id}`;
          if ((f.public ?? item.public) === false && !byPath.has(path)) byPath.set(path, { path, label: f.label.ja });
        }
      }
    }
    hidden = [...byPath.values()];
  }
  return hidden;
}

/** A search result with what the staff see of its published values. */
export interface StaffFacility extends SearchResult {
  prefName: string;
  cityName: string;
  departmentNames: string[];
  postcode: string;
  phone: string;
  administrator: string;
  equipment: string[];
  treatments: string[];
  /** 「内科（2人）」: specialties with at least one. */
  specialists: string[];
  vaccinations: string[];
  /** The values of hiddenFields() this record has, in words. */
  hidden: Array<HiddenField & { text: string }>;
}

/** Where the values the results show live, in both schemes' catalogues. */
const VALUE_PATHS = { postcode: 'basic.location.postcode', phone: 'basic.phone.phone', administrator: 'basic.administrator.name' } as const;

const str = (v: FieldValue | undefined): string => (typeof v === 'string' ? v : '');
const chosen = (v: FieldValue | undefined): ChosenCode[] => (Array.isArray(v) ? (v as ChosenCode[]) : []);

/** A value as plain text (for a page's line or a CSV cell): choices by their label, yes/no as あり/なし. */
export function valueText(cat: KindCatalogue, cf: CatalogueField, v: FieldValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? 'あり' : 'なし';
  if (typeof v === 'number') return String(v);
  const f = cf.field as { options?: readonly { code: string; label: { ja: string; en: string } }[]; codeList?: string };
  if (typeof v === 'string') return cf.field.kind === 'choice' ? codeLabel(optionsOf(cat, f), v) : v;
  if (Array.isArray(v))
    return (v as ChosenCode[]).map((c) => (c.text ? `${codeLabel(optionsOf(cat, f), c.code)}（${c.text}）` : codeLabel(optionsOf(cat, f), c.code))).join('、');
  return '';
}

/** A result with its published values read. */
function staffFacility(r: SearchResult, row: PublishedValuesRow | undefined): StaffFacility {
  const values: ReportValues = row ? (JSON.parse(row.values) as ReportValues) : {};
  const cat = row ? catalogueById(row.catalogue, row.kind) : undefined;
  const m = PATHS.medical;
  const specialists = values[m.specialists];
  return {
    ...r,
    prefName: prefectureName(r.pref) ?? r.pref,
    cityName: municipality(r.city)?.name ?? r.city,
    departmentNames: r.departments.map((d) => labelIn('departments', d)),
    postcode: str(values[VALUE_PATHS.postcode]),
    phone: str(values[VALUE_PATHS.phone]),
    administrator: str(values[VALUE_PATHS.administrator]),
    equipment: chosen(values[m.equipment]).map((c) => labelIn(CODED.equip, c.code)),
    treatments: chosen(values[m.treatments]).map((c) => labelIn(CODED.treat, c.code)),
    specialists:
      specialists && typeof specialists === 'object' && !Array.isArray(specialists)
        ? Object.entries(specialists as MatrixValue)
            .filter(([, row]) => typeof row?.count === 'number' && row.count > 0)
            .map(([code, row]) => `${labelIn(CODED.spec, code)}（${row!.count}人）`)
        : [],
    vaccinations: chosen(values[m.vaccinations]).map((c) => labelIn(CODED.vacc, c.code)),
    hidden: cat
      ? hiddenFields().flatMap((h) => {
          const cf = cat.fields.get(h.path);
          const text = cf ? valueText(cat, cf, values[h.path]) : '';
          return text === '' ? [] : [{ ...h, text }];
        })
      : [],
  };
}

/** The results' published values, in the results' order. */
async function withValues(db: Db, results: readonly SearchResult[]): Promise<StaffFacility[]> {
  const rows = new Map(
    (
      await publishedValuesOf(
        db,
        results.map((r) => r.id),
      )
    ).map((r) => [r.facility_id, r] as const),
  );
  return results.map((r) => staffFacility(r, rows.get(r.id)));
}

/** One page of a staff search (`db`: the database searches read, searchDbOf). */
export async function staffSearch(db: Db, actor: NaviAccount, query: SearchQuery): Promise<{ answer: SearchAnswer; facilities: StaffFacility[] }> {
  authorizeNavi(actor, 'navi.staff_search');
  const answer = await searchFacilities(db, query);
  return { answer, facilities: await withValues(db, answer.results) };
}

/**
 * The whole result for a CSV: how many match, how many records it holds (at most STAFF_CSV_MAX), and
 * its records a page of up to 100 at a time — the first read before this returns, so a failure is still
 * the caller's to answer. The query's page and page size are not used.
 */
export async function staffResultForCsv(
  db: Db,
  actor: NaviAccount,
  query: SearchQuery,
): Promise<{ total: number; rows: number; pages: AsyncGenerator<StaffFacility[]> }> {
  authorizeNavi(actor, 'navi.staff_search');
  const pageOf = (page: number) => searchFacilities(db, { ...query, page, perPage: PER_PAGE_MAX });
  const first = await pageOf(1);
  const rows = Math.min(first.total, STAFF_CSV_MAX);
  async function* pages(): AsyncGenerator<StaffFacility[]> {
    let answer = first;
    for (let done = 0; done < rows;) {
      const results = answer.results.slice(0, rows - done);
      if (results.length === 0) return;
      yield await withValues(db, results);
      done += results.length;
      if (done < rows) answer = await pageOf(answer.page + 1);
    }
  }
  return { total: first.total, rows, pages: pages() };
}

/** The CSV's columns: a header in Japanese and the cell of a record. */
export function staffCsvColumns(): Array<{ header: string; cell: (f: StaffFacility) => string }> {
  const list = (xs: readonly string[]) => xs.join('、');
  return [
    { header: 'ID', cell: (f) => f.id },
    { header: '名称', cell: (f) => f.name },
    { header: 'フリガナ', cell: (f) => f.nameKana },
    { header: '種別', cell: (f) => f.kind },
    { header: '都道府県', cell: (f) => f.prefName },
    { header: '市区町村', cell: (f) => f.cityName },
    { header: '郵便番号', cell: (f) => f.postcode },
    { header: '住所', cell: (f) => f.address },
    { header: '電話番号', cell: (f) => f.phone },
    { header: '診療科目', cell: (f) => list(f.departmentNames) },
    { header: '保有設備', cell: (f) => list(f.equipment) },
    { header: '対応可能な疾患・治療', cell: (f) => list(f.treatments) },
    { header: '専門医', cell: (f) => list(f.specialists) },
    { header: '予防接種', cell: (f) => list(f.vaccinations) },
    { header: '管理者', cell: (f) => f.administrator },
    ...hiddenFields().map((h) => ({ header: `${h.label}（非公表）`, cell: (f: StaffFacility) => f.hidden.find((x) => x.path === h.path)?.text ?? '' })),
    { header: '休止', cell: (f) => (f.suspendedSince ? `${f.suspendedSince}から休止` : '') },
    { header: '緯度', cell: (f) => (f.lat === null ? '' : String(f.lat)) },
    { header: '経度', cell: (f) => (f.lon === null ? '' : String(f.lon)) },
  ];
}

export type StaffCsvEncoding = 'utf-8' | 'shift_jis';

/** Records that a staff account downloaded a result as CSV (the primary database: deps.db). */
export async function recordStaffDownload(
  deps: Pick<Ports, 'db' | 'clock'>,
  actor: NaviAccount,
  d: { conditions: string; total: number; rows: number; encoding: StaffCsvEncoding; origin: RequestOrigin },
): Promise<void> {
  authorizeNavi(actor, 'navi.staff_search');
  await recordAudit(deps.db, deps.clock, {
    type: 'navi.staff_search.downloaded',
    accountId: actor.id,
    username: actor.user_id,
    origin: d.origin,
    details: { conditions: d.conditions, total: d.total, rows: d.rows, encoding: d.encoding },
  });
}
