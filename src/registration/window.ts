// When the public 新規ユーザ登録申請 form takes applications. The office opens and closes it (e.g.
// "reopens 11/13 9:00"); while it is closed the form says when it opens next, if that is known.
import { recordAudit, type AuditEntry, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import { readSetting, writeSetting } from '../db/settings-repository.ts';
import type { Ports } from '../ports.ts';
import { authorize, type Actor } from '../policies.ts';

const KEY = 'registration.window';

/** Open from `opensAt` (null: already) until `closesAt` (null: no end). Nothing stored: open. */
export interface FormWindow {
  opensAt: number | null;
  closesAt: number | null;
}

export type WindowState = { open: true; closesAt: number | null } | { open: false; opensAt: number | null };

export const ALWAYS_OPEN: FormWindow = { opensAt: null, closesAt: null };

export async function readWindow(db: Db): Promise<FormWindow> {
  const stored = await readSetting(db, KEY);
  if (stored === undefined) return ALWAYS_OPEN;
  const v = JSON.parse(stored) as Partial<FormWindow>;
  return { opensAt: typeof v.opensAt === 'number' ? v.opensAt : null, closesAt: typeof v.closesAt === 'number' ? v.closesAt : null };
}

export async function writeWindow(db: Db, window: FormWindow): Promise<void> {
  await writeSetting(db, KEY, JSON.stringify(window));
}

/** The office sets the window; the change is audited in the same transaction. */
export async function setRegistrationWindow(deps: Pick<Ports, 'db' | 'clock'>, actor: Actor, window: FormWindow, origin: RequestOrigin): Promise<void> {
  authorize(actor, 'registration_window.set');
  await saveWindow(deps, window, { type: 'registration.window_set', accountId: actor.id, username: actor.username, origin, details: { ...window } });
}

/** The operator sets the window from the command line (`gmis registration open|close`): audited as by the CLI. */
export async function setRegistrationWindowFromCli(deps: Pick<Ports, 'db' | 'clock'>, window: FormWindow): Promise<void> {
  await saveWindow(deps, window, { type: 'registration.window_set', details: { ...window, by: 'cli' } });
}

async function saveWindow(deps: Pick<Ports, 'db' | 'clock'>, window: FormWindow, audit: AuditEntry): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await writeWindow(trx, window);
    await recordAudit(trx, deps.clock, audit);
  });
}

export function windowState(w: FormWindow, now: number): WindowState {
  const started = w.opensAt === null || w.opensAt <= now;
  const ended = w.closesAt !== null && w.closesAt <= now;
  if (started && !ended) return { open: true, closesAt: w.closesAt };
  // Closed: it opens again at opensAt if that is still ahead (and before any end).
  const next = w.opensAt !== null && w.opensAt > now && (w.closesAt === null || w.closesAt > w.opensAt) ? w.opensAt : null;
  return { open: false, opensAt: next };
}

/** Closed now; opens again at `reopensAt` when given. */
export const closedWindow = (now: number, reopensAt: number | null): FormWindow =>
  reopensAt !== null && reopensAt > now ? { opensAt: reopensAt, closesAt: null } : { opensAt: null, closesAt: now };
