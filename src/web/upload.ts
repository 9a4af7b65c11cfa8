// File uploads (multipart/form-data) for the few routes that take files (the report CSVs). The plugin
// is registered in those routes' own scope only, with tight limits; every other route still refuses a
// multipart body. The CSRF token must be the form's first field (CsrfField comes first in our forms,
// and browsers send fields in page order): it is checked as every form post is, before a byte of a
// file is read, and a signed-out post is answered before that (the route's own preHandler runs first).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';

/** One file: a report's CSV is a few MB at most, a prefecture's for all its hospitals some more. */
export const UPLOAD_FILE_LIMIT = 20 * 1024 * 1024;
export const UPLOAD_FILES = 2;
/** The CSRF token and a few options (a checkbox, a version): short, and few of them. */
const FIELD_LIMIT = 1024;
const FIELDS = 6;
/** The whole request: a larger one is refused without being read. */
export const UPLOAD_REQUEST_LIMIT = UPLOAD_FILES * UPLOAD_FILE_LIMIT + 64 * 1024;

/** Registers @fastify/multipart in `app`'s scope (a plugin of its own: its routes only). */
export async function acceptUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_FILE_LIMIT, files: UPLOAD_FILES, fields: FIELDS, fieldSize: FIELD_LIMIT, parts: UPLOAD_FILES + FIELDS, headerPairs: 50 },
  });
  // Whatever of an upload was not read (a refusal, a problem) goes nowhere, so the browser gets the answer;
  // one declared larger than the limit is not read at all, and its connection closes after the answer.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.isMultipart() && !req.raw.readableEnded) {
      req.raw.unpipe();
      if (declaredLength(req) > UPLOAD_REQUEST_LIMIT) reply.header('connection', 'close');
      else req.raw.resume();
    }
    done(null, payload);
  });
}

const declaredLength = (req: FastifyRequest) => Number(req.headers['content-length'] ?? 0);

/** Why an upload could not be read: too big (a file or the request), too many files or fields, or not multipart data at all. */
export type UploadProblem = 'too_large' | 'too_many_parts' | 'unreadable';

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

export type Upload = { ok: true; fields: Record<string, string>; files: Record<string, UploadedFile> } | { ok: false; problem: UploadProblem };

/** What the preHandler left for the route: the parts still to read, or why they cannot be read. */
type Pending = { parts: AsyncIterator<import('@fastify/multipart').Multipart> } | { problem: UploadProblem };
const pending = new WeakMap<FastifyRequest, Pending>();

function problemOf(err: unknown): UploadProblem {
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return 'too_large';
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return 'too_many_parts';
  return 'unreadable';
}

/**
 * The upload routes' CSRF check (they set `config.skipCsrf`: the shared check reads a parsed body,
 * which a multipart request does not have). A plain form post is checked as any other; a multipart
 * one by its first field. A request too large to read, or whose first part cannot be read, is left
 * for the route to answer with its message (it changes nothing).
 */
export function checkUploadCsrf(app: FastifyInstance): preHandlerHookHandler {
  return function uploadCsrf(req, reply, done) {
    if (!req.isMultipart()) return app.csrfProtection(req, reply, done);
    if (declaredLength(req) > UPLOAD_REQUEST_LIMIT) {
      pending.set(req, { problem: 'too_large' });
      return done();
    }
    boundRequest(req);
    const parts = req.parts()[Symbol.asyncIterator]();
    parts.next().then(
      (first) => {
        const part = first.done ? undefined : first.value;
        const token = part?.type === 'field' && part.fieldname === '_csrf' && typeof part.value === 'string' ? part.value : undefined;
        req.body = { _csrf: token };
        pending.set(req, { parts });
        app.csrfProtection(req, reply, done);
      },
      (err: unknown) => {
        pending.set(req, { problem: problemOf(err) });
        done();
      },
    );
  };
}

/** A request without a declared length (chunked) is cut off once it passes the limit. */
function boundRequest(req: FastifyRequest): void {
  if (req.headers['content-length'] !== undefined) return;
  let seen = 0;
  req.raw.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > UPLOAD_REQUEST_LIMIT) req.raw.destroy();
  });
}

/**
 * The named files and fields of the upload (others are skipped unread; an empty file input — no file
 * chosen — is no file). A plain form post gives its fields and no files.
 */
export async function readUpload(req: FastifyRequest, spec: { files: readonly string[]; fields: readonly string[] }): Promise<Upload> {
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const name of spec.fields) {
      const v = Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name];
      if (typeof v === 'string') fields[name] = v.slice(0, FIELD_LIMIT);
    }
    return { ok: true, fields, files };
  }
  const state = pending.get(req);
  if (!state || 'problem' in state) return { ok: false, problem: state?.problem ?? 'unreadable' };
  try {
    for (let next = await state.parts.next(); !next.done; next = await state.parts.next()) {
      const part = next.value;
      if (part.type === 'file') {
        if (!spec.files.includes(part.fieldname) || Object.hasOwn(files, part.fieldname)) {
          await part.toBuffer();
          continue;
        }
        const bytes = await part.toBuffer();
        if (part.filename === '' && bytes.length === 0) continue;
        files[part.fieldname] = { filename: part.filename, bytes };
      } else if (spec.fields.includes(part.fieldname) && !Object.hasOwn(fields, part.fieldname) && typeof part.value === 'string') {
        fields[part.fieldname] = part.value.slice(0, FIELD_LIMIT);
      }
    }
  } catch (err) {
    return { ok: false, problem: problemOf(err) };
  }
  return { ok: true, fields, files };
}
