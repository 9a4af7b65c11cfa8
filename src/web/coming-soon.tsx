// The honest page for a part that is not built yet: says 準備中 and offers the way back to Med-Login.
import type { FastifyInstance } from 'fastify';
import { Notice } from './forms.tsx';
import { Layout, type LayoutProps } from './layout.tsx';
import { sendHtml } from './request.ts';

export function comingSoonHome(app: FastifyInstance, p: { product: LayoutProps['product']; heading: string; text: string; loginUrl: string }): void {
  app.get('/', (_req, reply) =>
    sendHtml(
      reply,
      200,
      <Layout title="ホーム" product={p.product}>
        <h1 class="page-title" safe>
          {p.heading}
        </h1>
        <Notice kind="info" title="準備中">
          <p safe>{p.text}</p>
        </Notice>
        <p>
          <a class="button button--primary" href={`${p.loginUrl}/`}>
            Med-Login（接続先選択）へ
          </a>
        </p>
      </Layout>,
    ),
  );
}
