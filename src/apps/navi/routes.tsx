// 医療情報ネット origin. The public search and the 関係者メニュー arrive with later issues; until
// then the page says so plainly.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { comingSoonHome } from '../../web/coming-soon.tsx';

export async function naviRoutes(app: FastifyInstance, o: { config: Config }): Promise<void> {
  comingSoonHome(app, {
    product: '医療情報ネット',
    heading: '医療情報ネット（ナビイ）',
    text: '全国の病院・診療所・歯科診療所・助産所・薬局の検索と、関係者ログインは現在準備中です。',
    loginUrl: o.config.publicUrl.login,
  });
}
