// Consents users gave to applications that are not part of the platform (医療情報ネット's staff
// menu registers the user's information, so it asks first). A consent outlives sign-outs; the user
// sees and revokes it on 「ログイン中の端末と連携アプリ」.
import type { Db } from '../../db/dialect.ts';
import type { IdentityDeps } from '../../identity/deps.ts';
import { sortableId } from '../../platform/secrets.ts';
import { recordAudit } from '../../audit/audit-log.ts';

export interface Consent {
  id: string;
  clientId: string;
  grantId: string;
  scopes: string;
  claims: string[];
  grantedAt: number;
  revokedAt: number | null;
}

type Row = { id: string; client_id: string; grant_id: string; scopes: string; claims: string; granted_at: number; revoked_at: number | null };
const fromRow = (r: Row): Consent => ({
  id: r.id,
  clientId: r.client_id,
  grantId: r.grant_id,
  scopes: r.scopes,
  claims: JSON.parse(r.claims) as string[],
  grantedAt: r.granted_at,
  revokedAt: r.revoked_at,
});

export async function activeConsent(db: Db, accountId: string, clientId: string): Promise<Consent | undefined> {
  const row = await db
    .selectFrom('oidc_consents')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at', 'desc')
    .executeTakeFirst();
  return row && fromRow(row);
}

export async function listConsents(db: Db, accountId: string): Promise<Consent[]> {
  const rows = await db.selectFrom('oidc_consents').selectAll().where('account_id', '=', accountId).orderBy('granted_at', 'desc').execute();
  return rows.map(fromRow);
}

export async function recordConsent(
  deps: Pick<IdentityDeps, 'db' | 'clock' | 'random'>,
  p: { accountId: string; username: string; clientId: string; grantId: string; scopes: string; claims: string[]; ip: string; userAgent: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('oidc_consents')
      .set({ revoked_at: now })
      .where('account_id', '=', p.accountId)
      .where('client_id', '=', p.clientId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .insertInto('oidc_consents')
      .values({
        id: sortableId(now, deps.random),
        account_id: p.accountId,
        client_id: p.clientId,
        grant_id: p.grantId,
        scopes: p.scopes,
        claims: JSON.stringify(p.claims),
        granted_at: now,
        revoked_at: null,
      })
      .execute();
    await recordAudit(trx, deps.clock, {
      type: 'sso.consent.granted',
      accountId: p.accountId,
      username: p.username,
      origin: { ip: p.ip, userAgent: p.userAgent },
      details: { clientId: p.clientId, scopes: p.scopes },
    });
  });
}

/** Revokes a consent of this account (and only of this account). Returns it, or undefined. */
export async function revokeConsent(
  deps: Pick<IdentityDeps, 'db' | 'clock'>,
  p: { accountId: string; username: string; consentId: string; ip: string; userAgent: string },
): Promise<Consent | undefined> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('oidc_consents')
      .selectAll()
      .where('id', '=', p.consentId)
      .where('account_id', '=', p.accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    await trx.updateTable('oidc_consents').set({ revoked_at: now }).where('id', '=', row.id).execute();
    await recordAudit(trx, deps.clock, {
      type: 'sso.consent.revoked',
      accountId: p.accountId,
      username: p.username,
      origin: { ip: p.ip, userAgent: p.userAgent },
      details: { clientId: row.client_id },
    });
    return fromRow({ ...row, revoked_at: now });
  });
}
