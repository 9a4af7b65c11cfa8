// SSO access to 医療情報ネット: what Med-Login (consent screen, OpenID provider), 医療情報ネット and
// the G-MIS pages call.
export {
  APPLICATION_PATH,
  NAVI_CLIENT_ID,
  OFFICE_QUEUE_PATH,
  ssoAccess,
  ssoStanding,
  type SsoAccess,
  type SsoAccessDeps,
  type SsoRefusalAccess,
  type SsoStanding,
} from './access.ts';
export { decideSsoApplication, submitSsoApplication } from './applications.ts';
export { liftSsoBlock, recordConsentRefusal } from './consent-refusal.ts';
