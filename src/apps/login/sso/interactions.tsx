// Med-Login's side of the provider's interactions: when an application asks Med-Login to sign a
// user in, the provider sends the browser to /interaction/:uid. A signed-in Med-Login user goes
// straight back; otherwise ログイン first. 医療情報ネット (not part of the platform) asks for consent
// once — 同意 links the account, 却下 blocks single sign-on until the office lifts it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../../db/schema.ts';
import type { Ports } from '../../../ports.ts';
import { CsrfField, Notice } from '../../../web/forms.tsx';
import { Layout } from '../../../web/layout.tsx';
import { originOf, sendHtml } from '../../../web/request.ts';
import { recordConsentRefusal, ssoAccess } from '../../../sso/access/index.ts';
import { SsoRefusal } from '../../navi/sso-refusal-page.tsx';
import { findClient, NAVI_CLIENT_ID, SCOPES, type RegisteredClient } from '../../../sso/provider/clients.ts';
import { recordConsent } from '../../../sso/provider/consents.ts';
import type { ProviderHolder } from '../../../sso/provider/provider.ts';
import { consentForm } from '../schema.ts';
import { SignInProblemPage } from './provider-pages.tsx';

/** What each scope shares, claim by claim, with the account's own values (openid shares only an
 * identifier, which is nothing the user would recognise). */
const SHARED_BY_SCOPE: Record<string, (a: Account) => Array<{ label: string; value: string }>> = {
  profile: (a) => [
    { label: '表示名', value: a.display_name },
    { label: 'ユーザ名', value: a.username },
  ],
  email: (a) => [{ label: 'メールアドレス', value: a.email }],
  gmis: (a) => [{ label: 'アカウント区分', value: a.category }, ...(a.prefecture_code ? [{ label: '都道府県コード', value: a.prefecture_code }] : [])],
};

/** What the consent screen lists for these scopes. */
export function consentItems(account: Account, scopes: readonly string[]): Array<{ label: string; value: string }> {
  return Object.entries(SHARED_BY_SCOPE).flatMap(([scope, items]) => (scopes.includes(scope) ? items(account) : []));
}

