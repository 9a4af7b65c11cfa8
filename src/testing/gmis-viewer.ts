// Test wiring for G-MIS page plugins before (or without) single sign-on: a preHandler that signs the
// request in as the account named by the x-test-account header. Used only by tests that mount a
// plugin on its own; the product's G-MIS app sets req.gmisViewer from its real session.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/dialect.ts';
import { Browser, type Response } from './http-client.ts';
import type { TestPlatform } from './platform.ts';
import { gmisSessions } from '../identity/sessions/session-store.ts';
import { GMIS_SESSION_COOKIE } from '../apps/gmis/sso-routes.tsx';

export function signInByTestHeader(app: FastifyInstance, db: Db): void {
  app.decorateRequest('gmisViewer', undefined);
  app.addHook('preHandler', async (req) => {
    const id = req.headers['x-test-account'];
    if (typeof id !== 'string') return;
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (account) req.gmisViewer = { account, sessionId: `test-${id}` };
  });
}

/** A browser signed in as `accountId` through signInByTestHeader (every request carries the header). */
export class ViewerBrowser extends Browser {
  constructor(
    base: string,
    readonly accountId: string,
  ) {
    super(base);
  }
  override request(method: 'GET' | 'POST', path: string, form?: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Response> {
    return super.request(method, path, form, { 'x-test-account': this.accountId, ...headers });
  }
}

/**
 * A browser of the real G-MIS origin signed in as `accountId`: a real G-MIS session (as single
 * sign-on would leave), its cookie set, without walking the sign-in.
 */
export async function gmisBrowserAs(platform: TestPlatform, accountId: string): Promise<Browser> {
  const deps = platform.rt.deps;
  const browser = new Browser(platform.url.gmis);
  const token = await gmisSessions.open(deps.db, deps, accountId, { ip: '127.0.0.1', userAgent: 'test' }, { oidc_sid: null, oidc_id_token: 'not-used' });
  browser.cookies.set(GMIS_SESSION_COOKIE(deps.config.production), token);
  return browser;
}
