// G-MIS routes of the office console (事務局 only; nobody changes their own account here).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUDIT_TYPES, listAudit } from '../../../audit/audit-log.ts';
import type { Ports } from '../../../ports.ts';
import { findAccountRow, searchAccounts, setAccountEnabled, startPasswordReset, unlock, type ManageResult } from '../../../office/accounts.ts';
import { abilities, authorize, reachOf } from '../../../policies.ts';
import { JURISDICTION_PROBLEM_MESSAGES } from '../../../jurisdiction/jurisdiction.ts';
import { loadJurisdiction } from '../../../jurisdiction/jurisdiction-repository.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { closedWindow, readWindow, setRegistrationWindow, windowState } from '../../../registration/window.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { entryOf, originOf, sendHtml } from '../../../web/request.ts';
import { flashFrom, type Flash, type FlashTable } from '../flash.ts';
import { fieldErrors, readForm } from '../portal/schema.ts';
import { signedInFor, viewerOf } from '../viewer.ts';
import { AccountPage, AccountSearchPage, AuditPage, ConsolePage, DisableConfirmPage, OFFICE_PATH, type AccountActions } from './pages.tsx';
import { accountSearchQuery, auditQuery, WINDOW_FIELD_MAX, WINDOW_FIELDS, windowForm } from './schema.ts';

const AUDIT_PAGE = 100;

/** What the console and an account's page say after a redirect, by the `done` value it carries. */
const DONE = {
  window: { kind: 'success', message: 'office.window.changed' },
  disabled: { kind: 'success', message: 'office.account.disabled' },
  enabled: { kind: 'success', message: 'office.account.enabled' },
  reset: { kind: 'success', message: 'office.account.reset_sent' },
  unlocked: { kind: 'success', message: 'office.account.unlocked' },
  unchanged: { kind: 'info', message: 'office.account.unchanged' },
  issued: { kind: 'success', message: 'office.account.issued' },
  jurisdiction: { kind: 'success', message: 'jurisdiction.saved' },
} as const satisfies FlashTable<string>;
type Done = keyof typeof DONE;
/** Where a redirect goes to show `done` on the page at `path`. */
const doneHref = (path: string, done: Done) => `${path}?done=${done}`;
/** The redirect's notice: a refused change of reach (?problem=, from the jurisdiction routes), or what was done. */
const flashOf = (req: FastifyRequest): Flash | undefined => {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const problem = entryOf(JURISDICTION_PROBLEM_MESSAGES, q.problem);
  return problem ? { kind: 'error', text: MESSAGES[problem] } : flashFrom(DONE, q.done);
};