function ConsentPage(p: { csrf: string; uid: string; client: RegisteredClient; account: Account; scopes: readonly string[] }): JSX.Element {
  const name = p.client.name;
  // 医療情報ネット registers the user in its staff menu, and a refusal there is followed up by the
  // office (ssoAccess): its page says so. Any other application is named and told plainly.
  const navi = p.client.clientId === NAVI_CLIENT_ID;
  const items = consentItems(p.account, p.scopes);
  return (
    <Layout title="情報連携への同意" product="Med-Login" signedIn={{ name: p.account.display_name, csrf: p.csrf }} narrow>
      <h1 class="page-title" safe>{`${name}との情報連携`}</h1>
      <p safe>
        {navi
          ? `${name}の関係者メニューをG-MISのアカウントで使うために、次の情報を${name}に登録し、あなたのG-MISアカウントと連携します。`
          : `「${name}」が、G-MISのアカウントでのログインのために、あなたの次の情報を求めています。同意すると、この情報が「${name}」に渡ります。`}
      </p>
      {items.length ? (
        <dl class="summary-list">
          {items.map((i) => (
            <div class="summary-list__row">
              <dt safe>{i.label}</dt>
              <dd safe>{i.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>あなたを見分けるための番号のほかに、渡る情報はありません。</p>
      )}
      <p>同意した内容は、Med-Loginの「ログイン中の端末と連携アプリ」でいつでも確認・取り消しできます。</p>
      {navi ? (
        <Notice kind="warning" title="「却下」を選んだ場合">
          <p>このアカウントからのシングルサインオンは停止されます。再開するには事務局による確認が必要です。</p>
        </Notice>
      ) : (
        <p safe>{`「却下」を選ぶと、情報は渡らず、「${name}」にはログインしません。`}</p>
      )}
      <form method="post" action={`/interaction/${p.uid}/consent`} class="button-row">
        <CsrfField token={p.csrf} />
        <button class="button button--primary" type="submit" name="decision" value="approve">
          同意
        </button>
        {/* 却下 is asked first on a page of its own (RefuseConfirmPage): for 医療情報ネット it stops single sign-on until the office lifts it. */}
        <a class="button button--secondary" href={`/interaction/${p.uid}/refuse`}>
          却下
        </a>
      </form>
    </Layout>
  );
}

/** The question before 却下; the form posts the refusal, 戻る returns to the consent page. Works without JavaScript. */
function RefuseConfirmPage(p: { csrf: string; uid: string; client: RegisteredClient; account: Account }): JSX.Element {
  const name = p.client.name;
  return (
    <Layout title="情報連携の却下" product="Med-Login" signedIn={{ name: p.account.display_name, csrf: p.csrf }} narrow>
      <h1 class="page-title" safe>{`${name}との情報連携を却下しますか？`}</h1>
      {p.client.clientId === NAVI_CLIENT_ID ? (
        <Notice kind="warning" title="却下すると、次のようになります">
          <ul class="bullets">
            <li safe>{`${name}には情報が渡らず、ログインしません。`}</li>
            <li safe>{`このアカウントから${name}へのシングルサインオンが止まります。再開するには、事務局による確認が必要です。`}</li>
          </ul>
        </Notice>
      ) : (
        <p safe>{`却下すると、情報は「${name}」に渡らず、「${name}」にはログインしません。`}</p>
      )}
      <form method="post" action={`/interaction/${p.uid}/consent`} class="button-row">
        <CsrfField token={p.csrf} />
        <button class="button button--primary" type="submit" name="decision" value="reject">
          はい、却下する
        </button>
        <a class="button button--secondary" href={`/interaction/${p.uid}`}>
          戻る
        </a>
      </form>
    </Layout>
  );
}

/** The scopes a consent is asked for: those the request wants that the user has not granted yet. */
function scopesAsked(d: { params: Record<string, unknown>; prompt: { details: Record<string, unknown> } }): string[] {
  const missing = (d.prompt.details as { missingOIDCScope?: string[] }).missingOIDCScope;
  return missing?.length
    ? missing
    : SCOPES.split(' ').filter((s) =>
        String(d.params.scope ?? '')
          .split(' ')
          .includes(s),
      );
}

/** The login prompt's reasons that want the password checked now (OIDC Core 3.1.2.1). */
const PASSWORD_NOW = ['login_prompt', 'max_age'];
/** Kept in the interaction: when Med-Login first sent this request to sign in (its clock). */
const PASSWORD_ASKED = 'med_login_password_asked_at';
const passwordAskedAt = (d: { result?: Record<string, unknown> | undefined }) => {
  const at = d.result?.[PASSWORD_ASKED];
  return typeof at === 'number' ? at : undefined;
};

const InteractionExpired = () => (
  <SignInProblemPage
    title="ログインの手続きが切れました"
    lines={['時間が経ったか、別のタブで手続きが終わったため、このページは使えません。利用したいアプリケーションの画面からもう一度操作してください。']}
  />
);

export interface InteractionRoutesOptions {
  deps: Ports;
  holder: ProviderHolder;
}

/** Registered inside the Med-Login routes, so req.signedIn is the Med-Login session. */
export function interactionRoutes(app: FastifyInstance, o: InteractionRoutesOptions): void {
  const { deps, holder } = o;

  const details = async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return await holder.provider.interactionDetails(req.raw, reply.raw);
    } catch {
      return undefined;
    }
  };
  const finish = async (req: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) => {
    const to = await holder.provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: true });
    return reply.redirect(to, 303);
  };

  type Details = NonNullable<Awaited<ReturnType<typeof details>>>;
  const signInUrl = (uid: string, again: boolean) => `/login?return_to=${encodeURIComponent(`/interaction/${uid}`)}${again ? '&prompt=login' : ''}`;

  /** A provider session no Med-Login session vouches for (another account is signed in, or none)
   * ends here, so the sign-in that follows starts a fresh one instead of meeting the old one. */
  const endUnvouchedProviderSession = async (d: Details) => {
    const session = d.session?.cookie ? await holder.provider.Session.find(d.session.cookie) : undefined;
    await session?.destroy();
    d.session = undefined;
    await d.persist();
  };

  app.get<{ Params: { uid: string } }>('/interaction/:uid', async (req, reply) => {
    const d = await details(req, reply);
    if (!d || d.uid !== req.params.uid) return sendHtml(reply, 400, <InteractionExpired />);
    const signedIn = req.signedIn;
    const vouched = signedIn !== undefined && d.session?.accountId === signedIn.account.id;
    if (d.session?.accountId && !vouched) await endUnvouchedProviderSession(d);
    if (d.prompt.name === 'login' || !vouched) {
      // prompt=login and an exceeded max_age want the password now, even from a signed-in browser:
      // a sign-in made after the request first came here is that check (login rotates the session).
      // The interaction's prompt is fixed when the request arrives, so only a request that wants
      // the password now keeps the time it was first sent to sign in (a write of the interaction);
      // any other sign-in is answered by the Med-Login session alone.
      const passwordNow = PASSWORD_NOW.some((r) => d.prompt.reasons.includes(r));
      const since = passwordAskedAt(d);
      const checked = signedIn !== undefined && since !== undefined && signedIn.session.created_at >= since;
      if (!signedIn || (passwordNow && !checked)) {
        if (passwordNow && since === undefined) {
          d.result = { ...d.result, [PASSWORD_ASKED]: deps.clock.now() };
          await d.persist();
        }
        return reply.redirect(signInUrl(d.uid, signedIn !== undefined), 303);
      }
      return finish(req, reply, {
        login: { accountId: signedIn.account.id, amr: ['pwd'], ts: Math.floor(signedIn.session.created_at / 1000) },
      });
    }
    if (d.prompt.name === 'consent') {
      const clientId = String(d.params.client_id);
      const client = await findClient(deps.db, clientId);
      if (!client) return sendHtml(reply, 400, <InteractionExpired />);
      const access = await ssoAccess(deps, signedIn.account, clientId);
      if (!access.allowed) {
        return sendHtml(
          reply,
          403,
          <Layout
            title="シングルサインオンを利用できません"
            product="Med-Login"
            signedIn={{ name: signedIn.account.display_name, csrf: reply.generateCsrf() }}
            narrow
          >
            <SsoRefusal access={access} gmisUrl={deps.config.publicUrl.gmis} />
          </Layout>,
        );
      }
      return sendHtml(reply, 200, <ConsentPage csrf={reply.generateCsrf()} uid={d.uid} client={client} account={signedIn.account} scopes={scopesAsked(d)} />);
    }
    return sendHtml(reply, 400, <InteractionExpired />);
  });

  app.get<{ Params: { uid: string } }>('/interaction/:uid/refuse', async (req, reply) => {
    const d = await details(req, reply);
    const signedIn = req.signedIn;
    if (!d || d.uid !== req.params.uid || d.prompt.name !== 'consent') return sendHtml(reply, 400, <InteractionExpired />);
    if (!signedIn || d.session?.accountId !== signedIn.account.id) return reply.redirect(`/interaction/${d.uid}`, 303);
    const client = await findClient(deps.db, String(d.params.client_id));
    if (!client) return sendHtml(reply, 400, <InteractionExpired />);
    return sendHtml(reply, 200, <RefuseConfirmPage csrf={reply.generateCsrf()} uid={d.uid} client={client} account={signedIn.account} />);
  });

  app.post<{ Params: { uid: string } }>('/interaction/:uid/consent', async (req, reply) => {
    const d = await details(req, reply);
    const signedIn = req.signedIn;
    if (!d || d.uid !== req.params.uid || d.prompt.name !== 'consent') return sendHtml(reply, 400, <InteractionExpired />);
    if (!signedIn || d.session?.accountId !== signedIn.account.id) return reply.redirect(`/interaction/${d.uid}`, 303);
    const clientId = String(d.params.client_id);
    const origin = originOf(req);
    const { decision } = consentForm.parse(req.body ?? {});
    if (decision === 'reject') {
      // Only 医療情報ネット follows a refusal up (a block the office lifts); elsewhere it is just "no".
      if (clientId === NAVI_CLIENT_ID)
        await recordConsentRefusal(deps, { accountId: signedIn.account.id, clientId, ip: origin.ip, userAgent: origin.userAgent });
      return finish(req, reply, { error: 'access_denied', error_description: 'the user refused to link their account' });
    }
    if (decision !== 'approve') return reply.redirect(`/interaction/${d.uid}`, 303);
    const access = await ssoAccess(deps, signedIn.account, clientId);
    if (!access.allowed) return reply.redirect(`/interaction/${d.uid}`, 303);
    const { Grant } = holder.provider;
    const grant = d.grantId
      ? ((await Grant.find(d.grantId)) ?? new Grant({ accountId: signedIn.account.id, clientId }))
      : new Grant({ accountId: signedIn.account.id, clientId });
    const missing = d.prompt.details as { missingOIDCClaims?: string[] };
    const asked = scopesAsked(d);
    const scopes = asked.join(' ');
    grant.addOIDCScope(scopes);
    if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await recordConsent(deps, {
      accountId: signedIn.account.id,
      username: signedIn.account.username,
      clientId,
      grantId,
      scopes,
      claims: consentItems(signedIn.account, asked).map((i) => i.label),
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    return finish(req, reply, { consent: { grantId } });
  });
}
