// Reading the item catalogue: data/<FY>/<scheme>.json (written out in full, or `extends` an earlier file
// with `changes`), the code lists of data/codes/, checked with the zod schema of types.ts and then for
// what a schema cannot see (ids unique, every reference resolves). A bad file throws a CatalogueError
// naming the file, the path in it and the problem. Loaded catalogues are cached: the files do not change
// while the process runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import {
  codeListFileSchema,
  extendsFileSchema,
  fullFileSchema,
  schemeOf,
  type Catalogue,
  type CatalogueField,
  type CodeList,
  type ExtendsCatalogueFile,
  type Field,
  type FileScheme,
  type Group,
  type InstitutionKind,
  type Item,
  type KindCatalogue,
  type Section,
} from './types.ts';

/** The catalogue files shipped with the code. */
export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** A catalogue file that cannot be used: which file, where in it, and what is wrong. */
export class CatalogueError extends Error {
  constructor(
    readonly file: string,
    readonly at: string,
    readonly problem: string,
  ) {
    super(`${file}: ${at === '' ? '' : `${at}: `}${problem}`);
    this.name = 'CatalogueError';
  }
}

const files = new Map<string, Catalogue>();
const codeLists = new Map<string, CodeList>();
const narrowed = new WeakMap<Catalogue, Map<InstitutionKind, KindCatalogue>>();

/** The fiscal years that have a file for the scheme, oldest first. */
export function catalogueYears(scheme: FileScheme, dataDir: string = DATA_DIR): number[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir)
    .filter((name) => /^\d{4}$/.test(name) && existsSync(path.join(dataDir, name, `${scheme}.json`)))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The scheme's catalogue a report of this fiscal year uses: the file of that FY, or of the nearest earlier FY. */
export function loadCatalogue(fiscalYear: number, scheme: FileScheme, dataDir: string = DATA_DIR): Catalogue {
  const years = catalogueYears(scheme, dataDir).filter((fy) => fy <= fiscalYear);
  const year = years.at(-1);
  if (year === undefined) throw new CatalogueError(path.join(dataDir, `<FY>/${scheme}.json`), '', `${fiscalYear}年度以前の ${scheme} のカタログがありません。`);
  return loadFile(year, scheme, dataDir);
}

/** The catalogue of a kind for a report of this fiscal year (nearest earlier file), narrowed to the kind. */
export function catalogueFor(fiscalYear: number, kind: InstitutionKind, dataDir: string = DATA_DIR): KindCatalogue {
  return kindCatalogue(loadCatalogue(fiscalYear, schemeOf(kind), dataDir), kind);
}

/** The catalogue a stored report names (`reports.catalogue`, e.g. `2026:medical`), narrowed to the kind. */
export function catalogueById(id: string, kind: InstitutionKind, dataDir: string = DATA_DIR): KindCatalogue {
  const m = /^(\d{4}):(medical|pharmacy|status)$/.exec(id);
  if (m === null) throw new CatalogueError(id, '', 'カタログの名前は「2026:medical」の形です。');
  return kindCatalogue(loadFile(Number(m[1]), m[2] as FileScheme, dataDir), kind);
}

/** Loads every catalogue file in the directory (at start-up and in tests): throws on the first bad one. */
export function loadEveryCatalogue(dataDir: string = DATA_DIR): Catalogue[] {
  return (['medical', 'pharmacy', 'status'] as const).flatMap((scheme) => catalogueYears(scheme, dataDir).map((fy) => loadFile(fy, scheme, dataDir)));
}