export async function gmisOfficeRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const office = signedInFor('office_console.view');

  const consolePage = async (req: FastifyRequest, reply: FastifyReply, status: number, extra: { errors?: FieldErrors; values?: Record<string, string> } = {}) =>
    sendHtml(
      reply,
      status,
      ConsolePage({
        viewer: viewerOf(req).account,
        csrf: reply.generateCsrf(),
        window: windowState(await readWindow(db), deps.clock.now()),
        flash: flashOf(req),
        ...extra,
      }),
    );

  app.get(OFFICE_PATH, office, (req, reply) => consolePage(req, reply, 200));

  app.post(`${OFFICE_PATH}/registration-window`, office, async (req, reply) => {
    const values = readForm(req, WINDOW_FIELDS, WINDOW_FIELD_MAX);
    const now = deps.clock.now();
    const parsed = windowForm(now).safeParse(values);
    if (!parsed.success) return consolePage(req, reply, 422, { errors: fieldErrors(parsed.error), values });
    const change = parsed.data;
    await setRegistrationWindow(
      deps,
      viewerOf(req).account,
      change.action === 'close' ? closedWindow(now, change.reopen) : { opensAt: change.from, closesAt: change.until },
      originOf(req),
    );
    return reply.redirect(doneHref(OFFICE_PATH, 'window'), 303);
  });

  app.get(`${OFFICE_PATH}/accounts`, office, async (req, reply) => {
    const { q } = accountSearchQuery.parse(req.query ?? {});
    return sendHtml(reply, 200, AccountSearchPage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), q, rows: await searchAccounts(db, q) }));
  });

  app.get<{ Params: { id: string } }>(`${OFFICE_PATH}/accounts/:id`, office, async (req, reply) => {
    const account = await findAccountRow(db, req.params.id);
    if (!account) return reply.callNotFound();
    const viewer = viewerOf(req).account;
    const events = await listAudit(db, { accountId: account.id, limit: 50 });
    const kind = reachOf(account.category);
    const jurisdiction = kind ? await loadJurisdiction(db, account.id) : undefined;
    const reach =
      jurisdiction &&
      (kind === 'municipalities'
        ? { municipalities: [...jurisdiction.municipalities] }
        : { delegations: jurisdiction.delegations.map((d) => d.prefectureCode) });
    const subject = { accountId: account.id };
    const may = abilities<AccountActions>(viewer, {
      'account.disable': subject,
      'account.enable': subject,
      'account.reset_password': subject,
      'account.unlock': subject,
    });
    return sendHtml(reply, 200, AccountPage({ viewer, csrf: reply.generateCsrf(), account, events, may, reach, flash: flashOf(req) }));
  });

  // 無効にする is asked first on a page of its own; its form posts to the action below.
  app.get<{ Params: { id: string } }>(`${OFFICE_PATH}/accounts/:id/disable`, office, async (req, reply) => {
    const account = await findAccountRow(db, req.params.id);
    if (!account) return reply.callNotFound();
    const viewer = viewerOf(req).account;
    authorize(viewer, 'account.disable', { accountId: account.id });
    if (account.state === 'disabled') return reply.redirect(doneHref(`${OFFICE_PATH}/accounts/${encodeURIComponent(account.id)}`, 'unchanged'), 303);
    return sendHtml(reply, 200, DisableConfirmPage({ viewer, csrf: reply.generateCsrf(), account }));
  });

  const actions: Record<string, { run: (req: FastifyRequest, id: string) => Promise<ManageResult>; done: Done }> = {
    disable: { run: (req, id) => setAccountEnabled(deps, viewerOf(req).account, id, false, originOf(req)), done: 'disabled' },
    enable: { run: (req, id) => setAccountEnabled(deps, viewerOf(req).account, id, true, originOf(req)), done: 'enabled' },
    reset: { run: (req, id) => startPasswordReset(deps, viewerOf(req).account, id, originOf(req)), done: 'reset' },
    unlock: { run: (req, id) => unlock(deps, viewerOf(req).account, id, originOf(req)), done: 'unlocked' },
  };
  for (const [name, { run, done }] of Object.entries(actions)) {
    app.post<{ Params: { id: string } }>(`${OFFICE_PATH}/accounts/:id/${name}`, office, async (req, reply) => {
      const r = await run(req, req.params.id);
      if (!r.ok && r.problem === 'not_found') return reply.callNotFound();
      return reply.redirect(doneHref(`${OFFICE_PATH}/accounts/${encodeURIComponent(req.params.id)}`, r.ok ? done : 'unchanged'), 303);
    });
  }

  app.get(`${OFFICE_PATH}/audit`, office, async (req, reply) => {
    const f = auditQuery.parse(req.query ?? {});
    const rows = await listAudit(db, { type: f.type, username: f.username, beforeId: f.before, limit: AUDIT_PAGE + 1 });
    const events = rows.slice(0, AUDIT_PAGE);
    return sendHtml(
      reply,
      200,
      AuditPage({
        viewer: viewerOf(req).account,
        csrf: reply.generateCsrf(),
        filter: { type: f.type, username: f.username },
        types: [...AUDIT_TYPES],
        events,
        before: rows.length > AUDIT_PAGE ? events.at(-1)?.id : undefined,
      }),
    );
  });
}
