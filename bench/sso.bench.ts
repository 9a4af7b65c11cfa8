// npm run bench:sso — complete single sign-ons per second beside the raw password-hashing rate, and
// the server time of an SSO hop for a user already signed in to Med-Login.
//
// (a) raw: argon2id verifications per second (the product's hasher), 16 in flight.
// (b) SSO sign-in: 16 virtual users, each a fresh browser: G-MIS /login → Med-Login authorization →
//     interaction → ログイン form → POST /login (argon2id) → resume → code at G-MIS /callback →
//     token + userinfo (G-MIS → Med-Login, server to server) → G-MIS home (200, naming the user).
// (c) hop: a user signed in to Med-Login but not to G-MIS follows the G-MIS tile (chooser → G-MIS
//     home: authorization, interaction, resume, callback with token and userinfo, home), one at a
//     time; the median of the whole chain's time is the server time of the hop (loopback).
// Goals: b ≥ 45 per second per core, b/a ≥ 0.8, median hop ≤ 30 ms. A benchmark: exits 0 whether or
// not the goals are met. The client runs on the server's event loop (its CPU is in the figures).
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { accountWithPassword } from '../src/testing/platform.ts';
import { argon2idHasher } from '../src/identity/password/hasher.ts';
import { Browser, csrfTokenIn } from '../src/testing/http-client.ts';
import { closedLoop, fixed, machineSummary, median, percentile, startBenchPlatform } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 16;
const HOPS = Number(process.env.BENCH_HOPS ?? 200);
const log = (s = '') => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  log('# bench:sso — complete SSO sign-ins through Med-Login vs raw argon2id verifications');
  for (const line of machineSummary()) log(`# ${line}`);
  const hasher = argon2idHasher();
  const p = await startBenchPlatform({ database: 'file', hasher });
  try {
    const { deps } = p.rt;
    const accounts: Array<{ username: string; password: string; hash: string; name: string }> = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const name = `ベンチ病院${i + 1} 担当者`;
      const password = `Sso-bench-${i}-${deps.random.token().slice(0, 12)}`;
      const { username, hash } = await accountWithPassword(deps, { category: '病院', displayName: name, email: `sso${i}@example.test`, password });
      accounts.push({ username, password, hash, name });
    }

    const ssoSignIn = async (vu: number) => {
      const a = accounts[vu % accounts.length]!;
      const browser = new Browser(p.url.gmis);
      const form = await browser.follow(`${p.url.gmis}/login`);
      if (!form.url.startsWith(`${p.url.login}/login`)) throw new Error(`expected ログイン, got ${form.url} (${form.status})`);
      const posted = await browser.request('POST', form.url, { _csrf: csrfTokenIn(form.body), username: a.username, password: a.password, return_to: new URL(form.url).searchParams.get('return_to') ?? '' });
      if (posted.status !== 303 || !posted.location) throw new Error(`POST /login answered ${posted.status}`);
      const home = await browser.follow(new URL(posted.location, form.url).href);
      if (home.status !== 200 || home.url !== `${p.url.gmis}/` || !home.body.includes(a.name)) throw new Error(`expected G-MIS home, got ${home.url} (${home.status})`);
    };
    const rawOp = async (vu: number) => {
      const a = accounts[vu % accounts.length]!;
      if (!(await hasher.verify(a.hash, a.password))) throw new Error('verify failed');
    };
    for (let i = 0; i < CONCURRENCY; i++) await ssoSignIn(i);
    await closedLoop({ label: 'warm-up', concurrency: CONCURRENCY, warmupMs: 0, durationMs: 2000, op: ssoSignIn });

    const rates: { a: number[]; b: number[] } = { a: [], b: [] };
    const latencies: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await closedLoop({ label: 'a raw', concurrency: CONCURRENCY, warmupMs: 500, durationMs: SECONDS * 1000, op: rawOp });
      const b = await closedLoop({ label: 'b sso', concurrency: CONCURRENCY, warmupMs: 1000, durationMs: SECONDS * 1000, op: ssoSignIn });
      rates.a.push(a.rate);
      rates.b.push(b.rate);
      latencies.push(...b.latenciesMs);
      log(`  round ${round}: a ${fixed(a.rate)} verifications/s, b ${fixed(b.rate)} SSO sign-ins/s (b/a ${fixed(b.rate / a.rate, 2)})`);
    }

    // (c) The hop for a user already signed in to Med-Login.
    const a0 = accounts[0]!;
    const browser = new Browser(p.url.login);
    const page = await browser.get('/login');
    await browser.request('POST', '/login', { _csrf: csrfTokenIn(page.body), username: a0.username, password: a0.password });
    const hops: number[] = [];
    for (let i = 0; i < HOPS + 20; i++) {
      browser.cookies.delete('gmis_app_session');
      const t0 = performance.now();
      const home = await browser.follow(`${p.url.gmis}/login`);
      const ms = performance.now() - t0;
      if (home.status !== 200 || home.url !== `${p.url.gmis}/`) throw new Error(`hop ended at ${home.url} (${home.status})`);
      if (i >= 20) hops.push(ms);
    }

    const cores = availableParallelism();
    const aMed = median(rates.a);
    const bMed = median(rates.b);
    const hop = median(hops);
    log();
    log(`median a (raw argon2id)      = ${fixed(aMed)} /s`);
    log(`median b (SSO sign-ins)      = ${fixed(bMed)} /s = ${fixed(bMed / cores)} per core (${cores} cores); latency p50 ${fixed(percentile(latencies, 50), 0)} ms, p95 ${fixed(percentile(latencies, 95), 0)} ms`);
    log(`b/a                          = ${fixed(bMed / aMed, 2)} (goal ≥ 0.80) — ${bMed / aMed >= 0.8 ? 'GOAL MET' : 'GOAL NOT MET'}`);
    log(`per core                     = ${fixed(bMed / cores)} /s (goal ≥ 45) — ${bMed / cores >= 45 ? 'GOAL MET' : 'GOAL NOT MET'}`);
    log(`SSO hop (chooser → G-MIS home, signed in to Med-Login): median ${fixed(hop)} ms, p95 ${fixed(percentile(hops, 95))} ms over ${hops.length} (goal median ≤ 30 ms) — ${hop <= 30 ? 'GOAL MET' : 'GOAL NOT MET'}`);
  } finally {
    await p.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:sso FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
