// Demo data for a first start on an empty database (never in production): a hospital user, an
// office user and a prefecture reviewer (東京都), each with a welcome mail in the dev mailbox; a
// 医療情報ネット staff account with a temporary password; a few お知らせ; a few fictional
// institutions in the facility master, and one 新規ユーザ登録申請 waiting for the reviewer; the
// reporting demo (reporting/demo.ts): デモ総合病院 published from last year's 定期報告, 東京都's window open;
// and about 3,000 synthetic facilities of 東京都, 神奈川県 and 大阪府 published through the open-data import.
import fs from 'node:fs';
import { countAccounts, updateAccount } from './identity/accounts/account-repository.ts';
import { issueAccount, type IssuedAccount } from './identity/accounts/issue-account.ts';
import { seedDemoNotices } from './portal/notices.ts';
import { seedDemoNaviAccount } from './navi/index.ts';
import type { Runtime } from './runtime.ts';
import { importInstitutions } from './institutions/csv.ts';
import { findInstitutionByCode } from './institutions/repository.ts';
import { checkApplication, submitApplication } from './registration/application.ts';
import { seedDemoReporting, type DemoReporting } from './reporting/demo.ts';
import { publishDemoSnapshot } from './opendata/seed-import.ts';

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

export const DEMO_PREFECTURE_ACCOUNT = {
  category: '都道府県',
  displayName: '東京都 医療機能情報担当（デモ）',
  email: 'demo-prefecture@example.jp',
  prefectureCode: '13',
} as const;

export interface DemoData {
  hospital: IssuedAccount;
  office: IssuedAccount;
  prefecture: IssuedAccount;
  navi: { userId: string; temporaryPassword: string };
  /** デモ総合病院's accepted 定期報告 of last fiscal year and 東京都's open windows (reporting/demo.ts). */
  reporting: DemoReporting;
  /** Synthetic open data published as an import would (opendata/seed-import.ts): how many facilities. */
  openData: { facilities: number };
}

/** Seeds only when there are no accounts yet. Returns what it created. */
export async function seedDemoData(rt: Runtime): Promise<DemoData | undefined> {
  if (rt.config.production) throw new Error('demo data is never loaded in production');
  if ((await countAccounts(rt.deps.db)) > 0) return undefined;
  const hospital = await issueAccount(rt.deps, { ...DEMO_ACCOUNT, issuedBy: 'seed' });
  const office = await issueAccount(rt.deps, { ...DEMO_OFFICE_ACCOUNT, issuedBy: 'seed' });
  const navi = await seedDemoNaviAccount(rt.deps);
  const prefecture = await issueAccount(rt.deps, { ...DEMO_PREFECTURE_ACCOUNT, issuedBy: 'seed' });
  await seedDemoNotices(rt.deps);
  const hospitalInstitutionId = await seedDemoInstitutions(rt, hospital.accountId);
  const reporting = await seedDemoReporting(rt.deps, {
    hospitalInstitutionId,
    hospitalAccountId: hospital.accountId,
    prefectureAccountId: prefecture.accountId,
  });
  const openData = await publishDemoSnapshot(rt.deps);
  return { hospital, office, prefecture, navi, reporting, openData: { facilities: openData.result.facilities } };
}

/**
 * A few fictional institutions in 大阪府 and 東京都, through the same import the office uses; the demo
 * hospital account belongs to デモ総合病院, and にほんばし薬局 has applied for an account (東京都's
 * demo account finds it in its review queue).
 */
async function seedDemoInstitutions(rt: Runtime, hospitalAccountId: string): Promise<string> {
  const { db } = rt.deps;
  const bytes = fs.readFileSync(new URL('./institutions/demo-institutions.csv', import.meta.url));
  const result = await importInstitutions({ db, random: rt.deps.random, now: rt.deps.clock.now() }, bytes);
  if (!result.ok) throw new Error(`demo institutions: ${result.problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
  const hospital = await findInstitutionByCode(db, '13', 'H00001');
  if (!hospital) throw new Error('demo institutions: デモ総合病院 (13 H00001) is missing');
  await updateAccount(db, hospitalAccountId, { institution_id: hospital.id });
  const application = checkApplication({
    kind: '薬局',
    name: 'にほんばし薬局',
    name_kana: 'ニホンバシヤッキョク',
    institution_code: 'P00001',
    insurance_code: '1341000017',
    postcode: '1050001',
    prefecture_code: '13',
    municipality_code: '13103',
    address: '虎ノ門8-8',
    building: '',
    phone: '03-3000-0002',
    department: '',
    department_number: '',
    contact_name: '日本橋 薫',
    email: 'demo-pharmacy@example.jp',
    email_confirm: 'demo-pharmacy@example.jp',
  });
  if (!application.ok) throw new Error(`demo application: ${JSON.stringify(application.errors)}`);
  await submitApplication(rt.deps, application.value, { ip: '127.0.0.1', userAgent: 'seed' });
  return hospital.id;
}
