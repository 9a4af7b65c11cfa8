// 医療情報ネット's ご意見 and 満足度調査 forms and the thank-you page, in Japanese and English. A field's
// problem arrives as a message id: Japanese from the message catalogue, English from the words here.
import type { Children } from '@kitajs/html';
import { FEEDBACK_LIMITS, FEEDBACK_TOPICS, FOUND_ANSWERS, SATISFACTION_LEVELS, type FeedbackTopic } from '../../navi/feedback.ts';
import type { NaviFeedbackFound } from '../../db/schema.ts';
import { MESSAGES, type MessageId } from '../../platform/messages/index.ts';
import { CsrfField, ErrorSummary, Notice, SelectField, TextAreaField, TextField, type FieldErrors } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';
import type { Lang, TextSize } from './preferences.ts';

type Problem = Extract<MessageId, `feedback.${string}`>;

const PROBLEMS_EN: Record<Problem, string> = {
  'feedback.body.required': 'Please write your feedback.',
  'feedback.body.too_long': `Please keep your feedback to ${FEEDBACK_LIMITS.body} characters or fewer.`,
  'feedback.topic.unknown': 'Please choose the topic from the list.',
  'feedback.contact_name.too_long': `Please keep your name to ${FEEDBACK_LIMITS.contactName} characters or fewer.`,
  'feedback.contact_email.invalid': 'This does not look like an e-mail address. Please check the parts before and after “@” (e.g. hanako@example.jp).',
  'feedback.contact_email.too_long': `Please keep the e-mail address to ${FEEDBACK_LIMITS.contactEmail} characters or fewer.`,
  'feedback.satisfaction.required': 'Please choose one of the five answers.',
  'feedback.found.required': 'Please say whether you found what you were looking for.',
  'feedback.comment.too_long': `Please keep your comment to ${FEEDBACK_LIMITS.comment} characters or fewer.`,
  'feedback.rate_limited': 'We have received many messages from your network in a short time. Please try again a little later.',
};

/** A problem in the page's language. */
export const problemText = (id: Problem, lang: Lang): string => (lang === 'en' ? PROBLEMS_EN[id] : MESSAGES[id]);

export const FEEDBACK_WORDS = {
  ja: {
    summary: '入力内容を確認してください',
    required: '※必須',
    optional: '任意',
    send: '送信する',
    opinionTitle: 'ご意見',
    opinionLead:
      '医療情報ネットの使いやすさや、あったらよい機能などについて、ご意見をお寄せください。いただいたご意見は、サイトをよくするために事務局が読みます。',
    opinionNotes: [
      '一つひとつのご意見にお返事することはできません。',
      '医療機関・薬局の情報の誤りは、その医療機関・薬局か、所在地の都道府県にお知らせください。',
      '病気やけがの相談にはお答えできません。急ぐときは、#7119（救急安心センター）や医療機関に電話してください。',
    ],
    topic: 'ご意見の種類',
    topicPlaceholder: '選ばなくてもかまいません',
    topics: { search: '検索について', facility: '医療機関・薬局の情報について', usability: '画面の見やすさ・使いやすさについて', other: 'その他' } as Record<
      FeedbackTopic,
      string
    >,
    body: 'ご意見',
    bodyHint: `${FEEDBACK_LIMITS.body}文字以内。お名前や病気のことなど、個人の情報は書かないでください。`,
    contactName: 'お名前',
    contactNameHint: '任意。内容を確かめるために、事務局からご連絡することがあります。',
    contactEmail: 'メールアドレス',
    contactEmailHint: '任意。ご連絡してもよい場合だけ入力してください。',
    surveyTitle: '満足度調査',
    surveyLead: '医療情報ネットを使ってみていかがでしたか。3つの質問にお答えください（1分ほどで終わります）。',
    satisfaction: '医療情報ネットの満足度を教えてください',
    levels: { 5: '満足', 4: 'やや満足', 3: 'どちらともいえない', 2: 'やや不満', 1: '不満' } as Record<(typeof SATISFACTION_LEVELS)[number], string>,
    found: '探していた情報は見つかりましたか',
    founds: { yes: '見つかった', partly: '一部見つかった', no: '見つからなかった' } as Record<NaviFeedbackFound, string>,
    comment: 'ご感想・見つからなかった情報',
    commentHint: `任意。${FEEDBACK_LIMITS.comment}文字以内。個人の情報は書かないでください。`,
    thanksTitle: 'ありがとうございました',
    thanksOpinion: 'ご意見を受け付けました。サイトをよくするために役立てます。',
    thanksSurvey: '満足度調査へのご回答を受け付けました。サイトをよくするために役立てます。',
    home: 'トップページへ戻る',
    other: { opinion: '満足度調査にも答える', survey: 'ご意見を書く' },
    notSent: '送信できませんでした',
  },
  en: {
    summary: 'Please check what you entered',
    required: 'Required',
    optional: 'Optional',
    send: 'Send',
    opinionTitle: 'Feedback',
    opinionLead: 'Tell us what would make this site easier to use, or what you would like it to do. The office reads every message to improve the site.',
    opinionNotes: [
      'We cannot reply to each message.',
      'If the information about a facility is wrong, please tell the facility or its prefecture.',
      'We cannot answer questions about illness or injury. If it is urgent, call #7119 or a medical facility.',
    ],
    topic: 'Topic',
    topicPlaceholder: 'You need not choose one',
    topics: { search: 'Searching', facility: 'Information about a facility', usability: 'Reading and using the pages', other: 'Other' } as Record<
      FeedbackTopic,
      string
    >,
    body: 'Your feedback',
    bodyHint: `Up to ${FEEDBACK_LIMITS.body} characters. Please do not write personal details such as names or illnesses.`,
    contactName: 'Your name',
    contactNameHint: 'Optional. The office may contact you to understand your message.',
    contactEmail: 'E-mail address',
    contactEmailHint: 'Optional. Only if you are happy to be contacted.',
    surveyTitle: 'Satisfaction survey',
    surveyLead: 'How was this site for you? Please answer three questions (about a minute).',
    satisfaction: 'How satisfied are you with this site?',
    levels: { 5: 'Satisfied', 4: 'Somewhat satisfied', 3: 'Neither', 2: 'Somewhat dissatisfied', 1: 'Dissatisfied' } as Record<
      (typeof SATISFACTION_LEVELS)[number],
      string
    >,
    found: 'Did you find what you were looking for?',
    founds: { yes: 'Yes', partly: 'Partly', no: 'No' } as Record<NaviFeedbackFound, string>,
    comment: 'Comments, or what you could not find',
    commentHint: `Optional. Up to ${FEEDBACK_LIMITS.comment} characters. Please do not write personal details.`,
    thanksTitle: 'Thank you',
    thanksOpinion: 'We have received your feedback and will use it to improve the site.',
    thanksSurvey: 'We have received your answers and will use them to improve the site.',
    home: 'Back to the top page',
    other: { opinion: 'Answer the satisfaction survey too', survey: 'Write feedback' },
    notSent: 'Your message was not sent',
  },
} as const;

