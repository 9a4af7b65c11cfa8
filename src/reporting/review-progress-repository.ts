// How far a fiscal year's annual reports (新規・定期) have come, for the 報告確認 list: the open
// institutions at the places given, which of them reported and which were accepted, and the page of
// those that have not reported (未報告 is the absence of such a report, not a state).
import { sql } from 'kysely';
import { containsText, type Db } from '../db/dialect.ts';
import type { InstitutionKind, ReportKind, ReportState } from '../db/schema.ts';
import { noPlaces, whereInstitutionsAt } from './institution-places-repository.ts';
import type { ReportPlaces } from './report-repository.ts';

export interface ProgressFilter {
  fiscalYear: number;
  /** The kinds that make the year's report, and the states in which it counts as made. */
  annualKinds: readonly ReportKind[];
  reportedStates: readonly ReportState[];
  institutionKind?: InstitutionKind;
  municipalityCode?: string;
  q?: string;
}

/** Open institutions at `places` matching the filter (every place when 'all'; none when it names none). */
function institutionsAt(db: Db, places: ReportPlaces | 'all', f: ProgressFilter) {
  return whereInstitutionsAt(db.selectFrom('institutions').where('institutions.status', '=', 'open'), places, f);
}

/** Counts: open institutions, those whose year's report is handed in (not yet accepted), and those accepted. */
export async function annualProgress(
  db: Db,
  places: ReportPlaces | 'all',
  f: ProgressFilter,
): Promise<{ targets: number; reported: number; accepted: number }> {
  if (noPlaces(places)) return { targets: 0, reported: 0, accepted: 0 };
  const [targets, rows] = await Promise.all([
    institutionsAt(db, places, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    institutionsAt(db, places, f)
      .innerJoin('reports', 'reports.institution_id', 'institutions.id')
      .where('reports.fiscal_year', '=', f.fiscalYear)
      .where('reports.kind', 'in', f.annualKinds)
      .where('reports.state', 'in', f.reportedStates)
      .select(['reports.institution_id', 'reports.state'])
      .execute(),
  ]);
  const best = new Map<string, boolean>();
  for (const r of rows) best.set(r.institution_id, best.get(r.institution_id) === true || r.state === 'accepted');
  const accepted = [...best.values()].filter(Boolean).length;
  return { targets: Number(targets.n), reported: best.size - accepted, accepted };
}

/** A page of the open institutions at `places` without the year's report, by 機関コード. */
export async function unreportedInstitutions(
  db: Db,
  places: ReportPlaces | 'all',
  f: ProgressFilter,
  page: { limit: number; offset: number },
): Promise<{
  rows: Array<{ id: string; kind: InstitutionKind; institution_code: string; name: string; name_kana: string; municipality_code: string }>;
  total: number;
}> {
  if (noPlaces(places)) return { rows: [], total: 0 };
  let q = institutionsAt(db, places, f).where(({ not, exists, selectFrom }) =>
    not(
      exists(
        selectFrom('reports')
          .select('reports.id')
          .whereRef('reports.institution_id', '=', 'institutions.id')
          .where('reports.fiscal_year', '=', f.fiscalYear)
          .where('reports.kind', 'in', f.annualKinds)
          .where('reports.state', 'in', f.reportedStates),
      ),
    ),
  );
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or(['institutions.name', 'institutions.name_kana', 'institutions.institution_code'].map((c) => containsText(sql.ref(c), text))));
  }
  const [rows, count] = await Promise.all([
    q
      .select([
        'institutions.id',
        'institutions.kind',
        'institutions.institution_code',
        'institutions.name',
        'institutions.name_kana',
        'institutions.municipality_code',
      ])
      .orderBy('institutions.institution_code')
      .orderBy('institutions.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
