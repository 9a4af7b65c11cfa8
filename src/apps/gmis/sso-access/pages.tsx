// The SSO-use pages of G-MIS: 利用申請 (the signed-in user's standing and the application form) and the
// office's queue (applications to decide, blocks to lift after a consent refusal, and the history).
import type { Account } from '../../../db/schema.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { can } from '../../../policies.ts';
import { NAVI_CLIENT_ID, OFFICE_QUEUE_PATH, type ApplicationNeed, type SsoStanding } from '../../../sso/access/access.ts';
import type { ApplicationListItem, BlockListItem, PersonSummary } from '../../../sso/access/sso-access-repository.ts';
import { CsrfField, ErrorSummary, Notice, TextAreaField, type FieldErrors } from '../../../web/forms.tsx';
import type { Flash } from '../flash.ts';
import { PortalPage } from '../portal/layout.tsx';
import { TEXT_MAX } from './schema.ts';

function When(p: { ms: number }): JSX.Element {
  return (
    <time datetime={new Date(p.ms).toISOString()} safe>
      {formatJst(p.ms)}
    </time>
  );
}

/** Text as written, line breaks kept. */
function Written(p: { text: string }): JSX.Element {
  return (
    <p class="sso-written" safe>
      {p.text}
    </p>
  );
}

// ── 利用申請 ────────────────────────────────────────────────────────────

/** Why this account must apply, in a sentence. */
const needText = (need: ApplicationNeed, a: Account): string =>
  need === 'category' ? MESSAGES['sso_application.need.category'](a.category) : MESSAGES[`sso_application.need.${need}`];

export interface ApplicationPageProps {
  csrf: string;
  viewer: Account;
  standing: SsoStanding;
  officeAddress: string;
  values?: { reason?: string };
  errors?: FieldErrors;
  /** Success message after submitting. */
  notice?: string | undefined;
  /** Why a submission was not taken (already pending, not needed …). */
  problem?: string | undefined;
}

function statusLabel(s: SsoStanding): string {
  if (s.openBlock) return MESSAGES['sso_application.standing.blocked'];
  if (s.access.allowed) return MESSAGES['sso_application.standing.allowed'];
  if (s.access.reason === 'application_pending') return MESSAGES['sso_application.standing.pending'];
  if (s.access.reason === 'application_refused') return MESSAGES['sso_application.standing.refused'];
  return MESSAGES['sso_application.standing.required'];
}

