// The search itself, in SQL both engines run alike (the keyword index's condition comes from
// engine-repository.ts): the condition tokens and grams, terms of three characters or more
// confirmed by LIKE on the folded fields, open at a moment from search_hours and the closed-day
// masks, near a point within a radius; the count, and one page in the order asked for.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { containsText, type Db } from '../db/dialect.ts';
import type { InstitutionKind } from '../db/schema.ts';
import { countHoldingTokens, holdsTokens } from './engine-repository.ts';

/** The folded fields a term may be in, best first, with the weight a match in each adds. */
const FIELD_WEIGHTS = [
  ['kana_folded', 60],
  ['alias_folded', 40],
  ['departments_folded', 30],
  ['address_folded', 20],
] as const;
const KEYWORD_FIELDS = ['name_folded', ...FIELD_WEIGHTS.map(([f]) => f)] as const;

/** One day's part of an open-at condition. */
export interface DayCheck {
  /** YYYY-MM-DD (a 臨時休診 covers whole days). */
  date: string;
  /** The search_hours column: weekday 0–6, or 7 on a holiday. */
  column: number;
  holiday: boolean;
  /** The bit of the 第n週 mask that closes this day. */
  nthBit: number;
}

export interface SearchPlan {
  /** AND of ORs of tokens of the keyword index (grams, kind, place, departments, 他の項目); may be empty. */
  tokenGroups: string[][];
  /** Folded terms of three characters or more: each a substring of one of the folded fields. */
  confirmTerms: string[];
  /** Folded terms, for relevance. */
  scoreTerms: string[];
  openAt?: { date: string; minute: number; today: DayCheck; yesterday: DayCheck };
  near?: { lat: number; lon: number; kmPerDegreeLat: number; kmPerDegreeLon: number; radiusKm?: number };
  order: 'relevance' | 'name' | 'distance';
  limit: number;
  offset: number;
}

export interface SearchHit {
  facility_id: string;
  kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
  name: string;
  name_kana: string;
  address: string;
  departments: string;
  latitude: number | null;
  longitude: number | null;
  suspended_since: string | null;
  published_at: number;
}

const col = (name: string): RawBuilder<unknown> => sql.ref(`search_facilities.${name}`);
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const startsWith = (expr: RawBuilder<unknown>, text: string): RawBuilder<boolean> => sql<boolean>`${expr} like ${`${escapeLike(text)}%`} escape '\\'`;

/**
 * A day the 第n週 grid does not close. The weekly and 祝日 flags are not asked: where they disagree
 * with the hours, the hours win (as the open-data import decides), and where they agree the day has
 * no band anyway — a hospital 休診 on Sundays whose 救急科 works around the clock is open on Sunday.
 */
