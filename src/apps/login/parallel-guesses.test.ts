// Brute force by parallel requests, over real HTTP on both engines: 150 wrong passwords for one
// account sent at once, to Med-Login's /login and to 医療情報ネット's /staff/login. The counters are
// taken before the hash is checked, so only the few guesses the delays allow are evaluated and the
// rest are refused with 429.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit } from '../../audit/audit-log.ts';
import { postgresProblem } from '../../testing/db.ts';
import { ACCOUNT_POLICY } from '../../identity/login/throttle.ts';
import { testHasher } from '../../identity/password/hasher.ts';
import { issueNaviAccount } from '../../navi/issue-account.ts';
import { ManualClock } from '../../platform/clock.ts';
import { Browser, csrfTokenIn, type Response } from '../../testing/http-client.ts';
import { accountWithPassword, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';

const GUESSES = 150;
const problem = await postgresProblem();

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && problem !== undefined && process.env.CI !== 'true' ? `PostgreSQL not reachable: ${problem}` : false;
  describe(`parallel guesses [${engine}]`, { skip }, () => {
    let platform: TestPlatform;
    before(async () => {
      platform = await startTestPlatform({ engine, clock: new ManualClock(), hasher: testHasher(), env: { TRUST_PROXY: 'true' } });
    });
    after(() => platform.close());

    /** Every browser fetches its form first; then all the POSTs go at once, each from its own address. */
    async function guessAtOnce(base: string, path: string, fields: (i: number) => Record<string, string>): Promise<Response[]> {
      const browsers = Array.from({ length: GUESSES }, () => new Browser(base));
      const tokens = await Promise.all(browsers.map(async (b) => csrfTokenIn((await b.get(path)).body)));
      return Promise.all(
        browsers.map((b, i) => b.request('POST', path, { _csrf: tokens[i]!, ...fields(i) }, { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` })),
      );
    }

    const tally = (responses: Response[]) => ({
      evaluated: responses.filter((r) => r.status === 401).length,
      refused: responses.filter((r) => r.status === 429).length,
    });

    test('Med-Login /login: most are refused with 429, only a bounded number are evaluated', async () => {
      const { username } = await accountWithPassword(platform.rt.deps, {
        category: '病院',
        displayName: '並列テスト病院',
        email: 'parallel@example.jp',
        password: 'Kx7-mountain-Lantern',
      });
      const responses = await guessAtOnce(platform.url.login, '/login', (i) => ({ username, password: `Wrong-${i}-guess` }));
      const { evaluated, refused } = tally(responses);
      assert.equal(evaluated + refused, GUESSES, `statuses: ${[...new Set(responses.map((r) => r.status))].join(',')}`);
      assert.ok(evaluated <= ACCOUNT_POLICY.freeFailures + 1, `${evaluated} guesses were evaluated`);
      assert.ok(responses.filter((r) => r.status === 429).every((r) => Number(r.headers.get('retry-after')) >= 1));
      const failed = (await listAudit(platform.rt.deps.db, { type: 'login.failed', limit: 1000 })).filter((e) => e.username === username);
      assert.equal(failed.length, evaluated);
    });

    test('医療情報ネット /staff/login: most are refused with 429, only a bounded number are evaluated', async () => {
      const issued = await issueNaviAccount(platform.rt.deps, {
        userId: 'parallel-staff01',
        displayName: '並列テスト県',
        email: 'staff@example.jp',
        issuedBy: 'test',
      });
      assert.ok(issued.ok);
      const responses = await guessAtOnce(platform.url.navi, '/staff/login', (i) => ({ user_id: 'parallel-staff01', password: `Wrong-${i}-guess` }));
      const { evaluated, refused } = tally(responses);
      assert.equal(evaluated + refused, GUESSES, `statuses: ${[...new Set(responses.map((r) => r.status))].join(',')}`);
      assert.ok(evaluated <= ACCOUNT_POLICY.freeFailures + 1, `${evaluated} guesses were evaluated`);
      const failed = (await listAudit(platform.rt.deps.db, { type: 'navi.login.failed', limit: 1000 })).filter((e) => e.username === 'parallel-staff01');
      assert.equal(failed.length, evaluated);
    });
  });
}
