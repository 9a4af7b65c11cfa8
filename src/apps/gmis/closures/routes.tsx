// 臨時休診一括処理 in G-MIS: the list of batches, the page that makes one — a CSV upload (multipart) or a
// filter of the facilities in reach — with 「確認のみ」 and 「登録する」, what to fix row by row (422),
// one batch and its 取り消す. Who may is the policies' closure.use / closure_batch.view / .undo; each row
// is decided by closure.apply inside src/closures/. The forms carry an idempotency key: sent twice, applied once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { MODE_LABELS, type ClosureProblem } from '../../../closures/closure.ts';
import {
  applyClosureRows,
  batchView,
  checkClosureRows,
  closureMunicipalities,
  closurePrefecture,
  filterRows,
  importClosureCsv,
  isClosureReason,
  undoClosureBatch,
  visibleBatches,
  type ApplyResult,
  type CheckResult,
} from '../../../closures/closures.ts';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { municipalitiesOf } from '../../../institutions/places.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf, authorize, can, type Actor } from '../../../policies.ts';
import type { Ports } from '../../../ports.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { acceptUploads, checkUploadCsrf, readUpload, UPLOAD_FILE_LIMIT } from '../../../web/upload.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { flashFrom, type FlashTable } from '../flash.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import {
  batchPath,
  ClosureBatchPage,
  ClosureListPage,
  CLOSURES_PATH,
  CSV_REASON,
  FILTER_PATH,
  NEW_PATH,
  NewClosurePage,
  TEMPLATE_PATH,
  UPLOAD_PATH,
  type FilterValues,
  type NewClosurePageProps,
} from './pages.tsx';

const FLASHES: FlashTable<'applied' | 'repeated' | 'undone' | 'already_undone'> = {
  applied: { kind: 'success', message: 'closures.applied_short' },
  repeated: { kind: 'info', message: 'closures.repeated' },
  undone: { kind: 'success', message: 'closures.undone_short' },
  already_undone: { kind: 'info', message: 'closures.already_undone' },
};

const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((v) => v ?? '');
const filterForm = z.object({
  key: text(100),
  reason: text(50),
  municipality: text(10),
  kinds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined)
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  codes: text(200_000),
  starts_on: text(40),
  ends_on: text(40),
  closure_mode: text(20),
  hours: text(100),
  note: text(1000),
  step: text(10),
});

/** At most this many codes in the filter's list. */
const CODES_MAX = 10_000;
/** The check's answer names the first few facilities. */
const SAMPLE = 20;

const TEMPLATE = stringify([
  ['機関コード', '開始日', '終了日', '区分', '変更後の時間', '備考'],
  ['0123456789', '2026-12-29', '2027-01-03', '休診', '', '年末年始のため休診します'],
  ['1312345678901', '2026-12-28', '2026-12-28', '時間変更', '9:00-12:00', '午前のみ診療'],
]);

