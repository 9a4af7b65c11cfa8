// パスワードの再設定 for 医療情報ネット staff accounts: the one recovery flow (identity/recovery) with
// this strategy — accounts by ユーザーID, links to 医療情報ネット, the staff password stored. An account
// that signs in through Med-Login gets, instead of a link, a mail saying to reset the password there
// (see state.mermaid).
import { findNaviAccountByUserId, NAVI_USER_ID_MAX_LENGTH, normaliseNaviUserId, signsInThroughMedLogin } from './accounts.ts';
import { naviMailContext } from './deps.ts';
import { naviRecoveryMail, naviUseMedLoginMail } from './mail.ts';
import { naviRecipient, storeNewPassword } from './password.ts';
import { openNaviSession } from './sessions.ts';
import { recoveryFlow } from '../identity/recovery/recovery.ts';

export const naviRecovery = recoveryFlow<'navi_recovery'>({
  purpose: 'navi_recovery',
  job: 'navi.recovery.send',
  budget: 'navi-recovery',
  requestedAudit: 'navi.recovery.requested',
  audit: 'navi.recovery.completed',
  normalise: (typed) => normaliseNaviUserId(typed).slice(0, NAVI_USER_ID_MAX_LENGTH),
  find: findNaviAccountByUserId,
  nameOf: (account) => account.user_id,
  refusal: (account) =>
    account.state !== 'active'
      ? { reason: 'account_disabled' }
      : signsInThroughMedLogin(account)
        ? {
            reason: 'signs_in_through_med_login',
            instead: (deps, a) =>
              naviUseMedLoginMail(naviMailContext(deps.config), { ...naviRecipient(a), medLoginUrl: `${deps.config.publicUrl.login}/password/forgot` }),
          }
        : undefined,
  linkMail: (deps, account, raw, expiresAt) =>
    naviRecoveryMail(naviMailContext(deps.config), { ...naviRecipient(account), link: `${deps.config.publicUrl.navi}/staff/password/reset/${raw}`, expiresAt }),
  // Every session ends, the owner is told by mail, and this browser signs in.
  async store(trx, deps, account, hash, origin) {
    await storeNewPassword(trx, deps, account, hash, 'password_reset');
    const sessionToken = await openNaviSession(trx, deps, { naviAccountId: account.id, method: 'local', ...origin });
    return { sessionToken, account: { ...account, password_hash: hash, must_change_password: 0 } };
  },
});

export const NAVI_RECOVERY_JOB = naviRecovery.strategy.job;
export const sendNaviRecoveryLink = naviRecovery.send;