export function ApplicationPage(p: ApplicationPageProps): JSX.Element {
  const { standing: s, viewer } = p;
  const latest = s.latestApplication;
  const errors = p.errors ?? {};
  const showForm = s.applicationNeed !== undefined && (!latest || latest.status === 'refused');
  return (
    <PortalPage title="医療情報ネットの利用申請" viewer={viewer} csrf={p.csrf}>
      <h1 class="page-title">医療情報ネットの利用申請</h1>
      <p>
        G-MISのアカウントのまま医療情報ネット（関係者メニュー）へ移動する「シングルサインオン」について、このアカウントの利用状況と申請の手続きを表示しています。
      </p>
      {p.notice ? <Notice kind="success" title={p.notice} /> : ''}
      {p.problem ? <Notice kind="warning" title={p.problem} /> : ''}
      <ErrorSummary errors={errors} />

      <section class="card sso-standing" aria-labelledby="standing-title">
        <h2 class="section-title" id="standing-title">
          このアカウントの利用状況
        </h2>
        <dl class="account-summary">
          <dt>アカウント区分</dt>
          <dd>{viewer.category}</dd>
          <dt>利用申請</dt>
          <dd>{s.applicationNeed ? '必要' : '不要'}</dd>
          <dt>状況</dt>
          <dd safe>{statusLabel(s)}</dd>
        </dl>
        {s.applicationNeed ? <p safe>{needText(s.applicationNeed, viewer)}</p> : ''}
      </section>

      {s.openBlock ? (
        <Notice kind="warning" title="医療情報ネットへのシングルサインオンを停止しています">
          <p>
            <When ms={s.openBlock.refused_at} />
            に、利用者情報を医療情報ネットへ連携するかを確認する画面で「却下」が選ばれました。そのため、このアカウントからは医療情報ネットへ移動できない状態です。
          </p>
          <p>
            G-MIS事務局から、ご登録のメールアドレス（
            <span class="mono" safe>
              {viewer.email}
            </span>
            ）などの連絡先へ、同意いただけなかった理由を伺うご連絡をします。確認が済むと事務局が停止を解除し、メールでお知らせします。解除後に医療情報ネットへ移動すると、確認画面がもう一度表示されます。
          </p>
          <p>
            お急ぎの場合は、<a href="/inquiry">お問合せ</a>から、またはメール（
            <a href={`mailto:${p.officeAddress}`} class="mono" safe>
              {p.officeAddress}
            </a>
            ）で事務局へご連絡ください。
          </p>
        </Notice>
      ) : !s.applicationNeed ? (
        <Notice kind="success" title="申請は不要です">
          <p>
            このアカウントは、申請しなくても医療情報ネットへシングルサインオンできます。G-MISのホーム画面やMed-Loginの接続先選択から医療情報ネットを選んでください。
          </p>
        </Notice>
      ) : (
        ''
      )}

      {latest?.status === 'approved' && s.applicationNeed ? (
        <Notice kind="success" title="利用申請は承認済みです">
          <p>
            <When ms={latest.decided_at ?? latest.created_at} />
            に承認されました。医療情報ネットへシングルサインオンできます。
          </p>
          {latest.decision_reason ? (
            <>
              <p>事務局からの連絡事項：</p>
              <Written text={latest.decision_reason} />
            </>
          ) : (
            ''
          )}
        </Notice>
      ) : (
        ''
      )}

      {latest?.status === 'pending' ? (
        <Notice kind="info" title="申請の内容を確認しています">
          <p>
            <When ms={latest.created_at} />
            に受け付けました。事務局が確認し、結果をメールでお知らせします。確認中に新しい申請はできません。
          </p>
          <p>申請した利用目的：</p>
          <Written text={latest.reason} />
        </Notice>
      ) : (
        ''
      )}

      {latest?.status === 'refused' && s.applicationNeed ? (
        <Notice kind="error" title="前回の申請は承認されませんでした">
          <p>事務局からの理由：</p>
          <Written text={latest.decision_reason ?? ''} />
          <p>理由の点を見直して、下のフォームからもう一度申請できます。</p>
        </Notice>
      ) : (
        ''
      )}

      {showForm ? (
        <form method="post" action="/sso-application" class="card form sso-apply" novalidate>
          <CsrfField token={p.csrf} />
          <h2 class="section-title">{latest ? 'もう一度申請する' : '利用を申請する'}</h2>
          <TextAreaField
            id="reason"
            name="reason"
            label="利用目的"
            value={p.values?.reason}
            error={errors.reason}
            hint={`医療情報ネットの関係者メニューを何のために使うかを、具体的にお書きください（${TEXT_MAX}文字以内）。例：管内の医療機関の掲載内容を確認し、住民からの問い合わせに答えるため。`}
            required
            rows={6}
          />
          <button type="submit" class="button button--primary">
            申請する
          </button>
        </form>
      ) : (
        ''
      )}

      <section class="help" aria-labelledby="sso-help-title">
        <h2 class="help__title" id="sso-help-title">
          {s.applicationNeed ? '申請から利用開始まで' : 'ご参考'}
        </h2>
        {s.applicationNeed ? (
          <ol class="steps">
            <li>この画面で利用目的を入力して申請します。</li>
            <li>G-MIS事務局が内容を確認し、承認または却下の結果をメールでお知らせします。却下の場合は理由をお伝えしますので、見直してもう一度申請できます。</li>
            <li>
              承認後に医療情報ネットへ移動すると、利用者情報の連携を確認する画面が表示されます。内容を確認して「同意」を押すと利用を始められます。「却下」を選ぶと、事務局が確認するまで利用できなくなります。
            </li>
          </ol>
        ) : (
          ''
        )}
        <p>
          <a href="/faq#faq-navi-sso">医療情報ネットへの移動についてのよくある質問</a>
        </p>
        {can(viewer, 'sso_office_queue.view') ? (
          <p>
            <a href={OFFICE_QUEUE_PATH}>事務局の方：利用申請とブロックの管理へ</a>
          </p>
        ) : (
          ''
        )}
      </section>
    </PortalPage>
  );
}

// ── 事務局: 医療情報ネット SSO の管理 ──────────────────────────────────────

/** An item whose form was sent back with messages, so it shows them and keeps what was typed. */
export interface FailedItem {
  kind: 'application' | 'block';
  id: string;
  /** Keyed by the field's element id on the page (e.g. reason-<id>). */
  errors: FieldErrors;
  values: Record<string, string>;
}

