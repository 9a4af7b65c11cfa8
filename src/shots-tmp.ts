// Temporary: screenshots of the portal pages for a visual check (deleted afterwards).
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.ts';
import { openTestDatabase } from './db/testing.ts';
import { seedDemoNotices } from './gmis/notices.ts';
import { issueAccount } from './identity/accounts/issue-account.ts';
import { testHasher } from './identity/password/hasher.ts';
import { ManualClock } from './platform/clock.ts';
import { cryptoRandom, Secrets } from './platform/secrets.ts';
import { signInByTestHeader } from './testing/gmis-viewer.ts';
import { createWebApp } from './web/app.ts';
import { gmisPortalRoutes } from './apps/gmis/portal/routes.tsx';
import { launchChromium } from '../e2e/browser.ts';

const handle = await openTestDatabase('sqlite');
const config = loadConfig({ NODE_ENV: 'test' });
const deps = { db: handle.db, dialect: handle.dialect, clock: new ManualClock(), random: cryptoRandom, secrets: new Secrets('s'.repeat(40)), hasher: testHasher(), config };
const app = await createWebApp({ part: 'gmis', product: 'G-MIS', config, secretKey: 'c'.repeat(40), logger: false });
signInByTestHeader(app, handle.db);
await app.register(gmisPortalRoutes, { deps });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
await seedDemoNotices(deps);
const { accountId } = await issueAccount(deps, { category: '病院', displayName: 'XX病院 担当者', email: 'xxx@example.jp', issuedBy: 'shots' });
await handle.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
const browser = await launchChromium();
for (const [w, h, suffix] of [[1280, 900, 'desktop'], [375, 800, 'phone']] as const) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, extraHTTPHeaders: { 'x-test-account': accountId } });
  const page = await ctx.newPage();
  for (const [name, path] of [['home', '/'], ['profile-edit', '/profile/edit'], ['notices', '/notices'], ['faq', '/faq'], ['search', '/search?q=定期報告'], ['inquiry', '/inquiry']]) {
    await page.goto(base + path);
    await page.screenshot({ path: `/tmp/gmis-shots/${name}-${suffix}.png`, fullPage: name !== 'faq' });
  }
  if (suffix === 'desktop') {
    await page.goto(base + '/profile/edit');
    await page.fill('#phone', '(03)1234');
    await page.click('button[type=submit]:has-text("保存")');
    await page.screenshot({ path: `/tmp/gmis-shots/profile-errors-${suffix}.png`, fullPage: true });
    const pub = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
    await pub.goto(base + '/');
    await pub.screenshot({ path: `/tmp/gmis-shots/public-${suffix}.png`, fullPage: true });
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  console.log(suffix, 'horizontal overflow on last page:', overflow);
  await ctx.close();
}
await browser.close();
await app.close();
await handle.close();
