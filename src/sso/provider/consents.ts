// Consents users gave to applications that are not part of the platform (医療情報ネット's staff
// menu registers the user's information, so it asks first). A consent outlives sign-outs; the user
// sees and revokes it on 「ログイン中の端末と連携アプリ」.
import type { Db } from '../../db/dialect.ts';
import type { Ports } from '../../ports.ts';
import { sortableId } from '../../platform/secrets.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import {
  activeConsentRow,
  consentRowsOf,
  insertConsent,
  markConsentRevoked,
  ownActiveConsentRow,
  revokeConsentsTo,
  type ConsentRow,
} from './consent-repository.ts';

export interface Consent {
  id: string;
  clientId: string;
  grantId: string;
  scopes: string;
  claims: string[];
  grantedAt: number;
  revokedAt: number | null;
}

const fromRow = (r: ConsentRow): Consent => ({
  id: r.id,
  clientId: r.client_id,
  grantId: r.grant_id,
  scopes: r.scopes,
  claims: JSON.parse(r.claims) as string[],
  grantedAt: r.granted_at,
  revokedAt: r.revoked_at,
});

export async function activeConsent(db: Db, accountId: string, clientId: string): Promise<Consent | undefined> {
  const row = await activeConsentRow(db, accountId, clientId);
  return row && fromRow(row);
}

export async function listConsents(db: Db, accountId: string): Promise<Consent[]> {
  return (await consentRowsOf(db, accountId)).map(fromRow);
}

export async function recordConsent(
  deps: Pick<Ports, 'db' | 'clock' | 'random'>,
  p: { accountId: string; username: string; clientId: string; grantId: string; scopes: string; claims: string[]; ip: string; userAgent: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await revokeConsentsTo(trx, p.accountId, p.clientId, now);
    await insertConsent(trx, {
      id: sortableId(now, deps.random),
      account_id: p.accountId,
      client_id: p.clientId,
      grant_id: p.grantId,
      scopes: p.scopes,
      claims: JSON.stringify(p.claims),
      granted_at: now,
      revoked_at: null,
    });
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
  deps: Pick<Ports, 'db' | 'clock'>,
  p: { accountId: string; username: string; consentId: string; ip: string; userAgent: string },
): Promise<Consent | undefined> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await ownActiveConsentRow(trx, p.accountId, p.consentId);
    if (!row) return undefined;
    await markConsentRevoked(trx, row.id, now);
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
