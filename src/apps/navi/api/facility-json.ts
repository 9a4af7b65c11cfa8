// What the public API answers: a search's results (the same SearchAnswer the HTML search renders) and
// one facility's published record — the public items of its catalogue only, as the facility page
// shows them — in JSON, with ja/en labels beside the codes so that a client needs no code list.
import type { InstitutionKind } from '../../../db/schema.ts';
import { municipality, prefectureName } from '../../../institutions/places.ts';
import { optionsOf } from '../../../reporting/catalogue/load.ts';
import type {
  CatalogueField,
  ChosenCode,
  ClosedDays,
  FieldOf,
  FieldValue,
  KindCatalogue,
  Label,
  MatrixValue,
  ReportValues,
  Timetable,
  TimetableBand,
} from '../../../reporting/catalogue/types.ts';
import { jstDateOf } from '../../../reporting/fiscal-year.ts';
import type { PublishedView } from '../../../reporting/publication.ts';
import { kindName, type KindName, type SearchAnswer, type SearchResult } from '../../../search/query.ts';
import { closedDaysText, scalarText } from '../../../web/report-values.tsx';

/** A facility kind in both languages. */
export const KIND_LABELS: Readonly<Record<InstitutionKind, Label>> = {
  病院: { ja: '病院', en: 'Hospital' },
  診療所: { ja: '診療所', en: 'Clinic' },
  歯科診療所: { ja: '歯科診療所', en: 'Dental clinic' },
  助産所: { ja: '助産所', en: 'Midwifery home' },
  薬局: { ja: '薬局', en: 'Pharmacy' },
};

/** The facility's page on 医療情報ネット. */
export const facilityPageUrl = (naviUrl: string, id: string): string => `${naviUrl}/facilities/${encodeURIComponent(id)}`;

export interface SearchResultJson {
  id: string;
  name: string;
  name_kana: string;
  kind: KindName;
  pref: string;
  city: string;
  address: string;
  lat: number | null;
  lon: number | null;
  departments: string[];
  /** From the point searched near (km, 3 decimals), when there was one and the facility has coordinates. */
  distance_km?: number;
  suspended_since: string | null;
  url: string;
}

/** Where a postcode searched near is: the point (the mean of published coordinates, 5 decimals), or null when searched by its municipality. */
export interface OriginJson {
  postcode: string;
  place: string;
  lat: number | null;
  lon: number | null;
  approximate: true;
}

export interface SearchJson {
  total: number;
  page: number;
  per_page: number;
  origin?: OriginJson;
  results: SearchResultJson[];
}

function resultJson(r: SearchResult, naviUrl: string): SearchResultJson {
  const json: SearchResultJson = {
    id: r.id,
    name: r.name,
    name_kana: r.nameKana,
    kind: kindName(r.kind),
    pref: r.pref,
    city: r.city,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    departments: r.departments,
    suspended_since: r.suspendedSince,
    url: facilityPageUrl(naviUrl, r.id),
  };
  if (r.distanceKm !== undefined) json.distance_km = Math.round(r.distanceKm * 1000) / 1000;
  return json;
}

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

export const searchJson = (answer: SearchAnswer, naviUrl: string): SearchJson => ({
  total: answer.total,
  page: answer.page,
  per_page: answer.perPage,
  ...(answer.origin
    ? {
        origin: {
          postcode: answer.origin.postcode,
          place: answer.origin.place,
          lat: answer.origin.point ? round5(answer.origin.point.lat) : null,
          lon: answer.origin.point ? round5(answer.origin.point.lon) : null,
          approximate: true as const,
        },
      }
    : {}),
  results: answer.results.map((r) => resultJson(r, naviUrl)),
});

// ---------------------------------------------------------------------------------------------------------
// One facility

/** A band of a timetable: per day (mon … sun, hol), per part (care, reception, work, open), [start, end]. */
export interface BandJson {
  band: number;
  days: TimetableBand;
}

