// Demo data for a first start on an empty database (never in production): a hospital user and an
// office user (each with a welcome mail in the dev mailbox), a 医療情報ネット staff account with a
// temporary password, a few お知らせ, and a few fictional institutions in the facility master.
import fs from 'node:fs';
import { countAccounts } from './identity/accounts/account-repository.ts';
import { issueAccount, type IssuedAccount } from './identity/accounts/issue-account.ts';
import { seedDemoNotices } from './gmis/notices.ts';
import { seedDemoNaviAccount } from './navi/index.ts';
import type { Runtime } from './runtime.ts';
import { importInstitutions } from './institutions/csv.ts';

export const DEMO_ACCOUNT = {
  category: '病院',
  displayName: 'デモ総合病院 担当者',
  email: 'demo-hospital@example.jp',
  prefectureCode: '13',
} as const;

export const DEMO_OFFICE_ACCOUNT = {
  category: '事務局',
  displayName: 'G-MIS事務局 デモ担当',
  email: 'demo-office@example.jp',
} as const;

export interface DemoData {
  hospital: IssuedAccount;
  office: IssuedAccount;
  navi: { userId: string; temporaryPassword: string };
}

/** Seeds only when there are no accounts yet. Returns what it created. */
export async function seedDemoData(rt: Runtime): Promise<DemoData | undefined> {
  if (rt.config.production) throw new Error('demo data is never loaded in production');
  if ((await countAccounts(rt.deps.db)) > 0) return undefined;
  const hospital = await issueAccount(rt.deps, { ...DEMO_ACCOUNT, issuedBy: 'seed' });
  const office = await issueAccount(rt.deps, { ...DEMO_OFFICE_ACCOUNT, issuedBy: 'seed' });
  const navi = await seedDemoNaviAccount(rt.deps);
  await seedDemoNotices(rt.deps);
  await seedDemoInstitutions(rt);
  return { hospital, office, navi };
}

/** A few fictional institutions in 大阪府 and 東京都, through the same import the office uses. */
async function seedDemoInstitutions(rt: Runtime): Promise<void> {
  const bytes = fs.readFileSync(new URL('./institutions/demo-institutions.csv', import.meta.url));
  const result = await importInstitutions({ db: rt.deps.db, random: rt.deps.random, now: rt.deps.clock.now() }, bytes);
  if (!result.ok) throw new Error(`demo institutions: ${result.problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
}
