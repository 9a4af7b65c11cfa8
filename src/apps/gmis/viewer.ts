// Who is signed in to G-MIS. The G-MIS session (from single sign-on through Med-Login) sets
// req.gmisViewer in a preHandler on every G-MIS route; pages read it and never look at cookies.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../db/schema.ts';
import { authorize, type Action, type SubjectArgument } from '../../policies.ts';

export interface GmisViewer {
  account: Account;
  /** The G-MIS session's id (its keyed hash), for audit and for ending it. */
  sessionId: string;
  /** The ID token the session began with (the hint for signing out of Med-Login), if any. */
  idToken?: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    gmisViewer: GmisViewer | undefined;
  }
}

/** preHandler for pages that need a signed-in user: otherwise starts sign-in through Med-Login and
 * comes back to the same page. */
export async function requireGmisViewer(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.gmisViewer) return;
  const back = req.method === 'GET' ? req.url : '/';
  await reply.redirect(`/login?return_to=${encodeURIComponent(back)}`, 303);
}

/** The viewer on a route guarded by requireGmisViewer. */
export function viewerOf(req: FastifyRequest): GmisViewer {
  if (!req.gmisViewer) throw new Error('route needs requireGmisViewer');
  return req.gmisViewer;
}

/** Route options for pages only those who may do `action` open: signed in (requireGmisViewer), then
 * asked of the policies (Forbidden, the 403 page, otherwise). */
export function signedInFor<A extends Action>(action: A, ...subject: SubjectArgument<A>) {
  return {
    preHandler: [
      requireGmisViewer,
      async (req: FastifyRequest) => {
        authorize(viewerOf(req).account, action, ...subject);
      },
    ],
  };
}
