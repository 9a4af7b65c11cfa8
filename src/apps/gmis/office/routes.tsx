// G-MIS routes of the office console (事務局 only; nobody changes their own account here).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AUDIT_TYPES, listAudit } from '../../../audit/audit-log.ts';
import { searchAudit } from '../../../audit/audit-search-repository.ts';
import { parsePublishAt } from '../../../gmis/notices.ts';
import { normaliseLine } from '../../../gmis/japanese-input.ts';
import type { IdentityDeps } from '../../../identity/deps.ts';
import { findAccountRow, searchAccounts, setAccountEnabled, startPasswordReset, unlock, type ManageResult } from '../../../office/accounts.ts';
import { abilities, authorize, reachOf } from '../../../policies.ts';
import { loadJurisdiction } from '../../../office/jurisdiction-repository.ts';
import { closedWindow, readWindow, setRegistrationWindow, windowState } from '../../../registration/window.ts';
import { entryOf, formField, originOf, sendHtml } from '../../../web/request.ts';
import { JURISDICTION_PROBLEMS } from '../jurisdiction/routes.tsx';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { AccountPage, AccountSearchPage, AuditPage, ConsolePage, DisableConfirmPage, OFFICE_PATH, type AccountActions } from './pages.tsx';

const AUDIT_PAGE = 100;

const FLASH = {
  window: { kind: 'success', text: '新規ユーザ登録申請の受付期間を変えました。' },
  disabled: { kind: 'success', text: 'アカウントを無効にしました。Med-Login・G-MIS・医療情報ネットでログイン中だった端末も、すべてログアウトしました。' },
  enabled: { kind: 'success', text: 'アカウントを有効にしました。' },
  reset: { kind: 'success', text: 'パスワードの再設定メールを送りました（数分で届きます）。' },
  unlocked: { kind: 'success', text: 'ロックを解除しました。' },
  unchanged: { kind: 'info', text: '変更はありませんでした（すでにその状態です）。' },
  issued: { kind: 'success', text: 'アカウントを発行し、アカウント発行通知メールを送りました。' },
  jurisdiction: { kind: 'success', text: '保存しました。' },
} as const;
type FlashKey = keyof typeof FLASH;
const flashOf = (req: FastifyRequest) => {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const problem = entryOf(JURISDICTION_PROBLEMS, q.problem);
  return problem ? { kind: 'error' as const, text: problem } : entryOf(FLASH, q.done);
};

