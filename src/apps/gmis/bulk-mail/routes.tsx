// G-MIS routes of 一括メール配信: the sender's campaigns, compose → confirm (the count, a preview for
// one recipient) → send (one campaign per form, whatever is pressed twice) → the campaign's progress
// and result. Thin: who is signed in → actor → policy (bulk_mail.*) → the bulk-mail domain → render
// or redirect. A campaign out of reach answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  campaignProgress,
  campaignRecipients,
  composeProblems,
  describeFilter,
  mailFor,
  ownCampaigns,
  resolveRecipients,
  sendCampaign,
} from '../../../bulk-mail/bulk-mail.ts';
import { municipalitiesOf, municipality, PREFECTURE_CODES, prefectureName } from '../../../institutions/places.ts';
import type { Ports } from '../../../ports.ts';
import { actorOf, authorize, placeScope, type Actor } from '../../../policies.ts';
import { fiscalYearOf } from '../../../reporting/fiscal-year.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { originOf, sendHtml } from '../../../web/request.ts';
import { fieldErrors, readForm } from '../portal/schema.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { BULK_MAIL_PATH, CampaignListPage, CampaignPage, ComposePage, ConfirmPage, type FilterChoices } from './pages.tsx';
import { COMPOSE_FIELDS, COMPOSE_READ_MAX, composeFields, composeForm, filterOf, resultQuery, type ComposeValues } from './schema.ts';

const PAGE_SIZE = 100;
const PREVIEW_CHOICES = 50;

/** The filter's choices within the actor's reach: the office picks a prefecture; staff their municipalities. */
function choicesFor(actor: Actor, thisYear: number): FilterChoices {
  const scope = placeScope(actor, 'bulk_mail.send');
  const years = [thisYear - 1, thisYear, thisYear + 1];
  if (scope.all) return { years, prefectures: PREFECTURE_CODES.map((code) => ({ code, name: prefectureName(code) ?? code })), municipalities: [] };
  const codes = [...scope.prefectures.flatMap((p) => municipalitiesOf(p).map((m) => m.code)), ...scope.municipalities.map((m) => m.municipalityCode)];
  return { years, prefectures: [], municipalities: [...new Set(codes)].map((code) => ({ code, name: municipality(code)?.name ?? code })) };
}

export async function gmisBulkMailRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const signedIn = { preHandler: requireGmisViewer };
  const actorFor = async (req: FastifyRequest) => {
    const actor = await actorOf(db, viewerOf(req).account);
    authorize(actor, 'bulk_mail.use');
    return actor;
  };
  const thisYear = () => fiscalYearOf(deps.clock.now());

  const compose = (reply: FastifyReply, actor: Actor, status: number, values: ComposeValues, errors?: FieldErrors) =>
    sendHtml(reply, status, ComposePage({ viewer: actor, csrf: reply.generateCsrf(), values, errors, choices: choicesFor(actor, thisYear()) }));

  /** The posted form checked: its values as typed, and the accepted form or the field messages. */
  const checked = (req: FastifyRequest) => {
    const values = composeFields.parse(readForm(req, COMPOSE_FIELDS, COMPOSE_READ_MAX));
    const parsed = composeForm(thisYear()).safeParse(values);
    return { values, parsed };
  };

  app.get(BULK_MAIL_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    return sendHtml(reply, 200, CampaignListPage({ viewer: actor, csrf: reply.generateCsrf(), campaigns: await ownCampaigns(deps, actor) }));
  });

  app.get(`${BULK_MAIL_PATH}/new`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    const values: ComposeValues = {
      subject: '',
      body: '',
      fiscal_year: String(thisYear()),
      report_kind: 'annual',
      status: 'not_reported',
      prefecture: '',
      municipality: '',
      institution_kind: '',
      key: deps.random
        .token()
        .replace(/[^A-Za-z0-9_-]/g, '')
        .slice(0, 32),
      preview: '',
    };
    return compose(reply, actor, 200, values);
  });

  // 内容を直す: back to the form with what was typed (and the same key).
  app.post(`${BULK_MAIL_PATH}/edit`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    return compose(reply, actor, 200, checked(req).values);
  });

  app.post(`${BULK_MAIL_PATH}/confirm`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    const { values, parsed } = checked(req);
    if (!parsed.success) return compose(reply, actor, 422, values, fieldErrors(parsed.error));
    const filter = filterOf(parsed.data);
    const { recipients, bounced } = await resolveRecipients(deps, actor, filter);
    if (recipients.length === 0) return compose(reply, actor, 422, values, { status: '条件に合う宛先がありません。条件を変えてください。' });
    const chosen = recipients.find((r) => r.candidate.account_id === parsed.data.preview) ?? recipients[0]!;
    const mail = mailFor(deps, parsed.data, chosen.values);
    return sendHtml(
      reply,
      200,
      ConfirmPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        values,
        count: recipients.length,
        bounced,
        filterLabel: describeFilter(filter),
        preview: { accountId: chosen.candidate.account_id, to: chosen.candidate.email, institution: chosen.candidate.institution_name, ...mail },
        previewChoices: recipients.slice(0, PREVIEW_CHOICES).map((r) => ({
          accountId: r.candidate.account_id,
          label: `${r.candidate.institution_name}（${r.candidate.username}）`,
        })),
      }),
    );
  });

  app.post(`${BULK_MAIL_PATH}/send`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    const { values, parsed } = checked(req);
    if (!parsed.success) return compose(reply, actor, 422, values, fieldErrors(parsed.error));
    const problems = composeProblems(parsed.data);
    if (Object.keys(problems).length) return compose(reply, actor, 422, values, problems);
    const r = await sendCampaign(deps, actor, { ...parsed.data, filter: filterOf(parsed.data), idempotencyKey: parsed.data.key }, originOf(req));
    if (!r.ok) return compose(reply, actor, 422, values, { status: '条件に合う宛先がありません。条件を変えてください。' });
    return reply.redirect(`${BULK_MAIL_PATH}/${encodeURIComponent(r.campaignId)}?done=${r.created ? 'sent' : 'again'}`, 303);
  });

  app.get<{ Params: { id: string } }>(`${BULK_MAIL_PATH}/:id`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    const progress = await campaignProgress(deps, actor, req.params.id);
    if (!progress) return reply.callNotFound();
    const q = resultQuery.parse(req.query ?? {});
    const page = await campaignRecipients(deps, actor, req.params.id, { status: q.status, limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
    const flash =
      q.done === 'sent'
        ? '送信を受け付けました。送信の状況はこの画面で確認できます。'
        : q.done === 'again'
          ? 'このメールはすでに送信を受け付けています（二重には送りません）。'
          : undefined;
    return sendHtml(
      reply,
      200,
      CampaignPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        progress,
        rows: page?.rows ?? [],
        total: page?.total ?? 0,
        page: q.page,
        pageSize: PAGE_SIZE,
        status: q.status,
        flash,
      }),
    );
  });
}
