// The applications shown on 接続先選択: the registered OIDC clients, in their configured order.
// Each tile opens the application, which signs the user in through Med-Login (single sign-on);
// whether the account may use it is decided there (e.g. 医療情報ネット asks for consent first).
import type { Db } from '../../db/dialect.ts';
import type { Account } from '../../db/schema.ts';
import { listClients } from '../../sso/provider/clients.ts';

export interface Application {
  id: string;
  name: string;
  description: string;
  url: string;
}

export async function applicationsFor(db: Db, _account: Account): Promise<Application[]> {
  return (await listClients(db)).map((c) => ({ id: c.clientId, name: c.name, description: c.description, url: c.homeUrl }));
}
