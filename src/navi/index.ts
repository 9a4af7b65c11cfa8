// What other parts call on 医療情報ネット staff accounts and sessions (the SSO callback, back-channel
// logout, the demo seed). Everything else in src/navi/ is used by src/apps/navi/ only.
export { createNaviSession, endNaviSessionsByOidcSid, NaviAccountUnavailableError, type NewNaviSession } from './sessions.ts';
export { NAVI_SESSION_COOKIE, NAVI_SESSION_COOKIE_PRODUCTION, naviSessionCookieName, setNaviSessionCookie, clearNaviSessionCookie } from './session-cookie.ts';
export { linkNaviAccountForGmis } from './link-gmis.ts';
export { seedDemoNaviAccount } from './issue-account.ts';
export { NAVI_RECOVERY_JOB, sendNaviRecoveryLink } from './recovery.ts';