interface FrameProps {
  lang: Lang;
  textSize: TextSize;
  path: string;
}

const withLang = (path: string, lang: Lang) => (lang === 'en' ? `${path}?lang=en` : path);

/** A group of radio buttons under one question (a fieldset), its message tied to it; the first button's id is the field's name, for the summary's link. */
function RadioGroup(p: {
  name: string;
  legend: string;
  options: Array<{ value: string; label: string }>;
  value: string;
  error?: string | undefined;
  required: string;
}): JSX.Element {
  const errorId = `${p.name}-error`;
  return (
    <fieldset class={p.error ? 'choice-list choice-list--error field--error' : 'choice-list'} aria-describedby={p.error ? errorId : undefined}>
      <legend>
        <span safe>{p.legend}</span>{' '}
        <span class="field__required" aria-hidden="true" safe>
          {p.required}
        </span>
      </legend>
      {p.error ? (
        <p class="field__error" id={errorId} safe>
          {p.error}
        </p>
      ) : (
        ''
      )}
      <div class="choice-list__options">
        {p.options.map((o, i) => (
          <label class="choice-list__option">
            <input type="radio" name={p.name} id={i === 0 ? p.name : `${p.name}-${o.value}`} value={o.value} checked={o.value === p.value} required />
            <span safe>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const errorsIn = (problems: Partial<Record<string, Problem>>, lang: Lang): FieldErrors =>
  Object.fromEntries(Object.entries(problems).map(([field, id]) => [field, id ? problemText(id, lang) : undefined]));

/**
 * The page of either form: the title, the lead and any notes, the refusal
 * (too many sent) if any, the summary of the fields' messages, then the POST form with its CSRF field,
 * the fields given and the send button.
 */
function FeedbackFormPage(
  p: FrameProps & {
    title: string;
    lead: string;
    notes?: readonly string[];
    action: string;
    csrf: string;
    errors: FieldErrors;
    refused: Problem | undefined;
    children: Children;
  },
): JSX.Element {
  const w = FEEDBACK_WORDS[p.lang];
  return (
    <Layout title={p.title} product="医療情報ネット" navi={{ lang: p.lang, textSize: p.textSize, path: p.path }}>
      <h1 class="page-title" safe>
        {p.title}
      </h1>
      <p safe>{p.lead}</p>
      {p.notes ? (
        <ul class="muted">
          {p.notes.map((n) => (
            <li safe>{n}</li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {p.refused ? (
        <Notice kind="error" title={w.notSent}>
          <p safe>{problemText(p.refused, p.lang)}</p>
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={p.errors} title={w.summary} />
      <form method="post" action={withLang(p.action, p.lang)} class="card form" novalidate>
        <CsrfField token={p.csrf} />
        {p.children}
        <button type="submit" class="button button--primary">
          {w.send}
        </button>
      </form>
    </Layout>
  );
}

type FormProps<V> = FrameProps & { csrf: string; values: V; problems?: Partial<Record<string, Problem>>; refused?: Problem };

export type OpinionValues = { topic: string; body: string; contact_name: string; contact_email: string };

export function OpinionPage(p: FormProps<OpinionValues>): JSX.Element {
  const w = FEEDBACK_WORDS[p.lang];
  const e = errorsIn(p.problems ?? {}, p.lang);
  const v = p.values;
  return (
    <FeedbackFormPage
      lang={p.lang}
      textSize={p.textSize}
      path={p.path}
      csrf={p.csrf}
      title={w.opinionTitle}
      lead={w.opinionLead}
      notes={w.opinionNotes}
      action="/feedback"
      errors={e}
      refused={p.refused}
    >
      <SelectField
        name="topic"
        label={w.topic}
        placeholder={w.topicPlaceholder}
        options={FEEDBACK_TOPICS.map((t) => ({ value: t, label: w.topics[t] }))}
        value={v.topic}
        error={e.topic}
      />
      <TextAreaField
        name="body"
        label={w.body}
        value={v.body}
        error={e.body}
        hint={w.bodyHint}
        required
        requiredMark={w.required}
        rows={8}
        maxlength={FEEDBACK_LIMITS.body * 2}
      />
      <TextField name="contact_name" label={w.contactName} value={v.contact_name} error={e.contact_name} hint={w.contactNameHint} autocomplete="name" />
      <TextField
        name="contact_email"
        label={w.contactEmail}
        type="email"
        value={v.contact_email}
        error={e.contact_email}
        hint={w.contactEmailHint}
        autocomplete="email"
        inputmode="email"
        maxlength={FEEDBACK_LIMITS.contactEmail}
      />
    </FeedbackFormPage>
  );
}

export type SurveyValues = { satisfaction: string; found: string; comment: string };

export function SurveyPage(p: FormProps<SurveyValues>): JSX.Element {
  const w = FEEDBACK_WORDS[p.lang];
  const e = errorsIn(p.problems ?? {}, p.lang);
  const v = p.values;
  return (
    <FeedbackFormPage
      lang={p.lang}
      textSize={p.textSize}
      path={p.path}
      csrf={p.csrf}
      title={w.surveyTitle}
      lead={w.surveyLead}
      action="/survey"
      errors={e}
      refused={p.refused}
    >
      <RadioGroup
        name="satisfaction"
        legend={w.satisfaction}
        required={w.required}
        options={SATISFACTION_LEVELS.map((l) => ({ value: String(l), label: w.levels[l] }))}
        value={v.satisfaction}
        error={e.satisfaction}
      />
      <RadioGroup
        name="found"
        legend={w.found}
        required={w.required}
        options={FOUND_ANSWERS.map((f) => ({ value: f, label: w.founds[f] }))}
        value={v.found}
        error={e.found}
      />
      <TextAreaField
        name="comment"
        label={w.comment}
        value={v.comment}
        error={e.comment}
        hint={w.commentHint}
        rows={5}
        maxlength={FEEDBACK_LIMITS.comment * 2}
      />
    </FeedbackFormPage>
  );
}

export function FeedbackThanksPage(p: FrameProps & { kind: 'opinion' | 'survey' }): JSX.Element {
  const w = FEEDBACK_WORDS[p.lang];
  return (
    <Layout title={w.thanksTitle} product="医療情報ネット" navi={{ lang: p.lang, textSize: p.textSize, path: p.path }}>
      <h1 class="page-title">{w.thanksTitle}</h1>
      <Notice kind="success">
        <p>{p.kind === 'opinion' ? w.thanksOpinion : w.thanksSurvey}</p>
      </Notice>
      <p class="actions actions--tight">
        <a class="button button--primary" href={withLang('/', p.lang)}>
          {w.home}
        </a>
        <a class="button button--secondary" href={withLang(p.kind === 'opinion' ? '/survey' : '/feedback', p.lang)}>
          {w.other[p.kind]}
        </a>
      </p>
    </Layout>
  );
}