/** Exactly the file of this FY and scheme, `extends` resolved; cached. */
export function loadFile(fiscalYear: number, scheme: FileScheme, dataDir: string = DATA_DIR, seen: readonly string[] = []): Catalogue {
  const key = `${dataDir}\u0000${fiscalYear}\u0000${scheme}`;
  const cached = files.get(key);
  if (cached !== undefined) return cached;
  const rel = `${fiscalYear}/${scheme}.json`;
  const file = path.join(dataDir, rel);
  if (seen.includes(rel)) throw new CatalogueError(file, 'extends', `読み込みが循環しています（${[...seen, rel].join(' → ')}）。`);
  const raw = readJson(file);
  const isExtends = typeof raw === 'object' && raw !== null && 'extends' in raw;
  let groups: readonly Group[];
  let items: Item[];
  if (isExtends) {
    const parsed = parse(extendsFileSchema, raw, file);
    const [baseYear, baseScheme] = parsed.extends.split('/') as [string, FileScheme];
    if (baseScheme !== scheme) throw new CatalogueError(file, 'extends', `${scheme} のカタログは ${scheme} のカタログだけを引き継げます。`);
    if (Number(baseYear) >= fiscalYear) throw new CatalogueError(file, 'extends', '引き継げるのはこれより前の年度のカタログだけです。');
    const base = loadFile(Number(baseYear), baseScheme, dataDir, [...seen, rel]);
    groups = parsed.groups ?? base.groups;
    items = applyChanges(base.items, parsed.changes, file);
  } else {
    const parsed = parse(fullFileSchema, raw, file);
    if (parsed.scheme !== scheme) throw new CatalogueError(file, 'scheme', `ファイル名は ${scheme} ですが、中身は ${parsed.scheme} です。`);
    groups = parsed.groups;
    items = parsed.items;
  }
  const lists = new Map<string, CodeList>();
  checkCatalogue(file, groups, items, (id, at) => {
    let list = lists.get(id);
    if (list === undefined) {
      list = loadCodeList(id, dataDir, file, at);
      lists.set(id, list);
    }
    return list;
  });
  const catalogue: Catalogue = { id: `${fiscalYear}:${scheme}`, fiscalYear, scheme, groups, items, codeLists: lists };
  files.set(key, catalogue);
  return catalogue;
}

/** The catalogue narrowed to one kind: the items with a number for it, their fields for it, the sections that keep an item. */
export function kindCatalogue(catalogue: Catalogue, kind: InstitutionKind): KindCatalogue {
  let byKind = narrowed.get(catalogue);
  if (byKind === undefined) {
    byKind = new Map();
    narrowed.set(catalogue, byKind);
  }
  const cached = byKind.get(kind);
  if (cached !== undefined) return cached;
  const items: Item[] = catalogue.items
    .filter((item) => item.no[kind] !== undefined)
    .map((item) => ({ ...item, fields: item.fields.filter((f) => f.kinds === undefined || f.kinds.includes(kind)) }))
    .filter((item) => item.fields.length > 0);
  const sections: Section[] = catalogue.groups
    .map((g) => ({ id: g.id, part: g.part, label: g.label, ...(g.help === undefined ? {} : { help: g.help }), items: items.filter((i) => i.group === g.id) }))
    .filter((s) => s.items.length > 0);
  const ordered = sections.flatMap((s) => s.items);
  const fields = new Map<string, CatalogueField>();
  for (const item of ordered) {
    for (const field of item.fields) {
      const p = `${item.id}.${field.id}`;
      fields.set(p, { path: p, item, field, public: field.public ?? item.public });
    }
  }
  const result: KindCatalogue = {
    catalogue,
    id: catalogue.id,
    kind,
    sections,
    items: ordered,
    itemsById: new Map(ordered.map((i) => [i.id, i])),
    fields,
    codeLists: catalogue.codeLists,
  };
  byKind.set(kind, result);
  return result;
}

/** The path a `requiredIf.field`, `shares`, `subsetOf` or `sumOf` entry names: a field id of the same item, or a full path. */
export function resolvePath(item: Item, ref: string): string {
  return ref.includes('.') ? ref : `${item.id}.${ref}`;
}

/** The options of a choice or multi field (or a matrix column): inline, or its code list's codes. */
export function optionsOf(
  cat: { codeLists: ReadonlyMap<string, CodeList> },
  f: { options?: readonly { code: string; label: { ja: string; en: string } }[]; codeList?: string },
) {
  if (f.options !== undefined) return f.options;
  return cat.codeLists.get(f.codeList ?? '')?.codes ?? [];
}

// ---------------------------------------------------------------------------------------------------------

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CatalogueError(file, '', 'ファイルを読めません。');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CatalogueError(file, '', `JSON として読めません（${(e as Error).message}）。`);
  }
}

function parse<S extends z.ZodType>(schema: S, raw: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const more = result.error.issues.length > 1 ? `（ほかに ${result.error.issues.length - 1} 件）` : '';
  throw new CatalogueError(file, formatPath(issue.path, raw), `${issue.message}${more}`);
}

