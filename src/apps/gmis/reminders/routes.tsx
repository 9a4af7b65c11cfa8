// G-MIS routes of 報告のリマインダー: the page (a prefecture's setting, preview, next sends and
// history; the office's overview of every prefecture) and its one form, which saves or, with
// action=preview, shows the mail as typed without saving. Thin: actor → policy → reminders → render.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Ports } from '../../../ports.ts';
import { actorOf, authorize, can, type Actor } from '../../../policies.ts';
import { fiscalYearOf } from '../../../reporting/fiscal-year.ts';
import { listPeriods } from '../../../reporting/periods.ts';
import {
  everyReminderSetting,
  previewReminder,
  reminderHistory,
  reminderSettingsOf,
  saveReminderSettings,
  upcomingReminders,
} from '../../../reminders/reminders.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { originOf, sendHtml } from '../../../web/request.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { REMINDERS_PATH, RemindersPage, type ReminderPreview } from './pages.tsx';
import { parseReminderForm, readReminderForm, type ReminderFormValues } from './schema.ts';

export async function gmisReminderRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const signedIn = { preHandler: requireGmisViewer };

  /** The prefecture the actor sets reminders for, if any. */
  const ownPrefecture = (actor: Actor) =>
    actor.prefecture_code !== null && can(actor, 'reminder_settings.set', { prefectureCode: actor.prefecture_code }) ? actor.prefecture_code : undefined;

  const page = async (
    reply: FastifyReply,
    actor: Actor,
    status: number,
    extra: { values?: ReminderFormValues; errors?: FieldErrors; preview?: ReminderPreview; saved?: boolean } = {},
  ) => {
    const own = ownPrefecture(actor);
    if (!own) {
      return sendHtml(
        reply,
        status,
        RemindersPage({
          viewer: actor,
          csrf: reply.generateCsrf(),
          prefectureCode: undefined,
          values: { enabled: '', days_before: [], subject: '', body: '' },
          schedule: [],
          hasWindows: true,
          history: await reminderHistory(db, { limit: 100 }),
          settings: await everyReminderSetting(db),
        }),
      );
    }
    const saved = await reminderSettingsOf(db, own);
    const values = extra.values ?? {
      enabled: saved.enabled ? '1' : '',
      days_before: saved.daysBefore.map(String),
      subject: saved.subject,
      body: saved.body,
    };
    return sendHtml(
      reply,
      status,
      RemindersPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        prefectureCode: own,
        values,
        errors: extra.errors,
        saved: extra.saved ?? false,
        preview: extra.preview,
        schedule: await upcomingReminders(deps, own, saved.daysBefore),
        hasWindows: (await listPeriods(db, { prefectureCode: own, fiscalYear: fiscalYearOf(deps.clock.now()) })).length > 0,
        history: await reminderHistory(db, { prefectureCode: own }),
      }),
    );
  };

  app.get(REMINDERS_PATH, signedIn, async (req, reply) => {
    const actor = await actorOf(db, viewerOf(req).account);
    authorize(actor, 'reminder_settings.view');
    const done = (req.query as Record<string, unknown> | undefined)?.done;
    return page(reply, actor, 200, { saved: done === 'saved' });
  });

  app.post(REMINDERS_PATH, signedIn, async (req, reply) => {
    const actor = await actorOf(db, viewerOf(req).account);
    const prefectureCode = actor.prefecture_code ?? '';
    authorize(actor, 'reminder_settings.set', { prefectureCode });
    const { values, action } = readReminderForm(req);
    const parsed = parseReminderForm(values);
    if (!parsed.ok) return page(reply, actor, 422, { values, errors: parsed.errors });
    if (action === 'preview') {
      const preview = await previewReminder(deps, prefectureCode, parsed.settings, parsed.settings.daysBefore);
      return page(reply, actor, 200, { values, preview });
    }
    const r = await saveReminderSettings(deps, actor, prefectureCode, parsed.settings, originOf(req));
    if (!r.ok) return page(reply, actor, 422, { values, errors: r.problems });
    return reply.redirect(`${REMINDERS_PATH}?done=saved`, 303);
  });
}