function dayOpen(d: DayCheck): RawBuilder<SqlBool> {
  if (d.holiday) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${col('closed_nth')} & cast(${d.nthBit} as bigint)) = 0`;
}

/** A row of search_hours covers the minute (past 1440: the rest after midnight of a band of that column's day). */
function bandAt(column: number, minute: number): RawBuilder<SqlBool> {
  const rest = minute >= 1440 ? sql` and h.start_min >= 1440` : sql``;
  return sql<SqlBool>`exists (select 1 from search_hours h where h.doc_id = ${col('doc_id')} and h.day = ${column}${rest} and h.start_min <= ${minute} and h.end_min > ${minute})`;
}

/**
 * A 臨時休診 (temporary_closures, by facility and day: its index) covers the day — any, or (`minute`)
 * one of 時間変更 whose changed hours cover the minute.
 */
function closedOn(date: string, openAtMinute?: number): RawBuilder<SqlBool> {
  const hours =
    openAtMinute === undefined
      ? sql``
      : sql` and c.mode = 'hours' and ((c.open1 <= ${openAtMinute} and c.close1 > ${openAtMinute}) or (c.open2 <= ${openAtMinute} and c.close2 > ${openAtMinute}))`;
  return sql<SqlBool>`exists (select 1 from temporary_closures c where c.facility_id = ${col('facility_id')} and c.starts_on <= ${date} and c.ends_on >= ${date}${hours})`;
}

/** Squared distance in km² (equirectangular: exact enough within a prefecture, the same arithmetic on both engines). */
function distance2(near: NonNullable<SearchPlan['near']>): RawBuilder<number> {
  const dy = sql`((${col('latitude')} - ${near.lat}) * ${near.kmPerDegreeLat})`;
  const dx = sql`((${col('longitude')} - ${near.lon}) * ${near.kmPerDegreeLon})`;
  return sql<number>`(${dy} * ${dy} + ${dx} * ${dx})`;
}

function conditions(db: Db, plan: SearchPlan): Array<Expression<SqlBool>> {
  const where: Array<Expression<SqlBool>> = [];
  if (plan.tokenGroups.length) where.push(holdsTokens(db, plan.tokenGroups));
  for (const term of plan.confirmTerms) {
    where.push(
      sql<SqlBool>`(${sql.join(
        KEYWORD_FIELDS.map((f) => containsText(col(f), term)),
        sql` or `,
      )})`,
    );
  }
  if (plan.openAt) {
    const { date, minute, today, yesterday } = plan.openAt;
    where.push(sql<SqlBool>`(${col('suspended_since')} is null or ${col('suspended_since')} > ${date})`);
    // Asked per candidate (search_hours_facility): the cost follows how many the other conditions
    // leave. Driven from search_hours instead (search_hours_moment) it follows how many bands cover
    // the minute — far fewer at night, but most of them by day (national data set, a loaded 2-core
    // machine: 2 a.m. nationwide 310 ms asked per candidate against 90 ms driven; 10 a.m. 0.5 s against
    // 1.2 s, and 1.3 ms against 1.1 s with a department in one municipality).
    // On a day of 臨時休診 the usual hours do not count (nor the day before's band past midnight into it,
    // nor one from a day of 臨時休診): closed, or open in the changed hours only.
    const usual = sql<SqlBool>`((${dayOpen(today)} and ${bandAt(today.column, minute)}) or (not ${closedOn(yesterday.date)} and ${dayOpen(yesterday)} and ${bandAt(yesterday.column, minute + 1440)}))`;
    where.push(sql<SqlBool>`((not ${closedOn(date)} and ${usual}) or ${closedOn(date, minute)})`);
  }
  if (plan.near?.radiusKm !== undefined) {
    const { lat, lon, radiusKm, kmPerDegreeLat, kmPerDegreeLon } = plan.near;
    const dLat = radiusKm / kmPerDegreeLat;
    const dLon = radiusKm / kmPerDegreeLon;
    where.push(sql<SqlBool>`${col('latitude')} between ${lat - dLat} and ${lat + dLat}`);
    where.push(sql<SqlBool>`${col('longitude')} between ${lon - dLon} and ${lon + dLon}`);
    where.push(sql<SqlBool>`${distance2(plan.near)} <= ${radiusKm * radiusKm}`);
  }
  return where;
}

/** Relevance: per term, its best place (the own name exactly, at its start, inside it; then フリガナ, other names, departments, address). */
function score(terms: readonly string[]): RawBuilder<number> {
  const perTerm = terms.map(
    (t) => sql`(case
      when ${col('name_folded')} = ${t} then 100
      when ${startsWith(col('name_folded'), t)} then 90
      when ${containsText(col('name_folded'), t)} then 80
      when ${startsWith(col('kana_folded'), t)} then 70
      ${sql.join(
        FIELD_WEIGHTS.map(([f, w]) => sql`when ${containsText(col(f), t)} then ${sql.lit(w)}`),
        sql` `,
      )}
      else 0 end)`,
  );
  return sql<number>`(${sql.join(perTerm, sql` + `)})`;
}

/** The number of matches and the page asked for. */
export async function searchIndex(db: Db, plan: SearchPlan): Promise<{ total: number; hits: SearchHit[] }> {
  const where = conditions(db, plan);
  const base = () => {
    let q = db.selectFrom('search_facilities');
    for (const w of where) q = q.where(w);
    return q;
  };
  // Only tokens asked: the keyword index counts them itself where it can.
  const tokensOnly = plan.confirmTerms.length === 0 && !plan.openAt && plan.near?.radiusKm === undefined;
  const total =
    (tokensOnly ? await countHoldingTokens(db, plan.tokenGroups) : undefined) ??
    Number(
      (
        await base()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  if (total === 0 || plan.offset >= total) return { total, hits: [] };

  let q = base().select([
    'facility_id',
    'kind',
    'prefecture_code',
    'municipality_code',
    'name',
    'name_kana',
    'address',
    'departments',
    'latitude',
    'longitude',
    'suspended_since',
    'published_at',
  ]);
  const byName = () => q.orderBy('name_sort').orderBy('facility_id');
  const byDistance = (near: NonNullable<SearchPlan['near']>) =>
    q
      .orderBy(sql`case when ${col('latitude')} is null then 1 else 0 end`)
      .orderBy(distance2(near))
      .orderBy('facility_id');
  if (plan.order === 'distance' && plan.near) q = byDistance(plan.near);
  else if (plan.order === 'relevance' && plan.scoreTerms.length) q = q.orderBy(score(plan.scoreTerms), 'desc').orderBy('name_sort').orderBy('facility_id');
  else if (plan.order === 'relevance' && plan.near) q = byDistance(plan.near);
  else q = byName();
  const hits = await q.limit(plan.limit).offset(plan.offset).execute();
  return { total, hits: hits.map((h) => ({ ...h, published_at: Number(h.published_at) })) };
}

/**
 * The mean of the published coordinates of the municipality's facilities — of those whose address holds
 * the town when some do — as the point a postcode stands for (Japan Post's data names places, not
 * points); undefined when none of them has coordinates.
 */
export async function meanPoint(db: Db, cityToken: string, townFolded: string): Promise<{ lat: number; lon: number; inTown: boolean } | undefined> {
  const mean = async (inTown: boolean) => {
    let q = db
      .selectFrom('search_facilities')
      .where(holdsTokens(db, [[cityToken]]))
      .where('latitude', 'is not', null)
      .where('longitude', 'is not', null);
    if (inTown) q = q.where(containsText(col('address_folded'), townFolded));
    const r = await q
      .select((eb) => [eb.fn.avg<number>('latitude').as('lat'), eb.fn.avg<number>('longitude').as('lon'), eb.fn.countAll<number>().as('n')])
      .executeTakeFirstOrThrow();
    return Number(r.n) > 0 ? { lat: Number(r.lat), lon: Number(r.lon), inTown } : undefined;
  };
  return (townFolded === '' ? undefined : await mean(true)) ?? (await mean(false));
}
