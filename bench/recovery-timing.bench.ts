// `npm run bench:recovery-timing`: does 「パスワードリセット」 answer a known username measurably
// slower or faster than an unknown one? Interleaves the two in random order, one request at a time,
// through HTTP against the real platform, and reports both latency distributions and a bootstrap
// 95 % confidence interval for the difference of their medians. (A benchmark: it prints, it does
// not assert.)
import { performance } from 'node:perf_hooks';
import { issueAccount } from '../src/identity/accounts/issue-account.ts';
import { testHasher } from '../src/identity/password/hasher.ts';
import { Browser, csrfTokenIn } from '../src/testing/http-client.ts';
import { fixed, machineSummary, median, percentile, startBenchPlatform, table } from './lib.ts';

const PAIRS = Number(process.env.BENCH_PAIRS) > 0 ? Number(process.env.BENCH_PAIRS) : 600;
const USES_PER_ACCOUNT = 4; // below the per-username budget of 5 mails an hour
const log = (s = '') => process.stdout.write(`${s}\n`);

function bootstrapMedianDiff(a: number[], b: number[], rounds = 2000): [number, number] {
  const diffs: number[] = [];
  const pick = (xs: number[]) => Array.from({ length: xs.length }, () => xs[Math.floor(Math.random() * xs.length)]!);
  for (let i = 0; i < rounds; i++) diffs.push(median(pick(a)) - median(pick(b)));
  diffs.sort((x, y) => x - y);
  return [diffs[Math.floor(rounds * 0.025)]!, diffs[Math.floor(rounds * 0.975)]!];
}

async function main(): Promise<void> {
  for (const line of machineSummary()) log(line);
  // The hasher plays no part in a reset request; a cheap one keeps account setup quick.
  const platform = await startBenchPlatform({ database: 'file', hasher: testHasher(), env: { TRUST_PROXY: 'true' } });
  try {
    log(`# database: ${platform.databaseLabel}`);
    const accounts: string[] = [];
    for (let i = 0; i < Math.ceil(PAIRS / USES_PER_ACCOUNT); i++) {
      const { username } = await issueAccount(platform.rt.deps, {
        category: '病院',
        displayName: `計測病院${i} 担当者`,
        email: `timing-${i}@example.jp`,
        issuedBy: 'bench',
      });
      accounts.push(username);
    }
    await platform.worker.runOnce();

    const browser = new Browser(platform.url.login);
    const csrf = csrfTokenIn((await browser.get('/password/forgot')).body);
    let ip = 0;
    const request = async (username: string): Promise<number> => {
      ip++;
      const t0 = performance.now();
      const res = await browser.request(
        'POST',
        '/password/forgot',
        { _csrf: csrf, username },
        { 'x-forwarded-for': `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}` },
      );
      const ms = performance.now() - t0;
      if (res.status !== 303 || res.location !== '/password/forgot/sent') throw new Error(`${username}: answered ${res.status} ${res.location ?? ''}`);
      return ms;
    };

    // Warm-up, then the measured pairs in random order within each pair.
    for (let i = 0; i < 50; i++) await request(`wu${String(i).padStart(6, '0')}`);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const k = accounts[Math.floor(i / USES_PER_ACCOUNT)]!;
      const u = `zz${String(100000 + i).slice(-6)}`;
      if (Math.random() < 0.5) {
        known.push(await request(k));
        unknown.push(await request(u));
      } else {
        unknown.push(await request(u));
        known.push(await request(k));
      }
    }
    await platform.worker.runOnce();
    const mailed = (await platform.rt.deps.db.selectFrom('mail_outbox').select('id').where('kind', '=', 'recovery.link').execute()).length;

    const row = (name: string, xs: number[]) => [
      name,
      xs.length,
      fixed(percentile(xs, 10), 2),
      fixed(median(xs), 2),
      fixed(percentile(xs, 90), 2),
      fixed(percentile(xs, 99), 2),
    ];
    log(table(['username', 'requests', 'p10 ms', 'p50 ms', 'p90 ms', 'p99 ms'], [row('known', known), row('unknown', unknown)]));
    const [lo, hi] = bootstrapMedianDiff(known, unknown);
    const diff = median(known) - median(unknown);
    log(`median(known) − median(unknown) = ${fixed(diff, 3)} ms, bootstrap 95 % CI [${fixed(lo, 3)}, ${fixed(hi, 3)}] ms`);
    log(`reset mails queued by the worker: ${mailed} (one per known request; none for unknown usernames)`);
    log(lo <= 0 && hi >= 0 ? 'no measurable difference: the interval contains 0' : 'MEASURABLE DIFFERENCE: the interval excludes 0');
  } finally {
    await platform.close();
  }
}

await main();