/** A zod issue path as `items[3](access.parking).fields[1](fee).kind`: the index and, where there is one, the id. */
function formatPath(at: readonly PropertyKey[], raw: unknown): string {
  let node: unknown = raw;
  let out = '';
  for (const key of at) {
    node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      const id = typeof node === 'object' && node !== null ? (node as { id?: unknown }).id : undefined;
      out += `[${key}]${typeof id === 'string' ? `(${id})` : ''}`;
    } else out += `${out === '' ? '' : '.'}${String(key)}`;
  }
  return out;
}

function applyChanges(base: readonly Item[], changes: ExtendsCatalogueFile['changes'], file: string): Item[] {
  const items = [...base];
  const indexOf = (id: string) => items.findIndex((i) => i.id === id);
  changes.forEach((change, n) => {
    const at = `changes[${n}]`;
    if ('add' in change) {
      if (indexOf(change.add.id) >= 0) throw new CatalogueError(file, `${at}.add.id`, `項目 ${change.add.id} はすでにあります（置き換えるなら replace）。`);
      let index: number;
      if (change.after !== undefined) {
        const after = indexOf(change.after);
        if (after < 0) throw new CatalogueError(file, `${at}.after`, `項目 ${change.after} がありません。`);
        index = after + 1;
      } else {
        const lastOfGroup = items.map((i) => i.group).lastIndexOf(change.add.group);
        index = lastOfGroup < 0 ? items.length : lastOfGroup + 1;
      }
      items.splice(index, 0, change.add);
    } else if ('remove' in change) {
      const index = indexOf(change.remove);
      if (index < 0) throw new CatalogueError(file, `${at}.remove`, `項目 ${change.remove} がありません。`);
      items.splice(index, 1);
    } else {
      const index = indexOf(change.replace.id);
      if (index < 0) throw new CatalogueError(file, `${at}.replace.id`, `項目 ${change.replace.id} がありません（新しい項目なら add）。`);
      items[index] = change.replace;
    }
  });
  return items;
}

/** What the schema cannot check: unique ids, groups and code lists that exist, references between fields. */
function checkCatalogue(file: string, groups: readonly Group[], items: readonly Item[], codeList: (id: string, at: string) => CodeList): void {
  const groupIds = new Set<string>();
  groups.forEach((g, n) => {
    if (groupIds.has(g.id)) throw new CatalogueError(file, `groups[${n}](${g.id})`, 'グループの id が重複しています。');
    groupIds.add(g.id);
  });
  const fields = new Map<string, Field>();
  const itemIds = new Set<string>();
  for (const item of items) {
    const at = `items(${item.id})`;
    if (itemIds.has(item.id)) throw new CatalogueError(file, at, '項目の id が重複しています。');
    itemIds.add(item.id);
    if (!groupIds.has(item.group)) throw new CatalogueError(file, `${at}.group`, `グループ ${item.group} がありません。`);
    if (Object.keys(item.no).length === 0) throw new CatalogueError(file, `${at}.no`, 'どの種別にも番号がありません（少なくとも一つ必要です）。');
    for (const field of item.fields) {
      const p = `${item.id}.${field.id}`;
      if (fields.has(p)) throw new CatalogueError(file, `${at}.fields(${field.id})`, 'フィールドの id が重複しています。');
      fields.set(p, field);
    }
  }
  const ref = (item: Item, field: Field, key: string, target: string, kinds: readonly Field['kind'][]): Field => {
    const resolved = fields.get(resolvePath(item, target));
    const at = `items(${item.id}).fields(${field.id}).${key}`;
    if (resolved === undefined) throw new CatalogueError(file, at, `フィールド ${target} がありません。`);
    if (!kinds.includes(resolved.kind)) throw new CatalogueError(file, at, `フィールド ${target} は ${kinds.join('・')} ではありません（${resolved.kind}）。`);
    return resolved;
  };
  const choiceSource = (at: string, f: { options?: unknown; codeList?: string }) => {
    if ((f.options === undefined) === (f.codeList === undefined)) throw new CatalogueError(file, at, 'options か codeList のどちらか一つを書いてください。');
    if (f.codeList !== undefined) codeList(f.codeList, `${at}.codeList`);
  };
  const bounds = (at: string, f: { min?: number | string; max?: number | string }) => {
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) throw new CatalogueError(file, at, 'min が max より大きくなっています。');
  };
  for (const item of items) {
    for (const field of item.fields) {
      const at = `items(${item.id}).fields(${field.id})`;
      if (field.requiredIf !== undefined) ref(item, field, 'requiredIf.field', field.requiredIf.field, ['yesno', 'choice', 'count', 'decimal', 'text', 'date']);
      switch (field.kind) {
        case 'choice':
        case 'multi':
          choiceSource(at, field);
          break;
        case 'count':
        case 'decimal':
          bounds(at, field);
          for (const s of field.sumOf ?? []) ref(item, field, 'sumOf', s, ['count', 'decimal']);
          break;
        case 'date':
          bounds(at, field);
          break;
        case 'timetable':
          if (field.shares !== undefined) {
            const owner = ref(item, field, 'shares', field.shares, ['timetable']);
            if (owner.kind === 'timetable' && (owner.shares !== undefined || owner.rows !== field.rows || owner.bands !== field.bands))
              throw new CatalogueError(file, `${at}.shares`, `共有先 ${field.shares} は行・時間帯の数が同じで、自分で値を持つ時間表でなければなりません。`);
          }
          if (field.subsetOf !== undefined) ref(item, field, 'subsetOf', field.subsetOf, ['multi']);
          if (field.rows === 'departments' && field.subsetOf === undefined && field.shares === undefined)
            throw new CatalogueError(file, `${at}.subsetOf`, '診療科目ごとの時間表には、診療科目のフィールド（subsetOf）が必要です。');
          break;
        case 'matrix':
          if (field.rows === 'departments') {
            if (field.subsetOf === undefined)
              throw new CatalogueError(file, `${at}.subsetOf`, '診療科目ごとの表には、診療科目のフィールド（subsetOf）が必要です。');
            ref(item, field, 'subsetOf', field.subsetOf, ['multi']);
          } else if ('codeList' in field.rows) codeList(field.rows.codeList, `${at}.rows.codeList`);
          field.columns.forEach((c, n) => {
            if (c.kind === 'choice') choiceSource(`${at}.columns[${n}](${c.id})`, c);
            bounds(`${at}.columns[${n}](${c.id})`, c);
          });
          break;
        default:
          break;
      }
    }
  }
}

