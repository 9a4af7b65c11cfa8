// Which institutions a query reaches: those at the places an actor may see (a prefecture whole, or a
// prefecture's municipality) narrowed by the filter's prefecture, municipality and 機関区分. One
// condition for every query over `institutions` that takes places — the 報告状況 board, the 報告確認
// progress, the 一括メール recipients and their reports' states.
import { type Expression, expressionBuilder, type SqlBool } from 'kysely';
import type { Database, InstitutionKind } from '../db/schema.ts';
import type { ReportPlaces } from './report-repository.ts';

export interface InstitutionFilter {
  prefectureCode?: string | undefined;
  municipalityCode?: string | undefined;
  institutionKind?: InstitutionKind | undefined;
}

/** True when `places` names no place at all (so nothing is reached; 'all' reaches everything). */
export const noPlaces = (places: ReportPlaces | 'all'): boolean => places !== 'all' && places.prefectures.length === 0 && places.municipalities.length === 0;

const eb = expressionBuilder<Database, 'institutions'>();

/** A query over `institutions` (joined to anything): all `whereInstitutionsAt` needs of it. */
interface Narrowable<Q> {
  where(expression: Expression<SqlBool>): Q;
}

/** `q` kept to the institutions at `places` (every place when 'all') that match the filter. */
export function whereInstitutionsAt<Q extends Narrowable<Q>>(q: Q, places: ReportPlaces | 'all', f: InstitutionFilter): Q {
  if (places !== 'all') {
    const { prefectures, municipalities } = places;
    q = q.where(
      eb.or([
        ...(prefectures.length ? [eb('institutions.prefecture_code', 'in', prefectures)] : []),
        ...municipalities.map((m) =>
          eb.and([eb('institutions.prefecture_code', '=', m.prefectureCode), eb('institutions.municipality_code', '=', m.municipalityCode)]),
        ),
      ]),
    );
  }
  if (f.prefectureCode) q = q.where(eb('institutions.prefecture_code', '=', f.prefectureCode));
  if (f.municipalityCode) q = q.where(eb('institutions.municipality_code', '=', f.municipalityCode));
  if (f.institutionKind) q = q.where(eb('institutions.kind', '=', f.institutionKind));
  return q;
}
