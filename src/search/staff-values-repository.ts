// The published values behind a page of the staff search's results: what each visible record's
// publication holds (the search index keeps only what the public search asks; the staff read the rest
// from the publication itself, non-public items among it).
import type { Db } from '../db/dialect.ts';
import type { InstitutionKind } from '../db/schema.ts';

export interface PublishedValuesRow {
  facility_id: string;
  kind: InstitutionKind;
  /** The publication's catalogue (`2026:medical`). */
  catalogue: string;
  /** The publication's values (JSON). */
  values: string;
}

/** The visible records among these facility IDs, with their publication's values (any order). */
export async function publishedValuesOf(db: Db, facilityIds: readonly string[]): Promise<PublishedValuesRow[]> {
  const out: PublishedValuesRow[] = [];
  for (let i = 0; i < facilityIds.length; i += 500) {
    const chunk = facilityIds.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom('published_facilities as pf')
        .innerJoin('publications as p', 'p.id', 'pf.publication_id')
        .select(['pf.facility_id', 'pf.kind', 'p.catalogue', 'p.values'])
        .where('pf.facility_id', 'in', chunk)
        .where('pf.visible', '=', 1)
        .execute()),
    );
  }
  return out;
}
