// G-MIS origin. Sign-in through Med-Login (OpenID Connect) arrives with the single sign-on issue;
// until then the home page says so plainly and links to Med-Login.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { Notice } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';
import { sendHtml } from '../../web/request.ts';

export async function gmisRoutes(app: FastifyInstance, o: { config: Config }): Promise<void> {
  app.get('/', (_req, reply) =>
    sendHtml(
      reply,
      200,
      <Layout title="ホーム" product="G-MIS">
        <h1 class="page-title">G-MIS 医療機関等情報支援システム</h1>
        <Notice kind="info" title="準備中">
          <p>G-MISへのシングルサインオン（Med-Loginからのログイン）は現在準備中です。ホーム画面・ユーザ基礎情報・各種報告はこの後のリリースで利用できるようになります。</p>
        </Notice>
        <p>
          <a class="button button--primary" href={`${o.config.publicUrl.login}/`}>
            Med-Login（接続先選択）へ
          </a>
        </p>
      </Layout>,
    ),
  );
}
