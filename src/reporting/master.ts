// What an accepted report tells the facility master (医療機関マスタ): the 基本情報 both hold — 名称,
// フリガナ, 郵便番号, 所在地 (市区町村, 住所, 建物名) and 電話番号 — written as the master writes them
// (names and addresses in full width, フリガナ in katakana, 7-digit postcodes). The report's 所在地 is
// one line (prefecture, municipality, the rest — as the 新規報告 was prefilled); it is split back into
// the master's columns when it names the institution's own prefecture (or none) and a municipality of
// it, the building after the first space. What the master cannot take is named, not guessed: an
// address in another prefecture (a move there is a new opening) or of no known municipality, a
// フリガナ that is not katakana, text longer than the master's columns.
import type { Institution } from '../db/schema.ts';
import { INSTITUTION_LIMITS } from '../institutions/institution.ts';
import { municipalitiesOf, municipality, PREFECTURE_CODES, prefectureName } from '../institutions/places.ts';
import { isKatakana, normaliseFullWidth, normaliseKana, normalisePhoneNumber, normalisePostcode } from '../platform/japanese/text.ts';
import type { ReportValues } from './catalogue/types.ts';

/** The master's columns a report may change. */
export const MASTER_FIELDS = ['name', 'name_kana', 'postcode', 'municipality_code', 'address', 'building', 'phone'] as const;
export type MasterField = (typeof MASTER_FIELDS)[number];
export type MasterChanges = Partial<Pick<Institution, MasterField>>;

/** The report's field each master column is read from (both catalogues use the same paths). */
export const MASTER_PATHS = {
  name: 'basic.name.official',
  nameKana: 'basic.name.official_kana',
  postcode: 'basic.location.postcode',
  address: 'basic.location.address',
  phone: 'basic.phone.phone',
} as const;

export interface MasterUpdate {
  /** Only the columns whose value differs from the master's. */
  changes: MasterChanges;
  /** Report items the master could not take as written (it keeps its own). */
  skipped: Array<'name' | 'name_kana' | 'postcode' | 'address' | 'phone'>;
}

const text = (values: ReportValues, path: string): string | undefined => {
  const v = values[path];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};

/** The master's 所在地 as one line, the way the 新規報告 is prefilled with it. */
export function masterAddressLine(i: Pick<Institution, 'prefecture_code' | 'municipality_code' | 'address' | 'building'>): string {
  return `${prefectureName(i.prefecture_code) ?? ''}${municipality(i.municipality_code)?.name ?? ''}${i.address}${i.building ? ` ${i.building}` : ''}`;
}

type Place = Pick<Institution, 'municipality_code' | 'address' | 'building'>;

/** A one-line 所在地 in the master's columns, or undefined when it is not in the prefecture or names no municipality of it. */
export function splitAddress(prefectureCode: string, line: string): Place | undefined {
  let rest = normaliseFullWidth(line);
  const own = prefectureName(prefectureCode);
  if (own === undefined) return undefined;
  if (rest.startsWith(own)) rest = rest.slice(own.length);
  else if (PREFECTURE_CODES.some((c) => rest.startsWith(prefectureName(c) ?? '\u0000'))) return undefined;
  const city = municipalitiesOf(prefectureCode)
    .filter((m) => rest.startsWith(m.name))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (city === undefined) return undefined;
  rest = rest.slice(city.name.length).replace(/^\u3000+/, '');
  const space = rest.indexOf('\u3000');
  const address = space < 0 ? rest : rest.slice(0, space);
  const building = space < 0 ? '' : rest.slice(space + 1).trim();
  if (address === '') return undefined;
  return { municipality_code: city.code, address, building: building === '' ? null : building };
}

/** What the accepted values change in the institution's master row. */
export function masterUpdateFrom(institution: Institution, values: ReportValues): MasterUpdate {
  const changes: MasterChanges = {};
  const skipped: MasterUpdate['skipped'] = [];

  const name = text(values, MASTER_PATHS.name);
  if (name !== undefined) {
    const n = normaliseFullWidth(name);
    if (n !== institution.name) {
      if (n.length <= INSTITUTION_LIMITS.name) changes.name = n;
      else skipped.push('name');
    }
  }

  const kana = text(values, MASTER_PATHS.nameKana);
  if (kana !== undefined) {
    const k = normaliseKana(kana);
    if (k !== institution.name_kana) {
      if (isKatakana(k) && k.length <= INSTITUTION_LIMITS.nameKana) changes.name_kana = k;
      else skipped.push('name_kana');
    }
  }

  const postcode = text(values, MASTER_PATHS.postcode);
  if (postcode !== undefined) {
    const p = normalisePostcode(postcode);
    if (typeof p !== 'string') skipped.push('postcode');
    else if (p !== institution.postcode) changes.postcode = p;
  }

  const phone = text(values, MASTER_PATHS.phone);
  if (phone !== undefined) {
    const p = normalisePhoneNumber(phone);
    if (!p.ok || p.value === null) skipped.push('phone');
    else if (p.value !== institution.phone) changes.phone = p.value;
  }

  const line = text(values, MASTER_PATHS.address);
  if (line !== undefined && normaliseFullWidth(line) !== normaliseFullWidth(masterAddressLine(institution))) {
    const place = splitAddress(institution.prefecture_code, line);
    if (place === undefined || place.address.length > INSTITUTION_LIMITS.address || (place.building ?? '').length > INSTITUTION_LIMITS.building)
      skipped.push('address');
    else {
      if (place.municipality_code !== institution.municipality_code) changes.municipality_code = place.municipality_code;
      if (place.address !== institution.address) changes.address = place.address;
      if (place.building !== institution.building) changes.building = place.building;
    }
  }
  return { changes, skipped };
}