export interface OfficeQueuePageProps {
  csrf: string;
  viewer: Account;
  pending: ApplicationListItem[];
  openBlocks: BlockListItem[];
  decided: ApplicationListItem[];
  lifted: BlockListItem[];
  flash?: Flash | undefined;
  failed?: FailedItem | undefined;
}

function Person(p: { person: PersonSummary }): JSX.Element {
  return (
    <>
      <dt>区分</dt>
      <dd>{p.person.category}</dd>
      <dt>ユーザ名</dt>
      <dd class="mono" safe>
        {p.person.username}
      </dd>
      <dt>メールアドレス</dt>
      <dd>
        <a class="mono" href={`mailto:${p.person.email}`} safe>
          {p.person.email}
        </a>
      </dd>
    </>
  );
}

const clientName = (clientId: string) => (clientId === NAVI_CLIENT_ID ? '医療情報ネット' : clientId);

function PendingApplication(p: { item: ApplicationListItem; viewer: Account; csrf: string; failed: FailedItem | undefined }): JSX.Element {
  const { item } = p;
  const failed = p.failed?.kind === 'application' && p.failed.id === item.id ? p.failed : undefined;
  const headingId = `application-${item.id}`;
  return (
    <li>
      <article class="card sso-queue__item" aria-labelledby={headingId}>
        <h3 class="sso-queue__title" id={headingId} safe>
          {item.applicant.displayName}
        </h3>
        <dl class="account-summary">
          <Person person={item.applicant} />
          <dt>申請日時</dt>
          <dd>
            <When ms={item.created_at} />
          </dd>
        </dl>
        <p class="sso-queue__label">利用目的</p>
        <Written text={item.reason} />
        {can(p.viewer, 'sso_application.decide', { accountId: item.account_id }) ? (
          <form method="post" action={`${OFFICE_QUEUE_PATH}/applications/${encodeURIComponent(item.id)}`} class="form" novalidate>
            <CsrfField token={p.csrf} />
            <TextAreaField
              id={`reason-${item.id}`}
              name="reason"
              label="理由・連絡事項"
              value={failed?.values.reason}
              error={failed?.errors[`reason-${item.id}`]}
              hint={`却下する場合は必須です。書いた内容は、結果のメールでそのまま申請者に届きます（${TEXT_MAX}文字以内）。`}
              rows={3}
            />
            <div class="actions sso-queue__actions" id={`decision-${item.id}`} tabindex="-1">
              {failed?.errors[`decision-${item.id}`] ? (
                <p class="field__error" safe>
                  {failed.errors[`decision-${item.id}`]}
                </p>
              ) : (
                ''
              )}
              <button type="submit" name="decision" value="approve" class="button button--primary">
                承認する
              </button>
              <button type="submit" name="decision" value="refuse" class="button button--secondary">
                却下する
              </button>
            </div>
          </form>
        ) : (
          <p class="muted">ご自身の申請は、ほかの事務局の担当者が処理します。</p>
        )}
      </article>
    </li>
  );
}

function OpenBlock(p: { item: BlockListItem; viewer: Account; csrf: string; failed: FailedItem | undefined }): JSX.Element {
  const { item } = p;
  const failed = p.failed?.kind === 'block' && p.failed.id === item.id ? p.failed : undefined;
  const headingId = `block-${item.id}`;
  return (
    <li>
      <article class="card sso-queue__item" aria-labelledby={headingId}>
        <h3 class="sso-queue__title" id={headingId} safe>
          {item.person.displayName}
        </h3>
        <dl class="account-summary">
          <Person person={item.person} />
          <dt>「却下」した日時</dt>
          <dd>
            <When ms={item.refused_at} />
          </dd>
          <dt>接続先</dt>
          <dd safe>{clientName(item.client_id)}</dd>
          <dt>接続元</dt>
          <dd class="muted" safe>
            {`${item.ip} ／ ${item.user_agent}`}
          </dd>
        </dl>
        {can(p.viewer, 'sso_block.lift', { accountId: item.account_id }) ? (
          <form method="post" action={`${OFFICE_QUEUE_PATH}/blocks/${encodeURIComponent(item.id)}/lift`} class="form" novalidate>
            <CsrfField token={p.csrf} />
            <TextAreaField
              id={`note-${item.id}`}
              name="note"
              label="利用者から伺った理由"
              value={failed?.values.note}
              error={failed?.errors[`note-${item.id}`]}
              hint={`利用者に連絡して、同意いただけなかった理由を伺ってから記録してください（${TEXT_MAX}文字以内）。解除すると、利用者にメールでお知らせします。`}
              required
              rows={3}
            />
            <button type="submit" class="button button--primary">
              ブロックを解除
            </button>
          </form>
        ) : (
          <p class="muted">ご自身のブロックは、ほかの事務局の担当者が解除します。</p>
        )}
      </article>
    </li>
  );
}

