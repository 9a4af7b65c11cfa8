// G-MIS origin. Sign-in through Med-Login (OpenID Connect) arrives with the single sign-on issue;
// until then the home page says so plainly and links to Med-Login.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { comingSoonHome } from '../../web/coming-soon.tsx';

export async function gmisRoutes(app: FastifyInstance, o: { config: Config }): Promise<void> {
  comingSoonHome(app, {
    product: 'G-MIS',
    heading: 'G-MIS 医療機関等情報支援システム',
    text: 'G-MISへのシングルサインオン（Med-Loginからのログイン）は現在準備中です。ホーム画面・ユーザ基礎情報・各種報告はこの後のリリースで利用できるようになります。',
    loginUrl: o.config.publicUrl.login,
  });
}