function loadCodeList(id: string, dataDir: string, catalogueFile: string, at: string): CodeList {
  const key = `${dataDir}\u0000${id}`;
  const cached = codeLists.get(key);
  if (cached !== undefined) return cached;
  const csv = path.join(dataDir, 'codes', `${id}.csv`);
  const json = path.join(dataDir, 'codes', `${id}.json`);
  let list: CodeList;
  if (existsSync(csv)) list = { id, codes: readCodeCsv(csv) };
  else if (existsSync(json)) list = { id, codes: parse(codeListFileSchema, readJson(json), json).codes };
  else throw new CatalogueError(catalogueFile, at, `コード表 ${id} がありません（codes/${id}.json か codes/${id}.csv）。`);
  const seen = new Set<string>();
  for (const c of list.codes) {
    if (seen.has(c.code)) throw new CatalogueError(existsSync(csv) ? csv : json, c.code, 'コードが重複しています。');
    seen.add(c.code);
  }
  codeLists.set(key, list);
  return list;
}

/** A code list in CSV (the department master): header `code,name,…` with optional `name_en`, `group_code` and `group_name`. */
function readCodeCsv(file: string): CodeList['codes'] {
  const rows = parseCsv(readFileSync(file, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
  const header = rows.shift() ?? [];
  const col = (name: string) => header.indexOf(name);
  const [code, name, en, group, groupName] = [col('code'), col('name'), col('name_en'), col('group_code'), col('group_name')];
  if (code < 0 || name < 0) throw new CatalogueError(file, 'line 1', '見出しに code と name が必要です。');
  return rows
    .filter((r) => r.some((c) => c !== ''))
    .map((r, n) => {
      const c = r[code] ?? '';
      const ja = r[name] ?? '';
      if (!/^[A-Za-z0-9_-]+$/.test(c) || ja === '') throw new CatalogueError(file, `line ${n + 2}`, 'code と name が必要です。');
      const g = group >= 0 ? r[group] : undefined;
      const gn = groupName >= 0 ? r[groupName] : undefined;
      return { code: c, label: { ja, en: (en >= 0 ? r[en] : undefined) || ja }, ...(g ? { group: g } : {}), ...(g && gn ? { groupName: gn } : {}) };
    });
}