export function OfficeQueuePage(p: OfficeQueuePageProps): JSX.Element {
  return (
    <PortalPage title="医療情報ネット SSOの管理" viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title">医療情報ネット SSOの管理</h1>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      <ErrorSummary errors={p.failed?.errors ?? {}} />

      <section class="sso-queue" aria-labelledby="pending-title">
        <h2 class="section-title" id="pending-title">
          確認待ちの利用申請（{p.pending.length}件）
        </h2>
        {p.pending.length === 0 ? (
          <p>確認待ちの利用申請はありません。</p>
        ) : (
          <ul class="sso-queue__list">
            {p.pending.map((item) => (
              <PendingApplication item={item} viewer={p.viewer} csrf={p.csrf} failed={p.failed} />
            ))}
          </ul>
        )}
      </section>

      <section class="sso-queue" aria-labelledby="blocks-title">
        <h2 class="section-title" id="blocks-title">
          連携の確認画面で「却下」した利用者（{p.openBlocks.length}件）
        </h2>
        <p>
          次の利用者は、医療情報ネットへのシングルサインオンが止まっています。連絡して同意いただけなかった理由を伺い、記録してからブロックを解除してください。
        </p>
        {p.openBlocks.length === 0 ? (
          <p>停止中の利用者はいません。</p>
        ) : (
          <ul class="sso-queue__list">
            {p.openBlocks.map((item) => (
              <OpenBlock item={item} viewer={p.viewer} csrf={p.csrf} failed={p.failed} />
            ))}
          </ul>
        )}
      </section>

      <section class="sso-queue" aria-labelledby="history-title">
        <h2 class="section-title" id="history-title">
          処理済み（新しい順）
        </h2>
        <h3 class="sso-queue__subtitle">利用申請</h3>
        {p.decided.length === 0 ? (
          <p>処理済みの利用申請はまだありません。</p>
        ) : (
          <div class="sso-table-scroll" role="region" aria-label="処理済みの利用申請" tabindex="0">
            <table class="sso-table">
              <caption class="visually-hidden">処理済みの利用申請</caption>
              <thead>
                <tr>
                  <th scope="col">処理日時</th>
                  <th scope="col">申請者</th>
                  <th scope="col">結果</th>
                  <th scope="col">理由・連絡事項</th>
                  <th scope="col">処理者</th>
                  <th scope="col">申請日時</th>
                </tr>
              </thead>
              <tbody>
                {p.decided.map((a) => (
                  <tr>
                    <td>{a.decided_at !== null ? <When ms={a.decided_at} /> : ''}</td>
                    <td>
                      <span safe>{a.applicant.displayName}</span>
                      <br />
                      <span class="mono muted" safe>{`${a.applicant.username}（${a.applicant.category}）`}</span>
                    </td>
                    <td>{a.status === 'approved' ? '承認' : '却下'}</td>
                    <td class="sso-written" safe>
                      {a.decision_reason ?? ''}
                    </td>
                    <td safe>{a.deciderName ?? ''}</td>
                    <td>
                      <When ms={a.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3 class="sso-queue__subtitle">ブロックの解除</h3>
        {p.lifted.length === 0 ? (
          <p>解除したブロックはまだありません。</p>
        ) : (
          <div class="sso-table-scroll" role="region" aria-label="解除したブロック" tabindex="0">
            <table class="sso-table">
              <caption class="visually-hidden">解除したブロック</caption>
              <thead>
                <tr>
                  <th scope="col">解除日時</th>
                  <th scope="col">利用者</th>
                  <th scope="col">伺った理由</th>
                  <th scope="col">解除した担当者</th>
                  <th scope="col">「却下」した日時</th>
                </tr>
              </thead>
              <tbody>
                {p.lifted.map((b) => (
                  <tr>
                    <td>{b.lifted_at !== null ? <When ms={b.lifted_at} /> : ''}</td>
                    <td>
                      <span safe>{b.person.displayName}</span>
                      <br />
                      <span class="mono muted" safe>{`${b.person.username}（${b.person.category}）`}</span>
                    </td>
                    <td class="sso-written" safe>
                      {b.office_note ?? ''}
                    </td>
                    <td safe>{b.lifterName ?? ''}</td>
                    <td>
                      <When ms={b.refused_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </PortalPage>
  );
}