export interface DepartmentJson {
  code: string;
  name: Label;
  /** The name the facility gave a その他 code (XX991 …). */
  text?: string;
  hours: BandJson[];
}

export interface FieldJson {
  id: string;
  path: string;
  label: Label;
  kind: string;
  value: unknown;
  /** The value in words (scalars, closed days). */
  text?: Label;
}

export interface ItemJson {
  id: string;
  section: string;
  label: Label;
  fields: FieldJson[];
}

export interface FacilityJson {
  id: string;
  kind: KindName;
  kind_label: Label;
  name: string;
  name_kana: string;
  name_en: string | null;
  pref: string;
  pref_name: string | null;
  city: string;
  city_name: string | null;
  postcode: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  phone: string | null;
  /** 公表日 (Japan), YYYY-MM-DD. */
  published_on: string;
  published_at: string;
  suspended_since: string | null;
  catalogue: string;
  departments: DepartmentJson[];
  /** The hours of a facility whose timetable has one row (薬局 開店時間, 助産所 就業時間); else null. */
  hours: BandJson[] | null;
  closed_days: (ClosedDays & { text: Label }) | null;
  items: ItemJson[];
  url: string;
}

const bilingual = (f: (lang: 'ja' | 'en') => string): Label => ({ ja: f('ja'), en: f('en') });

const bandsJson = (bands: readonly TimetableBand[]): BandJson[] => bands.map((days, i) => ({ band: i + 1, days }));

const text = (values: ReportValues, path: string): string | null => {
  const v = values[path];
  return typeof v === 'string' && v !== '' ? v : null;
};
const coordinate = (values: ReportValues, path: string, limit: number): number | null => {
  const v = values[path];
  return typeof v === 'number' && Number.isFinite(v) && v !== 0 && Math.abs(v) <= limit ? v : null;
};

function departmentName(cat: KindCatalogue, code: string): Label {
  const found = cat.codeLists.get('departments')?.codes.find((c) => c.code === code);
  return found ? { ja: found.label.ja, en: found.label.en } : { ja: code, en: code };
}

/** A field's value with the labels of its codes. */
function fieldJson(cat: KindCatalogue, cf: CatalogueField, value: FieldValue): FieldJson {
  const f = cf.field;
  const base = { id: f.id, path: cf.path, label: f.label, kind: f.kind };
  switch (f.kind) {
    case 'multi': {
      const options = optionsOf(cat, f);
      const chosen = Array.isArray(value) ? (value as ChosenCode[]) : [];
      return {
        ...base,
        value: chosen.map((c) => ({
          code: c.code,
          ...(c.text === undefined ? {} : { text: c.text }),
          label: f.codeList === 'departments' ? departmentName(cat, c.code) : (options.find((o) => o.code === c.code)?.label ?? { ja: c.code, en: c.code }),
        })),
      };
    }
    case 'matrix': {
      const m = value as MatrixValue;
      const rowOptions = f.rows === 'departments' ? undefined : 'codeList' in f.rows ? optionsOf(cat, { codeList: f.rows.codeList }) : f.rows.options;
      return {
        ...base,
        value: Object.keys(m).map((code) => ({
          code,
          label: rowOptions ? (rowOptions.find((o) => o.code === code)?.label ?? { ja: code, en: code }) : departmentName(cat, code),
          cells: f.columns
            .filter((col) => m[code]?.[col.id] !== undefined)
            .map((col) => {
              const v = m[code]![col.id]!;
              const label = col.kind === 'choice' && typeof v === 'string' ? optionsOf(cat, col).find((o) => o.code === v)?.label : undefined;
              return { column: col.id, column_label: col.label, value: v, ...(label ? { text: label } : {}) };
            }),
        })),
      };
    }
    case 'timetable': {
      const t = value as Timetable;
      return { ...base, value: t.rows.map((r) => ({ code: r.code, ...(r.text === undefined ? {} : { text: r.text }), hours: bandsJson(r.bands) })) };
    }
    case 'closed_days':
      return { ...base, value, text: bilingual((lang) => closedDaysText(value as ClosedDays, lang)) };
    default: {
      const words = bilingual((lang) => scalarText(cat, cf, value, lang));
      // A text reads as it is written: its words only when formatted (a postcode).
      return f.kind === 'text' && words.ja === value && words.en === value ? { ...base, value } : { ...base, value, text: words };
    }
  }
}