export async function gmisClosureRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  await acceptUploads(app);
  const signedIn = { preHandler: requireGmisViewer };
  const upload = { config: { skipCsrf: true }, preHandler: [requireGmisViewer, checkUploadCsrf(app)] };

  const user = async (req: FastifyRequest): Promise<Actor> => {
    const actor = await actorOf(deps.db, viewerOf(req).account);
    authorize(actor, 'closure.use');
    return actor;
  };
  const newPage = (reply: FastifyReply, status: number, actor: Actor, extra: Omit<NewClosurePageProps, 'viewer' | 'csrf' | 'key' | 'municipalities'> = {}) =>
    sendHtml(
      reply,
      status,
      NewClosurePage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        key: deps.random.token(),
        municipalities: closureMunicipalities(actor) ?? municipalitiesOf(closurePrefecture(actor)!).map((m) => m.code),
        ...extra,
      }),
    );
  /** The answer to a check or an apply: what to fix (422), what a check found, or the batch made. */
  const answer = async (
    reply: FastifyReply,
    actor: Actor,
    form: 'csv' | 'filter',
    result: ApplyResult | CheckResult,
    keep: Partial<NewClosurePageProps>,
    /** A filter's rows are numbered by their place in the list: the page names their 機関コード instead. */
    codes?: readonly string[],
  ) => {
    if ('problems' in result && !result.ok) {
      const problems: ClosureProblem[] = codes ? result.problems.map((p) => ({ ...p, code: codes[p.line - 1] })) : [...result.problems];
      return newPage(reply, 422, actor, { form, ...keep, problem: MESSAGES['closures.problems'](problems.length), problems });
    }
    if (!result.ok) {
      const errors: FieldErrors = result.problem === 'reason' ? { [form === 'csv' ? CSV_REASON : 'reason']: MESSAGES['closures.reason.required'] } : {};
      const problem = result.problem === 'key' ? MESSAGES['closures.key.invalid'] : undefined;
      return newPage(reply, 422, actor, { form, ...keep, problem, ...(form === 'csv' ? { csvErrors: errors } : { filterErrors: errors }) });
    }
    if ('closures' in result)
      return newPage(reply, 200, actor, {
        form,
        ...keep,
        checked: { count: result.closures.length, sample: result.closures.slice(0, SAMPLE).map((c) => ({ code: c.institutionCode, name: c.name })) },
      });
    return reply.redirect(`${batchPath(result.batch.id)}?done=${result.repeated ? 'repeated' : 'applied'}`, 303);
  };

  app.get(CLOSURES_PATH, signedIn, async (req, reply) => {
    const actor = await user(req);
    return sendHtml(reply, 200, ClosureListPage({ viewer: actor, csrf: reply.generateCsrf(), batches: await visibleBatches(deps, actor) }));
  });

  app.get(NEW_PATH, signedIn, async (req, reply) => newPage(reply, 200, await user(req)));

  app.get(TEMPLATE_PATH, signedIn, async (req, reply) => {
    await user(req);
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="closures.csv"; filename*=UTF-8''${encodeURIComponent('臨時休診.csv')}`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(`\uFEFF${TEMPLATE}`, 'utf8'));
  });

  app.post(UPLOAD_PATH, upload, async (req, reply) => {
    const actor = await user(req);
    const read = await readUpload(req, { files: ['file'], fields: ['key', 'reason', 'step'] });
    if (!read.ok) {
      const message =
        read.problem === 'too_large'
          ? MESSAGES['report_csv_pages.too_large'](UPLOAD_FILE_LIMIT / 1024 / 1024)
          : read.problem === 'too_many_parts'
            ? MESSAGES['report_csv_pages.too_many_parts']
            : MESSAGES['report_csv_pages.unreadable'];
      return newPage(reply, read.problem === 'unreadable' ? 400 : 413, actor, { form: 'csv', problem: message });
    }
    const reason = read.fields.reason ?? '';
    const keep = { csvReason: reason };
    const file = read.files.file;
    const fileProblem = !file ? MESSAGES['closures.csv.empty'] : notCsv(file.filename, file.bytes);
    const errors: FieldErrors = {
      ...(fileProblem ? { file: fileProblem } : {}),
      ...(isClosureReason(reason) ? {} : { [CSV_REASON]: MESSAGES['closures.reason.required'] }),
    };
    if (Object.keys(errors).length) return newPage(reply, 422, actor, { form: 'csv', ...keep, csvErrors: errors });
    const result = await importClosureCsv(
      deps,
      actor,
      file!.bytes,
      { key: read.fields.key ?? '', reason, dryRun: read.fields.step !== 'apply' },
      originOf(req),
    );
    return answer(reply, actor, 'csv', result, keep);
  });

  app.post(FILTER_PATH, signedIn, async (req, reply) => {
    const actor = await user(req);
    const f = filterForm.parse(req.body ?? {});
    const kinds = f.kinds.filter((k): k is (typeof INSTITUTION_KINDS)[number] => (INSTITUTION_KINDS as readonly string[]).includes(k));
    const codes = f.codes
      .split(/[\s,、，]+/)
      .map((c) => c.trim())
      .filter((c) => c !== '');
    const values: FilterValues = {
      municipality: f.municipality,
      kinds,
      codes: f.codes,
      startsOn: f.starts_on,
      endsOn: f.ends_on,
      mode: f.closure_mode,
      hours: f.hours,
      note: f.note,
      reason: f.reason,
    };
    const keep = { filter: values };
    const errors: FieldErrors = {};
    if (!isClosureReason(f.reason)) errors.reason = MESSAGES['closures.reason.required'];
    if (kinds.length !== f.kinds.length) errors.kinds = MESSAGES['closures.kinds.unknown'];
    if (codes.length > CODES_MAX) errors.codes = MESSAGES['closures.codes.too_many'];
    const reach = closureMunicipalities(actor) ?? municipalitiesOf(closurePrefecture(actor)!).map((m) => m.code);
    if (f.municipality && !reach.includes(f.municipality)) errors.municipality = MESSAGES['closures.municipality.out_of_reach'];
    // The range and the 区分 are the same for every facility: checked once, beside their fields.
    const probe = await checkClosureRows(deps, actor, [
      {
        line: 1,
        code: '0',
        startsOn: f.starts_on,
        endsOn: f.ends_on,
        mode: f.closure_mode === 'hours' ? '時間変更' : f.closure_mode === 'closed' ? '休診' : '',
        hours: f.hours,
        note: f.note,
      },
    ]);
    if (!probe.ok) {
      const FIELD = { 開始日: 'starts_on', 終了日: 'ends_on', 区分: 'closure_mode', 変更後の時間: 'hours', 備考: 'note' } as const;
      for (const p of probe.problems) if (p.column && p.column !== '機関コード') errors[FIELD[p.column]] ??= p.message;
    }
    if (Object.keys(errors).length) return newPage(reply, 422, actor, { form: 'filter', ...keep, filterErrors: errors });
    const rows = await filterRows(deps, actor, {
      municipality: f.municipality || undefined,
      kinds,
      codes,
      startsOn: f.starts_on,
      endsOn: f.ends_on,
      mode: MODE_LABELS[f.closure_mode === 'hours' ? 'hours' : 'closed'],
      hours: f.hours,
      note: f.note,
    });
    if (rows === 'too_many') return newPage(reply, 422, actor, { form: 'filter', ...keep, problem: MESSAGES['closures.filter.too_many'](20_000) });
    if (rows.length === 0) return newPage(reply, 422, actor, { form: 'filter', ...keep, problem: MESSAGES['closures.filter.none'] });
    const result =
      f.step === 'apply'
        ? await applyClosureRows(deps, actor, rows, { key: f.key, reason: f.reason, source: 'filter' }, originOf(req))
        : await checkClosureRows(deps, actor, rows);
    return answer(
      reply,
      actor,
      'filter',
      result,
      keep,
      rows.map((r) => r.code),
    );
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(`${CLOSURES_PATH}/:id`, signedIn, async (req, reply) => {
    const actor = await user(req);
    const view = await batchView(deps, actor, req.params.id.slice(0, 100));
    if (!view) return reply.callNotFound();
    const mayUndo = can(actor, 'closure_batch.undo', { prefectureCode: view.batch.prefecture_code, createdBy: view.batch.created_by });
    return sendHtml(reply, 200, ClosureBatchPage({ viewer: actor, csrf: reply.generateCsrf(), ...view, mayUndo, flash: flashFrom(FLASHES, req.query.done) }));
  });

  app.post<{ Params: { id: string } }>(`${CLOSURES_PATH}/:id/undo`, signedIn, async (req, reply) => {
    const actor = await user(req);
    const result = await undoClosureBatch(deps, actor, req.params.id.slice(0, 100), originOf(req));
    if (!result.ok && result.problem === 'not_found') return reply.callNotFound();
    return reply.redirect(`${batchPath(req.params.id)}?done=${result.ok ? 'undone' : 'already_undone'}`, 303);
  });
}

/** A zip (.xlsx) or OLE (.xls) book, a binary file, or a name that is not .csv/.txt: why it is not a CSV (undefined: it may be one). */
function notCsv(filename: string, bytes: Buffer): string | undefined {
  const name = filename.slice(0, 200);
  const head = bytes.subarray(0, 8);
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    return MESSAGES['report_csv_pages.excel']('CSVファイル', name);
  if (bytes.subarray(0, 64 * 1024).includes(0)) return MESSAGES['report_csv_pages.binary']('CSVファイル', name);
  if (!/\.(csv|txt)$/i.test(filename)) return MESSAGES['report_csv_pages.not_csv']('CSVファイル', name);
  if (bytes.length === 0) return MESSAGES['closures.csv.empty'];
  return undefined;
}
