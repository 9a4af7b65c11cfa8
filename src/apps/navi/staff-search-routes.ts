// 関係者メニュー 施設の検索 (GET /staff/search) and its CSV (GET /staff/search/csv), signed in and allowed
// navi.staff_search. The public search's form and its parameters (search-routes.tsx), plus the staff's
// own conditions, run through the same parseSearchQuery; a problem comes back beside its field with
// the values kept, in a 400. The CSV holds the whole result (at most STAFF_CSV_MAX records), streamed
// a page at a time through csv-stringify and iconv-lite: UTF-8 with a BOM, or Shift_JIS for Excel.
import { PassThrough, Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import iconv from 'iconv-lite';
import { MESSAGES, type MessageId } from '../../platform/messages/index.ts';
import { authorizeNavi } from '../../policies.ts';
import type { Ports } from '../../ports.ts';
import { parseSearchQuery, type QueryProblem, type SearchQuery } from '../../search/query.ts';
import { searchDbOf } from '../../search/read-db.ts';
import { recordStaffDownload, staffCsvColumns, staffResultForCsv, staffSearch, type StaffCsvEncoding } from '../../search/staff-search.ts';
import { originOf, sendHtml } from '../../web/request.ts';
import { FORM_FIELDS, type FormField } from './search-page.tsx';
import { readSearchForm, searchRequestOf } from './search-routes.tsx';
import { STAFF_FIELDS, StaffSearchPage, staffQueryString, type StaffErrors, type StaffField, type StaffSearchForm } from './staff-search-page.tsx';
import { naviViewerOf, requireNaviViewer } from './viewer.ts';

const LIST_MAX = 100;
/** The fields that make a search: the form's, but the radius (nothing without a place), the order, the page size and the page. */
const NOT_A_CONDITION = new Set<FormField>(['radius_km', 'sort', 'per_page', 'page']);
const STAFF_SEARCH_PARAMS = [...FORM_FIELDS.filter((f) => !NOT_A_CONDITION.has(f)), ...STAFF_FIELDS];
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** The form's values from a query string: the public search's fields, the staff's lists and the CSV's encoding. */
export function readStaffForm(query: unknown): StaffSearchForm {
  const raw = (query ?? {}) as Record<string, unknown>;
  const list = (name: string) =>
    [
      ...new Set(
        strings(raw[name])
          .flatMap((s) => s.slice(0, 1000).split(','))
          .map((s) => s.trim()),
      ),
    ]
      .filter(Boolean)
      .slice(0, LIST_MAX);
  const lists = Object.fromEntries(STAFF_FIELDS.map((f) => [f, list(f)])) as Record<(typeof STAFF_FIELDS)[number], string[]>;
  return { ...readSearchForm(query), ...lists, encoding: strings(raw.encoding)[0]?.trim().slice(0, 100) ?? '' };
}

/** Where a problem is shown: the field of the form that holds the parameter. */
const FIELD_OF: Readonly<Record<string, StaffField>> = { lang: 'language', open_at: 'open_date' };

function problemMessage(p: QueryProblem): string {
  const field = FIELD_OF[p.param] ?? p.param;
  for (const id of [`staff_search.${field}.${p.problem}`, `search.${field}.${p.problem}`, `search.any.${p.problem}`]) {
    const m = Object.hasOwn(MESSAGES, id) ? MESSAGES[id as MessageId] : undefined;
    if (typeof m === 'string') return m;
  }
  return MESSAGES['search.any.invalid'];
}

type Checked =
  | { ok: true; query: SearchQuery; encoding: StaffCsvEncoding; openAtWords: string | undefined }
  | { ok: false; errors: StaffErrors; openAtWords: string | undefined };

/** The form's conditions as a query, or every problem by field. */
function checkForm(v: StaffSearchForm, now: number): Checked {
  const request = searchRequestOf(v, 'ja', now);
  const params = { ...request.params, equipment: v.equipment, treatment: v.treatment, specialist: v.specialist, vaccination: v.vaccination };
  const parsed = parseSearchQuery(params);
  const errors: StaffErrors = { ...(request.errors as StaffErrors) };
  if (!parsed.ok) for (const p of parsed.problems) errors[FIELD_OF[p.param] ?? (p.param as StaffField)] ??= problemMessage(p);
  if (v.encoding !== '' && v.encoding !== 'utf-8' && v.encoding !== 'shift_jis') errors.encoding = MESSAGES['staff_search.encoding.unknown'];
  if (Object.keys(errors).length || !parsed.ok) return { ok: false, errors, openAtWords: request.openAtWords };
  return { ok: true, query: parsed.query, encoding: v.encoding === 'shift_jis' ? 'shift_jis' : 'utf-8', openAtWords: request.openAtWords };
}

/** `施設検索_20260401.csv`, and an ASCII name for browsers that do not read filename*. */
function contentDisposition(now: number): string {
  const day = new Date(now + 9 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const name = `施設検索_${day}.csv`;
  return `attachment; filename="facilities_${day}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function naviStaffSearchRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const allowed = async (req: FastifyRequest, reply: FastifyReply) => {
    await requireNaviViewer(req, reply);
    if (!reply.sent) authorizeNavi(naviViewerOf(req).account, 'navi.staff_search');
  };

  const problems = (req: FastifyRequest, reply: FastifyReply, values: StaffSearchForm, errors: StaffErrors, openAtWords: string | undefined) => {
    // A wrong order or page is said, and not carried into the next search.
    const kept = { ...values, ...(errors.sort ? { sort: '' } : {}), ...(errors.encoding ? { encoding: '' } : {}), page: '' };
    return sendHtml(reply, 400, StaffSearchPage({ csrf: reply.generateCsrf(), viewer: naviViewerOf(req), values: kept, errors, openAtWords }));
  };

  app.get('/staff/search', { preHandler: allowed }, async (req, reply) => {
    const viewer = naviViewerOf(req);
    const values = readStaffForm(req.query);
    const checked = checkForm(values, deps.clock.now());
    if (!checked.ok) return problems(req, reply, values, checked.errors, checked.openAtWords);
    // The empty form: the conditions first, nothing searched yet.
    const asked = STAFF_SEARCH_PARAMS.some((f) => {
      const v = values[f];
      return Array.isArray(v) ? v.length > 0 : v !== '';
    });
    const result = asked ? await staffSearch(searchDbOf(deps), viewer.account, { ...checked.query, perPage: 20 }) : undefined;
    return sendHtml(reply, 200, StaffSearchPage({ csrf: reply.generateCsrf(), viewer, values, errors: {}, result, openAtWords: checked.openAtWords }));
  });

  app.get('/staff/search/csv', { preHandler: allowed }, async (req, reply) => {
    const viewer = naviViewerOf(req);
    const values = readStaffForm(req.query);
    const checked = checkForm(values, deps.clock.now());
    if (!checked.ok) return problems(req, reply, values, checked.errors, checked.openAtWords);
    const db = searchDbOf(deps);
    const { query, encoding } = checked;
    const result = await staffResultForCsv(db, viewer.account, query);
    await recordStaffDownload(deps, viewer.account, {
      conditions: staffQueryString({ ...values, page: '', encoding: '' }).replace(/^\?/, ''),
      total: result.total,
      rows: result.rows,
      encoding,
      origin: originOf(req),
    });
    const columns = staffCsvColumns();
    async function* records(): AsyncGenerator<string[]> {
      yield columns.map((c) => c.header);
      for await (const page of result.pages) for (const f of page) yield columns.map((c) => c.cell(f));
    }
    const body = new PassThrough();
    // Text out of the CSV writer (iconv-lite's stream takes strings), bytes in the encoding asked for.
    const csv = stringify({ record_delimiter: '\r\n' }).setEncoding('utf8');
    pipeline(Readable.from(records()), csv, iconv.encodeStream(encoding === 'shift_jis' ? 'cp932' : 'utf8', { addBOM: encoding === 'utf-8' }), body, (err) => {
      if (err) req.log.error({ err }, 'staff search CSV failed part way');
    });
    return reply
      .code(200)
      .type(`text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`)
      .header('content-disposition', contentDisposition(deps.clock.now()))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });
}
