// The applications shown on 接続先選択. From configuration for now; registered OIDC clients take
// this over with single sign-on.
import type { Config } from '../../config.ts';
import type { Account } from '../../db/schema.ts';

export interface Application {
  id: 'gmis' | 'navi';
  name: string;
  description: string;
  url: string;
}

export function applicationsFor(config: Config, _account: Account): Application[] {
  return [
    {
      id: 'gmis',
      name: 'G-MIS',
      description: '医療機関等情報支援システム。医療機能情報・薬局機能情報の報告、調査への回答、お知らせの確認はこちら。',
      url: `${config.publicUrl.gmis}/`,
    },
    {
      id: 'navi',
      name: '医療情報ネット',
      description: '全国の医療機関・薬局の検索サイト（ナビイ）の関係者メニュー。',
      url: `${config.publicUrl.navi}/`,
    },
  ];
}
