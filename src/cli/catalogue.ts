// `gmis catalogue list` and `catalogue show --kind`: what the item catalogue asks of each kind of institution in a fiscal year — items,
// fields, items published on 医療情報ネット, 基本情報 items (reported at once as 随時報告) and items with a
// column in the ministry's open data; and one kind's items in order. The README's table is this command's output for the latest catalogue.
import { InvalidArgumentError, type Command } from 'commander';
import { INSTITUTION_KINDS, type InstitutionKind } from '../db/schema.ts';
import { catalogueFor, kindCatalogue, loadCatalogue } from '../reporting/catalogue/load.ts';
import { PART_LABELS } from '../reporting/catalogue/types.ts';
import { fiscalYearOf, reiwaLabel } from '../reporting/fiscal-year.ts';
import { REPORT_KIND_LABELS } from '../reporting/report.ts';
import { statusCatalogue, type StatusKind } from '../reporting/status.ts';

/** One kind's counts in the catalogue of a fiscal year. */
export interface CatalogueCounts {
  kind: InstitutionKind;
  /** The catalogue used (`2026:medical`): the file of the FY or of the nearest earlier one. */
  catalogue: string;
  items: number;
  fields: number;
  /** Items with at least one field shown on 医療情報ネット. */
  publicItems: number;
  /** 基本情報 items: a change to one is reported at once (随時報告). */
  basicItems: number;
  /** Items with at least one field in the ministry's open data. */
  openDataItems: number;
}

/** The counts per kind, in the order of INSTITUTION_KINDS. */
export function catalogueCounts(fiscalYear: number): CatalogueCounts[] {
  return INSTITUTION_KINDS.map((kind) => {
    const cat = catalogueFor(fiscalYear, kind);
    const fields = [...cat.fields.values()];
    const itemsWith = (test: (f: (typeof fields)[number]) => boolean) => new Set(fields.filter(test).map((f) => f.item.id)).size;
    return {
      kind,
      catalogue: cat.id,
      items: cat.items.length,
      fields: fields.length,
      publicItems: itemsWith((f) => f.public),
      basicItems: cat.items.filter((i) => i.basic).length,
      openDataItems: itemsWith((f) => f.field.openData !== undefined),
    };
  });
}

/** 休止・廃止・再開 (one catalogue for every kind): the file used and the items each report kind has (for a 診療所). */
export function statusCounts(fiscalYear: number): { catalogue: string; items: Record<StatusKind, number> } {
  const cat = kindCatalogue(loadCatalogue(fiscalYear, 'status'), '診療所');
  const items = (kind: StatusKind) => statusCatalogue(cat, kind).items.length;
  return { catalogue: cat.id, items: { suspension: items('suspension'), closure: items('closure'), resumption: items('resumption') } };
}

/** Columns of the printed table: heading and the value per kind. */
export const COUNT_COLUMNS: ReadonlyArray<{ heading: string; value: (c: CatalogueCounts) => number }> = [
  { heading: '項目', value: (c) => c.items },
  { heading: 'フィールド', value: (c) => c.fields },
  { heading: '公表する項目', value: (c) => c.publicItems },
  { heading: '基本情報', value: (c) => c.basicItems },
  { heading: 'オープンデータの項目', value: (c) => c.openDataItems },
];

/** Width on a terminal: full-width characters take two columns. */
const width = (s: string) =>
  [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

/** The table `gmis catalogue list` prints. */
export function formatCatalogueCounts(fiscalYear: number, rows: readonly CatalogueCounts[]): string {
  const catalogues = [...new Set(rows.map((r) => r.catalogue))].join(', ');
  const kindWidth = Math.max(width('種別'), ...rows.map((r) => width(r.kind)));
  const lines = [`${reiwaLabel(fiscalYear)}（${fiscalYear}年度）の報告項目　カタログ: ${catalogues}`, ''];
  lines.push([padEnd('種別', kindWidth), ...COUNT_COLUMNS.map((c) => c.heading)].join('  '));
  for (const r of rows) lines.push([padEnd(r.kind, kindWidth), ...COUNT_COLUMNS.map((c) => padStart(String(c.value(r)), width(c.heading)))].join('  '));
  const status = statusCounts(fiscalYear);
  const each = (Object.keys(status.items) as StatusKind[]).map((k) => `${REPORT_KIND_LABELS[k]} ${status.items[k]}項目`).join('・');
  lines.push('', `休止・廃止・再開（どの種別も同じ）　カタログ: ${status.catalogue}　${each}`);
  return lines.join('\n');
}

/** The items of one kind's catalogue in the law's order: number, section, id, label, 基本情報 and its fields. */
export function formatCatalogueItems(fiscalYear: number, kind: InstitutionKind): string {
  const cat = catalogueFor(fiscalYear, kind);
  const lines = [`${reiwaLabel(fiscalYear)}（${fiscalYear}年度） ${kind} の報告項目　カタログ: ${cat.id}`];
  for (const section of cat.sections) {
    lines.push('', `${PART_LABELS[section.part].ja} ${section.label.ja}`);
    for (const item of [...section.items].sort((a, b) => Number(a.no[kind]) - Number(b.no[kind]))) {
      const fields = item.fields.map((f) => `${f.id}:${f.kind}`).join(' ');
      lines.push(`  ${padStart(String(item.no[kind]), 2)}. ${padEnd(item.label.ja, 36)} ${item.id}${item.basic ? ' [基本情報]' : ''}  ${fields}`);
    }
  }
  return lines.join('\n');
}

const fiscalYearOption = (value: string): number => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a fiscal year like 2026 (令和8年度)');
  return Number(value);
};

const kindOption = (value: string): InstitutionKind => {
  if (!(INSTITUTION_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${INSTITUTION_KINDS.join(', ')}`);
  return value as InstitutionKind;
};

export function registerCatalogueCommands(program: Command): void {
  const catalogue = program.command('catalogue').description('the item catalogue of 医療機能情報・薬局機能情報 reports');

  catalogue
    .command('list')
    .description('per kind of institution: items, fields, items published, 基本情報 items and items from the open data')
    .option('--fiscal-year <year>', 'the fiscal year of the reports, e.g. 2026 for 令和8年度 (default: the current one, Japan time)', fiscalYearOption)
    .option('--json', 'print JSON')
    .action((opts: { fiscalYear?: number; json?: boolean }) => {
      const fiscalYear = opts.fiscalYear ?? fiscalYearOf(Date.now());
      let rows: CatalogueCounts[];
      try {
        rows = catalogueCounts(fiscalYear);
      } catch (err) {
        console.error(`error: ${(err as Error).message}`);
        process.exit(1);
      }
      console.log(opts.json ? JSON.stringify({ fiscalYear, kinds: rows, status: statusCounts(fiscalYear) }, null, 2) : formatCatalogueCounts(fiscalYear, rows));
    });

  catalogue
    .command('show')
    .description("one kind's items in the law's order, by section: number, label, id, 基本情報, fields")
    .requiredOption('--kind <kind>', `one of ${INSTITUTION_KINDS.join(', ')}`, kindOption)
    .option('--fiscal-year <year>', 'the fiscal year of the reports (default: the current one, Japan time)', fiscalYearOption)
    .action((opts: { kind: InstitutionKind; fiscalYear?: number }) => {
      try {
        console.log(formatCatalogueItems(opts.fiscalYear ?? fiscalYearOf(Date.now()), opts.kind));
      } catch (err) {
        console.error(`error: ${(err as Error).message}`);
        process.exit(1);
      }
    });
}