const auditQuery = z.object({
  type: z.string().max(64).catch(''),
  username: z.string().max(64).transform(normaliseLine).catch(''),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function gmisOfficeRoutes(app: FastifyInstance, o: { deps: IdentityDeps }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const office = {
    preHandler: [
      requireGmisViewer,
      async (req: FastifyRequest) => {
        authorize(viewerOf(req).account, 'office_console.view');
      },
    ],
  };

  const consolePage = async (req: FastifyRequest, reply: FastifyReply, status: number, extra: { errors?: Record<string, string>; values?: Record<string, string> } = {}) =>
    sendHtml(reply, status, ConsolePage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), window: windowState(await readWindow(db), deps.clock.now()), flash: flashOf(req), ...extra }));

  app.get(OFFICE_PATH, office, (req, reply) => consolePage(req, reply, 200));

  app.post(`${OFFICE_PATH}/registration-window`, office, async (req, reply) => {
    const values = { from: formField(req, 'from', 40), until: formField(req, 'until', 40), reopen: formField(req, 'reopen', 40) };
    const errors: Record<string, string> = {};
    const time = (field: 'from' | 'until' | 'reopen') => {
      if (values[field].trim() === '') return null;
      const ms = parsePublishAt(values[field]);
      if (ms === undefined) errors[field] = '日時は「2026-11-13 09:00」のように入力してください（日本時間）。';
      return ms ?? null;
    };
    const now = deps.clock.now();
    if (formField(req, 'action', 10) === 'close') {
      const reopen = time('reopen');
      if (reopen !== null && reopen <= now) errors.reopen = '再開日時は、これから先の日時にしてください。';
      if (Object.keys(errors).length) return consolePage(req, reply, 422, { errors, values });
      await setRegistrationWindow(deps, viewerOf(req).account, closedWindow(now, reopen), originOf(req));
    } else {
      const from = time('from');
      const until = time('until');
      if (from !== null && until !== null && until <= from) errors.until = '終了日時は開始日時より後にしてください。';
      if (until !== null && until <= now) errors.until = errors.until ?? '終了日時は、これから先の日時にしてください。';
      if (Object.keys(errors).length) return consolePage(req, reply, 422, { errors, values });
      await setRegistrationWindow(deps, viewerOf(req).account, { opensAt: from, closesAt: until }, originOf(req));
    }
    return reply.redirect(`${OFFICE_PATH}?done=window`, 303);
  });

  app.get(`${OFFICE_PATH}/accounts`, office, async (req, reply) => {
    const raw = (req.query as Record<string, unknown> | undefined)?.q;
    const q = normaliseLine(typeof raw === 'string' ? raw.slice(0, 100) : '');
    return sendHtml(reply, 200, AccountSearchPage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), q, rows: await searchAccounts(db, q) }));
  });

  app.get<{ Params: { id: string } }>(`${OFFICE_PATH}/accounts/:id`, office, async (req, reply) => {
    const account = await findAccountRow(db, req.params.id);
    if (!account) return reply.callNotFound();
    const viewer = viewerOf(req).account;
    const events = await listAudit(db, { accountId: account.id, limit: 50 });
    const kind = reachOf(account.category);
    const jurisdiction = kind ? await loadJurisdiction(db, account.id) : undefined;
    const reach = jurisdiction && (kind === 'municipalities' ? { municipalities: [...jurisdiction.municipalities] } : { delegations: jurisdiction.delegations.map((d) => d.prefectureCode) });
    const subject = { accountId: account.id };
    const may = abilities<AccountActions>(viewer, { 'account.disable': subject, 'account.enable': subject, 'account.reset_password': subject, 'account.unlock': subject });
    return sendHtml(reply, 200, AccountPage({ viewer, csrf: reply.generateCsrf(), account, events, may, reach, flash: flashOf(req) }));
  });

  // 無効にする is asked first on a page of its own; its form posts to the action below.
  app.get<{ Params: { id: string } }>(`${OFFICE_PATH}/accounts/:id/disable`, office, async (req, reply) => {
    const account = await findAccountRow(db, req.params.id);
    if (!account) return reply.callNotFound();
    const viewer = viewerOf(req).account;
    authorize(viewer, 'account.disable', { accountId: account.id });
    if (account.state === 'disabled') return reply.redirect(`${OFFICE_PATH}/accounts/${encodeURIComponent(account.id)}?done=unchanged`, 303);
    return sendHtml(reply, 200, DisableConfirmPage({ viewer, csrf: reply.generateCsrf(), account }));
  });

  const actions: Record<string, { run: (req: FastifyRequest, id: string) => Promise<ManageResult>; done: FlashKey }> = {
    disable: { run: (req, id) => setAccountEnabled(deps, viewerOf(req).account, id, false, originOf(req)), done: 'disabled' },
    enable: { run: (req, id) => setAccountEnabled(deps, viewerOf(req).account, id, true, originOf(req)), done: 'enabled' },
    reset: { run: (req, id) => startPasswordReset(deps, viewerOf(req).account, id, originOf(req)), done: 'reset' },
    unlock: { run: (req, id) => unlock(deps, viewerOf(req).account, id), done: 'unlocked' },
  };
  for (const [name, { run, done }] of Object.entries(actions)) {
    app.post<{ Params: { id: string } }>(`${OFFICE_PATH}/accounts/:id/${name}`, office, async (req, reply) => {
      const r = await run(req, req.params.id);
      if (!r.ok && r.problem === 'not_found') return reply.callNotFound();
      return reply.redirect(`${OFFICE_PATH}/accounts/${encodeURIComponent(req.params.id)}?done=${r.ok ? done : 'unchanged'}`, 303);
    });
  }

  app.get(`${OFFICE_PATH}/audit`, office, async (req, reply) => {
    const f = auditQuery.parse(req.query ?? {});
    const rows = await searchAudit(db, { type: f.type, username: f.username, beforeId: f.before, limit: AUDIT_PAGE + 1 });
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
