// Which of our catalogue's fields a kind's open-data columns read into and write from, worked out once
// per fiscal year and kind from the catalogue's `openData` mappings (open-data-map.test.ts proves every
// column is mapped exactly once): the reader and the writer then go column by column through these
// tables and never look a field up per row.
import { catalogueFor, optionsOf, resolvePath } from '../reporting/catalogue/load.ts';
import type { InstitutionKind, KindCatalogue, TimePart } from '../reporting/catalogue/types.ts';
import { timetableOwner } from '../reporting/catalogue/values.ts';
import { CATALOGUE_FILE, FACILITY_FILE, HOURS_FILE, headersOf, masterColumns, type FileRole } from './format.ts';

/** A column read into (and written from) one field path. */
export interface ColumnField {
  readonly column: string;
  readonly path: string;
}
/** A count column (beds) with the field's bounds. */
export interface CountField extends ColumnField {
  readonly min?: number;
  readonly max?: number;
}
/** A coordinate column with the field's bounds and digits. */
export interface CoordinateField extends ColumnField {
  readonly min: number;
  readonly max: number;
  readonly scale: number;
}

/** A kind's open-data columns as catalogue fields. */
export interface KindMapping {
  readonly kind: InstitutionKind;
  readonly catalogue: KindCatalogue;
  /** Text columns kept as published (names, フリガナ, 所在地). */
  readonly texts: readonly ColumnField[];
  /** Home-page columns (checked to be web addresses). */
  readonly websites: readonly ColumnField[];
  readonly counts: readonly CountField[];
  readonly latitude?: CoordinateField;
  readonly longitude?: CoordinateField;
  /** Computed counts (合計病床数): the path, its column, the paths it adds up. */
  readonly sums: ReadonlyArray<{ readonly path: string; readonly column: string; readonly parts: readonly string[] }>;
  /** The closed_days field the closed-day block reads into (`invert`: the files hold 1 = open). */
  readonly closedDays?: string;
  /** The timetable the hours read into (the owner of the grid its part fields share), its parts and bands, and which file has them. */
  readonly hours?: { readonly path: string; readonly parts: ReadonlySet<TimePart>; readonly bands: number; readonly role: FileRole };
  /** The 診療科目 field (the hours file's 診療科目コード): its codes, their labels and the code suffixes that carry free text. */
  readonly departments?: {
    readonly path: string;
    readonly labels: ReadonlyMap<string, string>;
    readonly freeText: readonly string[];
  };
}

const cache = new Map<string, KindMapping>();

/** The mapping of a kind for snapshots read with the catalogue of `fiscalYear` (cached). */
export function kindMapping(fiscalYear: number, kind: InstitutionKind, catalogueDir?: string): KindMapping {
  const key = `${catalogueDir ?? ''}\u0000${fiscalYear}\u0000${kind}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const cat = catalogueFor(fiscalYear, kind, catalogueDir);
  const master = masterColumns(kind);
  const facilityHeaders = new Set(headersOf(FACILITY_FILE[kind]));
  const hoursFile = HOURS_FILE[kind];
  const hoursHeaders = new Set(hoursFile === undefined ? [] : headersOf(hoursFile));
  const texts: ColumnField[] = [];
  const websites: ColumnField[] = [];
  const counts: CountField[] = [];
  const sums: Array<{ path: string; column: string; parts: string[] }> = [];
  let latitude: CoordinateField | undefined;
  let longitude: CoordinateField | undefined;
  let closedDays: string | undefined;
  let hours: { path: string; parts: Set<TimePart>; bands: number; role: FileRole } | undefined;
  let departments: KindMapping['departments'];

  for (const cf of cat.fields.values()) {
    const od = cf.field.openData;
    if (od === undefined) continue;
    const role: FileRole = od.file === CATALOGUE_FILE.hours ? 'hours' : 'facility';
    const headers = role === 'hours' ? hoursHeaders : facilityHeaders;
    if (od.column !== undefined && !headers.has(od.column))
      throw new Error(`${cat.id} ${kind} ${cf.path}: column ${od.column} is not in the ${role} file of the open data`);
    const f = cf.field;
    if (f.kind === 'closed_days') closedDays = cf.path;
    else if (f.kind === 'timetable') {
      const path = timetableOwner(cf);
      hours ??= { path, parts: new Set(), bands: f.bands, role };
      if (hours.path !== path) throw new Error(`${cat.id} ${kind}: the hours are in two timetables (${hours.path}, ${path})`);
      for (const part of f.parts) hours.parts.add(part);
      hours.bands = Math.max(hours.bands, f.bands);
    } else if (f.kind === 'multi' && od.column !== undefined) {
      const labels = new Map(optionsOf(cat, f).map((o) => [o.code, o.label.ja]));
      departments = { path: cf.path, labels, freeText: f.freeText ?? [] };
    } else if (od.column === undefined) throw new Error(`${cat.id} ${kind} ${cf.path}: a ${f.kind} field mapped to no column`);
    else if (f.kind === 'text') (f.format === 'url' ? websites : texts).push({ column: od.column, path: cf.path });
    else if (f.kind === 'count') {
      counts.push({ column: od.column, path: cf.path, min: f.min, max: f.max });
      if (f.sumOf !== undefined) sums.push({ path: cf.path, column: od.column, parts: f.sumOf.map((s) => resolvePath(cf.item, s)) });
    } else if (f.kind === 'decimal' && (od.column === master.latitude || od.column === master.longitude)) {
      const c = { column: od.column, path: cf.path, min: f.min ?? -180, max: f.max ?? 180, scale: f.scale ?? 1 };
      if (od.column === master.latitude) latitude = c;
      else longitude = c;
    } else throw new Error(`${cat.id} ${kind} ${cf.path}: the reader has no rule for a ${f.kind} column (${od.column})`);
  }
  const mapping: KindMapping = { kind, catalogue: cat, texts, websites, counts, latitude, longitude, sums, closedDays, hours, departments };
  cache.set(key, mapping);
  return mapping;
}
