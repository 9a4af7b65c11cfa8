// RP-initiated logout: where an application sends the browser after ending its own session, so that
// Med-Login (the OpenID provider) ends the single sign-on session too and tells the other
// applications (back-channel logout).
import type { Config } from '../config.ts';

export const OIDC_PATH = '/oidc';

export function endSessionUrl(config: Config, p: { clientId: string; idToken?: string | null; postLogoutRedirectUri: string }): string {
  const url = new URL(`${config.publicUrl.login}${OIDC_PATH}/session/end`);
  url.searchParams.set('client_id', p.clientId);
  if (p.idToken) url.searchParams.set('id_token_hint', p.idToken);
  url.searchParams.set('post_logout_redirect_uri', p.postLogoutRedirectUri);
  return url.toString();
}
