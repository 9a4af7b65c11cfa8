// The applications shown on 接続先選択: the registered OIDC clients, in their configured order.
// Each tile opens the application, which signs the user in through Med-Login (single sign-on);
// whether the account may use it is decided there (e.g. 医療情報ネット asks for consent first).
import type { Db } from '../../db/dialect.ts';
import type { Account } from '../../db/schema.ts';
import { CLIENT_CACHE_MS } from '../../sso/provider/adapter.ts';
import { listClients } from '../../sso/provider/clients.ts';

export interface Application {
  id: string;
  name: string;
  description: string;
  url: string;
}

/** The list is read at most once per CLIENT_CACHE_MS per database, as the provider reads clients:
 * every sign-in shows the chooser, and the clients change only by the CLI. */
const cache = new WeakMap<Db, { applications: Promise<Application[]>; until: number }>();

export async function applicationsFor(db: Db, _account: Account): Promise<Application[]> {
  const now = performance.now();
  let entry = cache.get(db);
  if (!entry || entry.until <= now) {
    const applications = listClients(db).then((clients) => clients.map((c) => ({ id: c.clientId, name: c.name, description: c.description, url: c.homeUrl })));
    const fresh = { applications, until: now + CLIENT_CACHE_MS };
    cache.set(db, fresh);
    applications.catch(() => cache.get(db) === fresh && cache.delete(db)); // a failed read is not kept
    entry = fresh;
  }
  return entry.applications;
}
