// Routes that set where authority reaches: the office issues prefecture, health-centre, association
// and office accounts and sets any health centre's municipalities or association's delegations; a
// prefecture does the same for its own health centres and its own delegations.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueAccount } from '../../../identity/accounts/issue-account.ts';
import type { Ports } from '../../../ports.ts';
import { JURISDICTION_PROBLEM_MESSAGES, setDelegation, setMunicipalities, type JurisdictionResult } from '../../../jurisdiction/jurisdiction.ts';
import { delegatedAccountIds, findAccountIn, listAccounts, municipalitiesCovered } from '../../../jurisdiction/jurisdiction-repository.ts';
import { authorize, reachableStaff } from '../../../policies.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { formFields, originOf, sendHtml } from '../../../web/request.ts';
import { fieldErrors, readForm } from '../portal/schema.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { HealthCentrePage, IssueOfficialAccountPage, PREFECTURE_STAFF_PATH, PrefectureStaffPage } from './pages.tsx';
import {
  DELEGATION_FIELDS,
  DELEGATION_READ_MAX,
  delegationFields,
  healthCentreQuery,
  ISSUE_FIELDS,
  issueFields,
  issueForm,
  ISSUE_READ_MAX,
  staffQuery,
} from './schema.ts';

export async function gmisJurisdictionRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const signedIn = { preHandler: requireGmisViewer };

  // ── The office: issue accounts ─────────────────────────────────────────
  app.get('/office/accounts/new', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'official_account.issue');
    return sendHtml(reply, 200, IssueOfficialAccountPage({ viewer, csrf: reply.generateCsrf(), values: {} }));
  });

  app.post('/office/accounts/new', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'official_account.issue');
    const values = issueFields.parse(readForm(req, ISSUE_FIELDS, ISSUE_READ_MAX));
    const parsed = issueForm.safeParse(values);
    if (!parsed.success)
      return sendHtml(reply, 422, IssueOfficialAccountPage({ viewer, csrf: reply.generateCsrf(), values, errors: fieldErrors(parsed.error) }));
    const f = parsed.data;
    const issued = await issueAccount(deps, {
      category: f.category,
      displayName: f.display_name,
      email: f.email,
      prefectureCode: f.prefecture || null,
      issuedBy: viewer.username,
    });
    return reply.redirect(`/office/accounts/${issued.accountId}?done=issued`, 303);
  });

  // ── Setting reach (the office on any account; a prefecture on its own) ──
  const municipalities = async (req: FastifyRequest, id: string) =>
    setMunicipalities(deps, viewerOf(req).account, id, formFields(req, 'municipalities'), originOf(req));
  const delegationOf = (req: FastifyRequest) => delegationFields.parse(readForm(req, DELEGATION_FIELDS, DELEGATION_READ_MAX));
  /** `prefecture`: the delegating prefecture — the office chooses it; a prefecture delegates only its own. */
  const delegation = async (req: FastifyRequest, id: string, prefecture: string) =>
    setDelegation(deps, viewerOf(req).account, id, { prefectureCode: prefecture, action: 'registration.review' }, delegationOf(req).grant, originOf(req));
  const after = (reply: FastifyReply, r: JurisdictionResult, back: string) => {
    if (!r.ok && r.problem === 'not_found') return reply.callNotFound();
    return reply.redirect(`${back}?${r.ok ? 'done=jurisdiction' : `problem=${r.problem}`}`, 303);
  };

  app.post<{ Params: { id: string } }>('/office/accounts/:id/municipalities', signedIn, async (req, reply) => {
    authorize(viewerOf(req).account, 'office_console.view');
    return after(reply, await municipalities(req, req.params.id), `/office/accounts/${encodeURIComponent(req.params.id)}`);
  });
  app.post<{ Params: { id: string } }>('/office/accounts/:id/delegations', signedIn, async (req, reply) => {
    authorize(viewerOf(req).account, 'office_console.view');
    return after(reply, await delegation(req, req.params.id, delegationOf(req).prefecture), `/office/accounts/${encodeURIComponent(req.params.id)}`);
  });

  // ── A prefecture: its health centres and delegations ────────────────────
  app.get(PREFECTURE_STAFF_PATH, signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'prefecture_staff.view');
    const prefecture = viewer.prefecture_code!;
    const staff = reachableStaff(viewer)!;
    const centres = await listAccounts(db, staff.healthCentres);
    const codes = await municipalitiesCovered(
      db,
      centres.map((c) => c.id),
    );
    const associations = await listAccounts(db, staff.associations);
    const delegated = await delegatedAccountIds(db, prefecture, 'registration.review');
    const { done } = staffQuery.parse(req.query ?? {});
    return sendHtml(
      reply,
      200,
      PrefectureStaffPage({
        viewer,
        csrf: reply.generateCsrf(),
        centres: centres.map((account) => ({ account, municipalities: codes.get(account.id) ?? [] })),
        associations: associations.map((account) => ({ account, delegated: delegated.has(account.id) })),
        flash: done === 'jurisdiction' ? MESSAGES['jurisdiction.saved'] : undefined,
      }),
    );
  });

  app.get<{ Params: { id: string } }>(`${PREFECTURE_STAFF_PATH}/:id`, signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'prefecture_staff.view');
    const account = await findAccountIn(db, reachableStaff(viewer)!.healthCentres, req.params.id);
    if (!account) return reply.callNotFound();
    const selected = (await municipalitiesCovered(db, [account.id])).get(account.id) ?? [];
    const q = healthCentreQuery.parse(req.query ?? {});
    const flash = q.done === 'jurisdiction' ? MESSAGES['jurisdiction.municipalities.saved'] : undefined;
    const problem = q.problem && MESSAGES[JURISDICTION_PROBLEM_MESSAGES[q.problem]];
    return sendHtml(reply, 200, HealthCentrePage({ viewer, csrf: reply.generateCsrf(), account, selected, flash, problem }));
  });

  app.post<{ Params: { id: string } }>(`${PREFECTURE_STAFF_PATH}/:id/municipalities`, signedIn, async (req, reply) => {
    authorize(viewerOf(req).account, 'prefecture_staff.view');
    return after(reply, await municipalities(req, req.params.id), `${PREFECTURE_STAFF_PATH}/${encodeURIComponent(req.params.id)}`);
  });
  app.post<{ Params: { id: string } }>(`${PREFECTURE_STAFF_PATH}/:id/delegation`, signedIn, async (req, reply) => {
    authorize(viewerOf(req).account, 'prefecture_staff.view');
    return after(reply, await delegation(req, req.params.id, viewerOf(req).account.prefecture_code ?? ''), PREFECTURE_STAFF_PATH);
  });
}
