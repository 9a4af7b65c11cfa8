// What the search index holds of one published facility: its row of search_facilities (names,
// place and departments as shown and as folded, coordinates, closed days, what it offers), its open
// bands (search_hours) and its tokens for the keyword index. Built from the published record and
// the values of the publication it shows, read with the publication's own catalogue.
import type { InstitutionKind } from '../db/schema.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import { catalogueById } from '../reporting/catalogue/load.ts';
import type { ChosenCode, ClosedDays, FieldOf, KindCatalogue, ReportValues, TimePart, Timetable } from '../reporting/catalogue/types.ts';
import { facilityFeatures, featureTokens, geoTokens, PATHS, tokens } from './features.ts';
import { addGrams, fold, splitName } from './fold.ts';
import { closedMasks, hoursRows, openBands, type OpenBand } from './hours.ts';
import type { PublishedForIndex, SearchRowInsert } from './index-repository.ts';

export interface SearchDocument {
  row: SearchRowInsert;
  /** The keyword index's tokens: grams of the folded fields, then the condition tokens. */
  grams: string[];
  /** The rows of search_hours (a band over midnight split at 24:00). */
  bands: OpenBand[];
}

/** The timetable part that says the facility is open, by kind, first choice first. */
const OPEN_PARTS: Readonly<Record<InstitutionKind, readonly TimePart[]>> = {
  病院: ['care', 'reception'],
  診療所: ['care', 'reception'],
  歯科診療所: ['care', 'reception'],
  助産所: ['work', 'reception'],
  薬局: ['open'],
};

interface KindFields {
  hours: string | undefined;
  closed: string | undefined;
  /** Folded, by code. */
  departmentNames: ReadonlyMap<string, string>;
}

const kindFields = new Map<string, KindFields>();

/** The paths of the timetable that holds the hours (not one that shares another's grid) and of the closed days, per catalogue and kind. */
function fieldsOf(catalogueId: string, kind: InstitutionKind): KindFields {
  const key = `${catalogueId}\u0000${kind}`;
  let found = kindFields.get(key);
  if (!found) {
    const cat: KindCatalogue = catalogueById(catalogueId, kind);
    const all = [...cat.fields.values()];
    const hours = all.find((f) => f.field.kind === 'timetable' && (f.field as FieldOf<'timetable'>).shares === undefined);
    const closed = all.find((f) => f.field.kind === 'closed_days');
    const names = new Map((cat.codeLists.get('departments')?.codes ?? []).map((c) => [c.code, fold(c.label.ja)] as const));
    found = { hours: hours?.path, closed: closed?.path, departmentNames: names };
    kindFields.set(key, found);
  }
  return found;
}

const text = (values: ReportValues, path: string): string => {
  const v = values[path];
  return typeof v === 'string' ? v : '';
};
const coordinate = (values: ReportValues, path: string, limit: number): number | null => {
  const v = values[path];
  return typeof v === 'number' && Number.isFinite(v) && v !== 0 && Math.abs(v) <= limit ? v : null;
};
/** Published coordinates, both or neither (0.0 is none, as in the open data). */
function coordinates(values: ReportValues): { latitude: number | null; longitude: number | null } {
  const latitude = coordinate(values, PATHS.latitude, 90);
  const longitude = coordinate(values, PATHS.longitude, 180);
  return latitude === null || longitude === null ? { latitude: null, longitude: null } : { latitude, longitude };
}

const placeNames = new Map<string, { pref: string; city: string }>();

/** The address as searched: the prefecture and municipality put in front when the address leaves them out. */
function placeText(address: string, prefectureCode: string, municipalityCode: string): string {
  const key = `${prefectureCode}${municipalityCode}`;
  let names = placeNames.get(key);
  if (!names) {
    names = { pref: fold(prefectureName(prefectureCode) ?? ''), city: fold(municipality(municipalityCode)?.name ?? '') };
    placeNames.set(key, names);
  }
  const folded = fold(address);
  return `${folded.startsWith(names.pref) ? '' : names.pref}${folded.includes(names.city) ? '' : names.city}${folded}`;
}

/** The document of a published record, from the values of the publication it shows. */
/** Changed whenever a document's tokens or fields change: a start over an index of another version rebuilds it (index-state.ts). */
export const DOCUMENT_VERSION = '2-geo-cells';

export function searchDocument(src: PublishedForIndex, values: ReportValues): SearchDocument {
  const { kind } = src;
  const fields = fieldsOf(src.catalogue, kind);
  const name = splitName(src.name);
  const kana = splitName(src.name_kana);
  const english = src.name_en ?? text(values, kind === '薬局' ? PATHS.pharmacy.english : PATHS.medical.english);
  const address = text(values, PATHS.address);
  const chosen = values[PATHS.departments];
  const departments = Array.isArray(chosen) ? (chosen as ChosenCode[]) : [];
  // A department's name from the code list (the data's own spellings vary); その他 codes by the text given.
  const departmentNames = departments
    .map((d) => (/^\d{2}99\d$/.test(d.code) ? fold(d.text ?? '') : (fields.departmentNames.get(d.code) ?? '')))
    .filter((n) => n !== '');
  const bands = openBands(fields.hours ? (values[fields.hours] as Timetable | undefined) : undefined, OPEN_PARTS[kind]);
  const closed = closedMasks(fields.closed ? (values[fields.closed] as ClosedDays | undefined) : undefined);
  const features = facilityFeatures(kind, values, bands);

  const aliasFolded = [name.entity, kana.entity, fold(text(values, PATHS.shortName)), fold(text(values, PATHS.shortKana)), fold(english)]
    .filter((p) => p !== '')
    .join(' ');
  const addressFolded = placeText(address, src.prefecture_code, src.municipality_code);
  const departmentsFolded = departmentNames.join(' ');
  const row: SearchRowInsert = {
    facility_id: src.facility_id,
    kind,
    prefecture_code: src.prefecture_code,
    municipality_code: src.municipality_code,
    name: src.name,
    name_kana: src.name_kana,
    address,
    departments: departments.map((d) => d.code).join(' '),
    features: features.join(' '),
    name_folded: name.own,
    kana_folded: kana.own,
    alias_folded: aliasFolded,
    address_folded: addressFolded,
    departments_folded: departmentsFolded,
    name_sort: kana.own || name.own,
    ...coordinates(values),
    closed_weekly: closed.weekly,
    closed_nth: closed.nth,
    closed_holidays: closed.holidays ? 1 : 0,
    suspended_since: src.suspended_since,
    published_at: src.published_at,
  };
  const grams = new Set<string>();
  for (const field of [row.name_folded, row.kana_folded, aliasFolded, addressFolded, departmentsFolded]) {
    for (const part of field.split(' ')) addGrams(grams, part);
  }
  grams.add(tokens.kind(kind));
  grams.add(tokens.pref(src.prefecture_code));
  grams.add(tokens.city(src.municipality_code));
  for (const d of departments) grams.add(tokens.dept(d.code));
  for (const t of featureTokens(features)) grams.add(t);
  if (row.latitude != null && row.longitude != null) for (const t of geoTokens(row.latitude, row.longitude)) grams.add(t);
  return { row, grams: [...grams], bands: hoursRows(bands) };
}