/** The public fields that have a value, item by item in the catalogue's order of sections. */
function itemsJson(cat: KindCatalogue, values: ReportValues): ItemJson[] {
  const byItem = new Map<string, CatalogueField[]>();
  for (const cf of cat.fields.values()) {
    if (!cf.public || values[cf.path] === undefined) continue;
    byItem.set(cf.item.id, [...(byItem.get(cf.item.id) ?? []), cf]);
  }
  const items: ItemJson[] = [];
  for (const s of cat.sections) {
    for (const item of s.items) {
      const fields = byItem.get(item.id);
      if (fields) items.push({ id: item.id, section: s.id, label: item.label, fields: fields.map((cf) => fieldJson(cat, cf, values[cf.path]!)) });
    }
  }
  return items;
}

/** The facility's published record as the API gives it. */
export function facilityJson(view: PublishedView, naviUrl: string): FacilityJson {
  const { facility: f, catalogue: cat, values } = view;
  const fields = [...cat.fields.values()].filter((cf) => cf.public);
  const hoursField = fields.find(
    (cf) => cf.field.kind === 'timetable' && (cf.field as FieldOf<'timetable'>).shares === undefined && values[cf.path] !== undefined,
  );
  const closedField = fields.find((cf) => cf.field.kind === 'closed_days' && values[cf.path] !== undefined);
  const timetable = hoursField ? (values[hoursField.path] as Timetable) : undefined;
  const single = hoursField && (hoursField.field as FieldOf<'timetable'>).rows === 'single';
  const chosenField = fields.find((cf) => cf.field.kind === 'multi' && (cf.field as FieldOf<'multi'>).codeList === 'departments');
  const chosen = chosenField && Array.isArray(values[chosenField.path]) ? (values[chosenField.path] as ChosenCode[]) : [];
  const rows = new Map((single ? [] : (timetable?.rows ?? [])).map((r) => [r.code, r]));
  const departments: DepartmentJson[] = chosen.map((d) => ({
    code: d.code,
    name: departmentName(cat, d.code),
    ...(d.text === undefined ? {} : { text: d.text }),
    hours: bandsJson(rows.get(d.code)?.bands ?? []),
  }));
  const closed = closedField ? (values[closedField.path] as ClosedDays) : undefined;
  const lat = coordinate(values, 'basic.location.latitude', 90);
  const lon = coordinate(values, 'basic.location.longitude', 180);
  const phone = fields.find((cf) => cf.path === 'basic.phone.phone');
  return {
    id: f.facility_id,
    kind: kindName(f.kind),
    kind_label: KIND_LABELS[f.kind],
    name: f.name,
    name_kana: f.name_kana,
    name_en: f.name_en,
    pref: f.prefecture_code,
    pref_name: prefectureName(f.prefecture_code) ?? null,
    city: f.municipality_code,
    city_name: municipality(f.municipality_code)?.name ?? null,
    postcode: text(values, 'basic.location.postcode'),
    address: text(values, 'basic.location.address'),
    ...(lat === null || lon === null ? { lat: null, lon: null } : { lat, lon }),
    phone: phone ? text(values, phone.path) : null,
    published_on: jstDateOf(f.published_at),
    published_at: new Date(f.published_at).toISOString(),
    suspended_since: f.suspended_since,
    catalogue: cat.id,
    departments,
    hours: single && timetable ? bandsJson(timetable.rows[0]?.bands ?? []) : null,
    closed_days: closed ? { ...closed, text: bilingual((lang) => closedDaysText(closed, lang)) } : null,
    items: itemsJson(cat, values),
    url: facilityPageUrl(naviUrl, f.facility_id),
  };
}
