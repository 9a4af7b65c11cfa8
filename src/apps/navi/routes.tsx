// 医療情報ネット origin. The public search and the 関係者メニュー arrive with later issues; until
// then the page says so plainly.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { Notice } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';
import { sendHtml } from '../../web/request.ts';

export async function naviRoutes(app: FastifyInstance, o: { config: Config }): Promise<void> {
  app.get('/', (_req, reply) =>
    sendHtml(
      reply,
      200,
      <Layout title="トップ" product="医療情報ネット">
        <h1 class="page-title">医療情報ネット（ナビイ）</h1>
        <Notice kind="info" title="準備中">
          <p>全国の病院・診療所・歯科診療所・助産所・薬局の検索と、関係者ログインは現在準備中です。</p>
        </Notice>
        <p>
          <a class="button button--secondary" href={`${o.config.publicUrl.login}/`}>
            Med-Login（接続先選択）へ
          </a>
        </p>
      </Layout>,
    ),
  );
}
