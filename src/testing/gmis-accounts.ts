// Test fixtures of G-MIS users: an account issued the ordinary way and made active (as after its first
// password), optionally with a browser signed in to G-MIS as it (gmisBrowserAs: through Med-Login);
// and a 新規ユーザ登録申請 of a clinic in 大阪市北区, valid as the public form would send it.
import assert from 'node:assert/strict';
import type { AccountCategory } from '../db/schema.ts';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import type { Ports } from '../ports.ts';
import { checkApplication, submitApplication, type ApplicationValues } from '../registration/application.ts';
import { gmisBrowserAs } from './gmis-viewer.ts';
import type { Browser } from './http-client.ts';
import type { TestPlatform } from './platform.ts';

let serial = 0;

/** Who a test account is: its prefecture, its display name (「<name> 担当」, or `displayName` as given) and address (fresh unless given). */
export interface GmisAccountOptions {
  prefectureCode?: string | null;
  name?: string;
  displayName?: string;
  email?: string;
}

/** An active account of `category`. Returns its id. */
export async function activeGmisAccount(deps: Ports, category: AccountCategory, o: GmisAccountOptions = {}): Promise<string> {
  serial++;
  const { accountId } = await issueAccount(deps, {
    category,
    displayName: o.displayName ?? `${o.name ?? category} 担当`,
    email: o.email ?? `gmis-${serial}-${Math.random().toString(36).slice(2, 8)}@example.jp`,
    prefectureCode: o.prefectureCode ?? null,
    issuedBy: 'test',
  });
  await activateAccount(deps, accountId);
  return accountId;
}

/** Makes an account issued elsewhere (by the office's form, say) active, as its first password would. */
export async function activateAccount(deps: Ports, accountId: string): Promise<void> {
  await deps.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
}

/** An active account of `category` and a browser signed in to G-MIS as it. */
export async function signedInGmisAccount(
  platform: TestPlatform,
  category: AccountCategory,
  o: GmisAccountOptions = {},
): Promise<{ id: string; browser: Browser }> {
  const id = await activeGmisAccount(platform.rt.deps, category, o);
  return { id, browser: await gmisBrowserAs(platform, id) };
}

/** A 新規ユーザ登録申請 of a clinic in 大阪府 大阪市北区 (27127) that checkApplication accepts. */
export const CLINIC_APPLICATION: ApplicationValues = {
  kind: '診療所',
  name: '梅田テストクリニック',
  name_kana: 'ウメダテストクリニック',
  institution_code: 'T1',
  insurance_code: '',
  postcode: '5300001',
  prefecture_code: '27',
  municipality_code: '27127',
  address: '梅田1',
  building: '',
  phone: '06-1234-5678',
  department: '',
  department_number: '',
  contact_name: '梅田 太郎',
  email: 'umeda-clinic@example.jp',
  email_confirm: 'umeda-clinic@example.jp',
};

/** Submits CLINIC_APPLICATION with `changes` (email_confirm follows email) from `ip`, as the public form would. Returns its id. */
export async function submittedApplication(deps: Ports, changes: Partial<ApplicationValues> = {}, ip = '192.0.2.50'): Promise<string> {
  const values = { ...CLINIC_APPLICATION, ...changes };
  if (changes.email !== undefined && changes.email_confirm === undefined) values.email_confirm = changes.email;
  const checked = checkApplication(values);
  assert.ok(checked.ok, JSON.stringify(checked));
  const submitted = await submitApplication(deps, checked.value, { ip, userAgent: 'test' });
  assert.ok(submitted.ok, JSON.stringify(submitted));
  return submitted.id;
}
