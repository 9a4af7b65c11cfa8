// 差異表示: a report's values item by item against what was published before (plan section 6).
// Values are compared in canonical form, timetables cell by cell (a cell of a shared grid belongs to the
// field that edits its part: 外来受付時間's cells to access.reception_hours; a row's department name
// is 診療科目's, not the timetable's), closed days flag by flag, code sets as sets (order never
// matters), matrices cell by cell. Items in only one of the two catalogues are `new_item` / `dropped_item`; with nothing before (新規報告) every filled item is `added`.
import {
  canonicalClosedDays,
  canonicalCodes,
  canonicalMatrix,
  canonicalTimetable,
  isClosedDays,
  isObject,
  isTimetable,
  stableJson,
  timetableCells,
  timetableOwner,
} from './values.ts';
import type { CellDiff, FieldDiff, FieldValue, Item, ItemDiff, ItemDiffStatus, KindCatalogue, ReportValues, TimePart, Timetable } from './types.ts';

/** What the report is compared with: a publication's (or an earlier version's) values and the catalogue they were written for. */
export interface DiffBase {
  catalogue: KindCatalogue;
  values: ReportValues;
}

/** The report's items in the order of its catalogue (dropped items last), each compared with `before`. */
export function diffValues(cat: KindCatalogue, before: DiffBase | undefined, after: ReportValues): ItemDiff[] {
  const out: ItemDiff[] = [];
  for (const item of cat.items) {
    const old = before === undefined ? undefined : before.catalogue.itemsById.get(item.id);
    if (before !== undefined && old === undefined) {
      out.push(withStatus(item.id, 'new_item', diffItem(undefined, item, { catalogue: cat, values: {} }, { catalogue: cat, values: after })));
      continue;
    }
    out.push(withStatus(item.id, undefined, diffItem(old, item, before ?? { catalogue: cat, values: {} }, { catalogue: cat, values: after })));
  }
  if (before !== undefined) {
    for (const old of before.catalogue.items) {
      if (cat.itemsById.has(old.id)) continue;
      out.push(withStatus(old.id, 'dropped_item', diffItem(old, undefined, before, { catalogue: cat, values: {} })));
    }
  }
  return out;
}

/** The number of items that are not `same` (reports.changed_items). */
export function changedItemCount(diffs: readonly ItemDiff[]): number {
  return diffs.filter((d) => d.status !== 'same').length;
}

function withStatus(itemId: string, fixed: ItemDiffStatus | undefined, fields: FieldDiff[]): ItemDiff {
  if (fixed !== undefined) return { itemId, status: fixed, fields };
  const differing = fields.filter((f) => f.status !== 'same');
  let status: ItemDiffStatus = 'same';
  if (differing.length > 0) {
    const anyBefore = fields.some((f) => f.before !== undefined);
    const anyAfter = fields.some((f) => f.after !== undefined);
    status = !anyBefore ? 'added' : !anyAfter ? 'removed' : 'changed';
  }
  return { itemId, status, fields };
}

/** The fields of one item on both sides (the union of their field ids, the newer order first). */
function diffItem(old: Item | undefined, item: Item | undefined, before: DiffBase, after: DiffBase): FieldDiff[] {
  const id = (item ?? old)!.id;
  const fieldIds = [...new Set([...(item?.fields ?? []).map((f) => f.id), ...(old?.fields ?? []).map((f) => f.id)])];
  return fieldIds.map((fieldId) => {
    const p = `${id}.${fieldId}`;
    const b = side(before, p);
    const a = side(after, p);
    return diffField(p, fieldId, b, a);
  });
}

/** A field's value on one side, canonical; a timetable field's value is its parts of the grid it edits. */
function side(base: DiffBase, p: string): FieldValue | undefined {
  const cf = base.catalogue.fields.get(p);
  if (cf === undefined) return base.values[p];
  if (cf.field.kind === 'timetable') {
    const grid = base.values[timetableOwner(cf)];
    if (!isTimetable(grid)) return undefined;
    const only = onlyParts(grid, cf.field.parts);
    return only.rows.length > 0 ? only : undefined;
  }
  return canonical(base.values[p]);
}

function onlyParts(grid: Timetable, parts: readonly TimePart[]): Timetable {
  return canonicalTimetable({
    rows: grid.rows.map((row) => ({
      ...row,
      bands: row.bands.map((band) =>
        Object.fromEntries(
          Object.entries(band).map(([day, cell]) => [day, Object.fromEntries(Object.entries(cell ?? {}).filter(([part]) => parts.includes(part as TimePart)))]),
        ),
      ),
    })),
  });
}

function canonical(v: FieldValue | undefined): FieldValue | undefined {
  if (v === undefined) return undefined;
  if (isTimetable(v)) return canonicalTimetable(v);
  if (isClosedDays(v)) return canonicalClosedDays(v);
  if (Array.isArray(v)) return canonicalCodes(v);
  if (isObject(v)) return canonicalMatrix(v as Record<string, Record<string, string | number>>);
  return v;
}

function diffField(path: string, fieldId: string, before: FieldValue | undefined, after: FieldValue | undefined): FieldDiff {
  const cells = cellsOf(before, after);
  // A structured value is the same when no cell differs; a single value when it is equal.
  const structured = cellMap(before) !== undefined && cellMap(after) !== undefined && (before !== undefined || after !== undefined);
  const equal = structured ? cells.length === 0 && (before === undefined) === (after === undefined) : stableJson(before) === stableJson(after);
  const status = equal ? 'same' : before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  return { path, fieldId, status, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }), cells };
}

type Cell = string | number | boolean;

/** The cells of a structured value by key (`row.band.day.part.s|e`, `w.mon`, `n.2.tue`, `hol`, `other`, a code, `row.col`). */
function cellMap(v: FieldValue | undefined): Map<string, Cell> | undefined {
  if (v === undefined) return new Map();
  if (isTimetable(v)) return timetableCells(v);
  if (isClosedDays(v)) {
    const m = new Map<string, Cell>();
    for (const d of v.weekly) m.set(`w.${d}`, true);
    for (const c of v.nth) m.set(`n.${c.week}.${c.day}`, true);
    if (v.holidays) m.set('hol', true);
    if (v.other !== '') m.set('other', v.other);
    return m;
  }
  if (Array.isArray(v)) return new Map(v.map((c) => [c.code, c.text ?? true]));
  if (isObject(v)) {
    const m = new Map<string, Cell>();
    for (const [row, cells] of Object.entries(v as Record<string, Record<string, string | number>>))
      for (const [col, cell] of Object.entries(cells)) m.set(`${row}.${col}`, cell);
    return m;
  }
  return undefined;
}

function cellsOf(before: FieldValue | undefined, after: FieldValue | undefined): CellDiff[] {
  const b = cellMap(before);
  const a = cellMap(after);
  if (b === undefined || a === undefined) return [];
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  const out: CellDiff[] = [];
  for (const key of keys) {
    const x = b.get(key);
    const y = a.get(key);
    if (x === y) continue;
    out.push({ key, ...(x === undefined ? {} : { before: x }), ...(y === undefined ? {} : { after: y }) });
  }
  return out;
}
