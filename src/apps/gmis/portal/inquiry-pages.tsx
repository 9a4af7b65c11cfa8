// お問合せ: the form (分類, 件名, 内容, 連絡先) with the account's recent inquiries, and the page
// that shows the reference number after sending.
import type { Account, GmisInquiry, GmisInquiryAnswer } from '../../../db/schema.ts';
import { INQUIRY_CATEGORIES, INQUIRY_STATUS_LABELS } from '../../../portal/inquiries.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import { CsrfField, ErrorSummary, Notice, SelectField, TextAreaField, TextField, type FieldErrors } from '../../../web/forms.tsx';
import { PortalPage } from './layout.tsx';
import { BODY_MAX, SUBJECT_MAX, type INQUIRY_FIELDS } from './schema.ts';

export type InquiryFormValues = Record<(typeof INQUIRY_FIELDS)[number], string>;

export function InquiryPage(p: {
  viewer: Account;
  csrf: string;
  values: InquiryFormValues;
  errors?: FieldErrors;
  problem?: string | undefined;
  recent: GmisInquiry[];
  faqHref: string;
}): JSX.Element {
  const e = p.errors ?? {};
  const v = p.values;
  return (
    <PortalPage title="お問合せ" viewer={p.viewer} csrf={p.csrf} current="inquiry">
      <h1 class="page-title">お問合せ</h1>
      <p>
        G-MISの操作や報告について、事務局にお問い合わせいただけます。送信する前に、<a href={p.faqHref}>よくある質問（FAQ）</a>
        に同じ内容がないかもご確認ください。
      </p>
      <p class="muted">ユーザ名が分からない場合は、事務局ではお答えできません。管轄の都道府県（または保健所）の担当窓口にお問い合わせください。</p>
      {p.problem ? (
        <Notice kind="error" title="送信できませんでした">
          <p safe>{p.problem}</p>
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={e} />
      <form method="post" action="/inquiry" class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <SelectField name="category" label="分類" options={INQUIRY_CATEGORIES} value={v.category} error={e.category} required />
        <TextField name="subject" label="件名" value={v.subject} error={e.subject} required maxlength={SUBJECT_MAX * 2} hint={`${SUBJECT_MAX}文字以内`} />
        <TextAreaField
          name="body"
          label="内容"
          value={v.body}
          error={e.body}
          hint={`画面の名前、押したボタン、表示されたメッセージなどを書いていただくと、回答が早くなります（${BODY_MAX}文字以内）。パスワードは書かないでください。`}
          required
          rows={8}
          maxlength={BODY_MAX * 2}
        />
        <TextField
          name="contact_email"
          label="連絡先メールアドレス"
          type="email"
          value={v.contact_email}
          error={e.contact_email}
          required
          autocomplete="email"
          inputmode="email"
          maxlength={254}
          hint="回答と受付の確認メールをこのアドレスにお送りします。"
        />
        <TextField
          name="contact_phone"
          label="電話番号"
          type="tel"
          value={v.contact_phone}
          error={e.contact_phone}
          autocomplete="tel"
          inputmode="tel"
          maxlength={30}
          hint="任意。お電話で確認させていただくことがあります（例：03-1234-5678）。"
        />
        <button type="submit" class="button button--primary">
          送信する
        </button>
      </form>
      {p.recent.length > 0 ? (
        <section aria-labelledby="recent-inquiries">
          <h2 class="section-title" id="recent-inquiries">
            これまでのお問合せ
          </h2>
          <ul class="link-list">
            {p.recent.map((q) => (
              <li>
                <a href={`/inquiry/${q.reference}`}>
                  <span class="mono" safe>
                    {q.reference}
                  </span>{' '}
                  <span safe>{q.subject}</span>
                </a>{' '}
                <span class="muted" safe>
                  {formatJst(q.created_at)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </PortalPage>
  );
}

export function InquiryDonePage(p: { viewer: Account; csrf: string; inquiry: GmisInquiry; answers?: GmisInquiryAnswer[] }): JSX.Element {
  const q = p.inquiry;
  const answers = p.answers ?? [];
  // Once the office has answered, the page says so; 「受け付けました」 is only for before that.
  const heading = answers.length ? '事務局から回答しました' : 'お問合せを受け付けました';
  return (
    <PortalPage title={heading} viewer={p.viewer} csrf={p.csrf} current="inquiry">
      <h1 class="page-title">{heading}</h1>
      <Notice kind="success" title={`${heading}。`}>
        <p>
          受付番号は{' '}
          <strong class="reference mono" safe>
            {q.reference}
          </strong>{' '}
          です。同じ件でご連絡いただくときは、この番号をお書き添えください。
        </p>
        {answers.length ? (
          <p>下の「事務局からの回答」をご覧ください。回答は、お問合せの連絡先にメールでもお送りしました。</p>
        ) : (
          <p>
            <span class="mono" safe>
              {q.contact_email}
            </span>{' '}
            に受付の確認メールをお送りしました。事務局から、このアドレスに回答します。
          </p>
        )}
      </Notice>
      <h2 class="section-title">送信した内容</h2>
      <dl class="summary-list summary-list--wide card">
        <dt>受付日時</dt>
        <dd safe>{formatJst(q.created_at)}</dd>
        <dt>分類</dt>
        <dd safe>{q.category}</dd>
        <dt>件名</dt>
        <dd safe>{q.subject}</dd>
        <dt>内容</dt>
        <dd class="preserve-lines" safe>
          {q.body}
        </dd>
        <dt>連絡先</dt>
        <dd>
          <span class="mono" safe>
            {q.contact_email}
          </span>
          {q.contact_phone ? (
            <>
              {' / '}
              <span class="mono" safe>
                {q.contact_phone}
              </span>
            </>
          ) : (
            ''
          )}
        </dd>
      </dl>
      <h2 class="section-title">事務局からの回答</h2>
      <p safe>{`対応の状況：${INQUIRY_STATUS_LABELS[q.status]}`}</p>
      {answers.length === 0 ? (
        <p class="muted">まだ回答はありません。回答はメールでお送りし、このページにも表示します。</p>
      ) : (
        answers.map((a) => (
          <article class="card">
            <p class="notice-list__meta" safe>
              {`${formatJst(a.answered_at)} 事務局から（${a.sent_to} にメールでお送りしました）`}
            </p>
            <p class="preserve-lines" safe>
              {a.body}
            </p>
          </article>
        ))
      )}
      <p class="actions actions--tight">
        <a class="button button--secondary" href="/">
          ホームへ戻る
        </a>
        <a class="button button--ghost" href="/inquiry">
          別のお問合せをする
        </a>
      </p>
    </PortalPage>
  );
}
