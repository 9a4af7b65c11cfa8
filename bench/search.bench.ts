// npm run bench:search [-- --engine sqlite|postgres|both] [--fresh] — 医療情報ネット's public search on
// the national data set (`gmis seed --national`: ~206,000 published facilities), measured beside its
// floor and beside the approach public projects over this data use, all in one run:
//
//   HTTP      a fixed mix of 20 searches (QUERIES: 1–3 character keywords, department + prefecture,
//             open at a fixed moment, 他の項目, near a point) as GET /api/v1/search?… (the HTML
//             /search page when the API is not there; BENCH_SEARCH_PATH to choose), driven by wrk
//             (bench/wrk-paths.lua: the 20 paths in turn) at concurrency 32 against the real server —
//             `gmis serve --only navi --no-worker` as a child process on the bench database, the API's
//             rate limit raised by environment. Median, p95, requests/s; the server's peak RSS (VmHWM).
//   floor     the same 20 searches in this process, one at a time: parseSearchQuery + searchFacilities
//             (src/search/query.ts) on the same database. Median, p95, queries/s; HTTP ÷ floor rate.
//   baseline  SQLite only: FTS5 with the trigram tokenizer over the same documents (name and other
//             names, フリガナ, address, department names — the folded fields of search_facilities,
//             so both find the same facilities), and LIKE '%term%' over them for terms under three
//             characters, as public projects over this data do; count + first 20 by name. Run on the
//             keyword searches of the mix; baseline ÷ ours on the 1–2 character ones.
//   facility  GET /facilities/{id} of BENCH_FACILITIES (300) random published facilities, one request
//             at a time (wrk, one connection): p95.
//
// Rounds (BENCH_ROUNDS, 2) alternate floor, baseline and HTTP on the shared, noisy machine; figures are
// the median over rounds. All of it twice: with the search cache (src/search/cache.ts) off — in this
// process and SEARCH_CACHE_ENTRIES=0 for the server — so each search is computed, which the goals are
// judged on; then with it on as deployed (for information: the mix repeats, so nearly every search
// is then a hit; BENCH_CACHED=0 skips it). Goals: HTTP p95 ≤ 25 ms on SQLite, ≤ 40 ms on PostgreSQL; HTTP throughput ≥
// 0.7 × the floor's rate; ≥ 5 × faster than the baseline on 1–2 character terms; facility page p95 ≤
// 10 ms; the server's peak RSS ≤ 300 MB. A benchmark: it prints numbers and exits 0 whether or not the
// goals are met; non-zero only when setup fails or a request is answered otherwise than 200.
//
// The bench databases are kept between runs (seeding takes minutes): SQLite in BENCH_SEARCH_DIR
// (~/.cache/open-gmis/bench-search/gmis.sqlite), PostgreSQL in the database bench_search beside
// TEST_DATABASE_URL's (BENCH_PG_URL to choose). One is reused when its search index holds every visible
// published facility, at least 200,000 of them (the national seed is one transaction: all or
// nothing), and 他の項目 (a seed from before the national extras has none); otherwise, or with
// --fresh, it is emptied and seeded again, and the seed's time printed.
//
// Knobs: BENCH_SECONDS (10) per HTTP round, BENCH_ROUNDS (2), BENCH_CONCURRENCY (32), BENCH_REPS (5)
// passes of the mix per floor/baseline round, BENCH_FACILITIES (300), BENCH_FACILITY_SECONDS (5),
// BENCH_LOG_LEVEL (warn) the server's LOG_LEVEL, BENCH_CACHED=0 (the cache-off run only),
// BENCH_SERVER_PROFILE=DIR (the server runs with node --cpu-prof, its profile written to DIR at exit).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type DatabaseHandle, type DatabaseTarget } from '../src/db/database.ts';
import { DOCUMENT_VERSION } from '../src/search/document.ts';
import { keywordTerms } from '../src/search/fold.ts';
import { indexIfStale } from '../src/search/index-state.ts';
import { SEARCH_CACHE_ENTRIES_DEFAULT, setSearchCacheEntries } from '../src/search/cache.ts';
import { parseSearchQuery, searchFacilities, type RawParams } from '../src/search/query.ts';
import { postgresProblem, TEST_POSTGRES_URL } from '../src/testing/db.ts';
import { fixed, median, percentile, table } from './lib.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SECONDS = num('BENCH_SECONDS', 10);
const ROUNDS = Math.floor(num('BENCH_ROUNDS', 2));
const CONCURRENCY = Math.floor(num('BENCH_CONCURRENCY', 32));
const REPS = Math.floor(num('BENCH_REPS', 5));
const FACILITIES = Math.floor(num('BENCH_FACILITIES', 300));
const FACILITY_SECONDS = num('BENCH_FACILITY_SECONDS', 5);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const MIN_FACILITIES = 200_000;

const GOALS = { p95Ms: { sqlite: 25, postgres: 40 }, ratio: 0.7, baseline: 5, facilityP95Ms: 10, rssMb: 300 } as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = process.env.BENCH_SEARCH_DIR ?? path.join(os.homedir(), '.cache', 'open-gmis', 'bench-search');
const SQLITE_FILE = path.join(CACHE, 'gmis.sqlite');
const PG_URL =
  process.env.BENCH_PG_URL ??
  (() => {
    const u = new URL(TEST_POSTGRES_URL);
    u.pathname = '/bench_search';
    return u.toString();
  })();

type Engine = 'sqlite' | 'postgres';

const log = (s = '') => process.stdout.write(`${s}\n`);
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

// ── The mix ───────────────────────────────────────────────────────────────────────────────────────

/** Fixed moments, so runs compare: a Wednesday morning and a Saturday evening (JST). */
const WEDNESDAY_MORNING = '2026-06-10T10:30:00+09:00';
const SATURDAY_EVENING = '2026-06-13T21:00:00+09:00';

interface MixQuery {
  label: string;
  group: 'keyword' | 'dept+place' | 'open at' | '他の項目' | 'near';
  params: Array<[string, string]>;
}

const QUERIES: MixQuery[] = [
  { label: 'q=眼', group: 'keyword', params: [['q', '眼']] },
  { label: 'q=内科', group: 'keyword', params: [['q', '内科']] },
  { label: 'q=港区', group: 'keyword', params: [['q', '港区']] },
  { label: 'q=歯科', group: 'keyword', params: [['q', '歯科']] },
  { label: 'q=耳鼻', group: 'keyword', params: [['q', '耳鼻']] },
  { label: 'q=駅前', group: 'keyword', params: [['q', '駅前']] },
  { label: 'q=さくら', group: 'keyword', params: [['q', 'さくら']] },
  { label: 'q=小児科', group: 'keyword', params: [['q', '小児科']] },
  {
    label: 'q=眼 pref=13',
    group: 'keyword',
    params: [
      ['q', '眼'],
      ['pref', '13'],
    ],
  },
  {
    label: 'dept=内科 pref=13',
    group: 'dept+place',
    params: [
      ['dept', '01001'],
      ['pref', '13'],
    ],
  },
  {
    label: 'dept=小児科 pref=27',
    group: 'dept+place',
    params: [
      ['dept', '03001'],
      ['pref', '27'],
    ],
  },
  {
    label: 'dept=眼科 city=港区',
    group: 'dept+place',
    params: [
      ['dept', '05001'],
      ['city', '13103'],
    ],
  },
  {
    label: 'kind=dental pref=01',
    group: 'dept+place',
    params: [
      ['kind', 'dental'],
      ['pref', '01'],
    ],
  },
  {
    label: 'open Wed 10:30 dept=内科 pref=13',
    group: 'open at',
    params: [
      ['open_at', WEDNESDAY_MORNING],
      ['dept', '01001'],
      ['pref', '13'],
    ],
  },
  {
    label: 'open Sat 21:00 pref=27',
    group: 'open at',
    params: [
      ['open_at', SATURDAY_EVENING],
      ['pref', '27'],
    ],
  },
  {
    label: 'open Wed 10:30 q=内科 city=中央区',
    group: 'open at',
    params: [
      ['open_at', WEDNESDAY_MORNING],
      ['q', '内科'],
      ['city', '13102'],
    ],
  },
  {
    label: 'parking+barrier_free hospital pref=13',
    group: '他の項目',
    params: [
      ['feature', 'parking'],
      ['feature', 'barrier_free'],
      ['kind', 'hospital'],
      ['pref', '13'],
    ],
  },
  {
    label: 'home_care+night dept=内科 pref=23',
    group: '他の項目',
    params: [
      ['feature', 'home_care'],
      ['feature', 'night'],
      ['dept', '01001'],
      ['pref', '23'],
    ],
  },
  {
    label: 'near 東京駅 2 km',
    group: 'near',
    params: [
      ['lat', '35.6812'],
      ['lon', '139.7671'],
      ['radius_km', '2'],
    ],
  },
  {
    label: 'near 梅田 3 km pharmacy by distance',
    group: 'near',
    params: [
      ['lat', '34.7025'],
      ['lon', '135.4959'],
      ['radius_km', '3'],
      ['kind', 'pharmacy'],
      ['sort', 'distance'],
    ],
  },
];

const queryString = (q: MixQuery): string => new URLSearchParams(q.params).toString();

function rawParams(q: MixQuery): RawParams {
  const raw: Record<string, string[]> = {};
  for (const [k, v] of q.params) (raw[k] ??= []).push(v);
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

/** The keyword searches the baseline answers too (a keyword alone). */
const KEYWORD_ONLY = QUERIES.filter((q) => q.params.length === 1 && q.params[0]![0] === 'q');
const shortTerm = (q: MixQuery) => [...keywordTerms(q.params[0]![1])].every((t) => [...t].length < 3);

// ── Bench databases ───────────────────────────────────────────────────────────────────────────────

const target = (engine: Engine): DatabaseTarget => (engine === 'sqlite' ? { engine: 'sqlite', file: SQLITE_FILE } : { engine: 'postgres', url: PG_URL });
const databaseUrl = (engine: Engine) => (engine === 'sqlite' ? `sqlite:${SQLITE_FILE}` : PG_URL);

async function tableExists(h: DatabaseHandle, engine: Engine, name: string): Promise<boolean> {
  const r =
    engine === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(h.db)
      : await sql<{
          n: number;
        }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(h.db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

/** The number of facilities the search index holds when it is complete (every visible published facility, ≥ MIN_FACILITIES), else undefined. */
async function completeIndex(engine: Engine): Promise<number | undefined> {
  if (engine === 'sqlite' && !fs.existsSync(SQLITE_FILE)) return undefined;
  const h = openDatabase(target(engine));
  try {
    // A fresh machine has no bench database yet (PostgreSQL's 3D000): it is created and seeded.
    const exists = await tableExists(h, engine, 'search_facilities').catch((err: unknown) => {
      if ((err as { code?: string }).code === '3D000') return false;
      throw err;
    });
    if (!exists) return undefined;
    const indexed = Number((await sql<{ n: number }>`select count(*) as n from search_facilities`.execute(h.db)).rows[0]!.n);
    const visible = Number((await sql<{ n: number }>`select count(*) as n from published_facilities where visible = 1`.execute(h.db)).rows[0]!.n);
    // A data set seeded before the national extras (parking, languages, equipment …) has no 他の項目 but night and holiday.
    const extras = Number((await sql<{ n: number }>`select count(*) as n from search_facilities where features like '%parking%'`.execute(h.db)).rows[0]!.n);
    return indexed === visible && indexed >= MIN_FACILITIES && extras > 0 ? indexed : undefined;
  } finally {
    await h.close();
  }
}

async function emptyDatabase(engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(SQLITE_FILE + suffix, { force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const name = new URL(PG_URL).pathname.slice(1);
    if (!/^\w+$/.test(name)) throw new Error(`BENCH_PG_URL: a database name of letters, digits and _ please, not ${name}`);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

/** `gmis seed --national` into the bench database (a child process, as a user would run it). */
function seedNational(engine: Engine): void {
  log(`# ${engine}: seeding the national data set (gmis seed --national) into ${engine === 'sqlite' ? SQLITE_FILE : PG_URL} …`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/gmis.js'), 'seed', '--national'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(engine), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`gmis seed --national on ${engine} exited ${r.status ?? r.signal}`);
  log(`# ${engine}: seeded in ${fixed((performance.now() - t0) / 1000, 1)} s (wall, including the CLI's start)`);
}

/**
 * Brings a reused database to this checkout: its migrations, and the search index rebuilt when it was
 * built by another document version (indexIfStale, as every start does) — here, before anything is
 * measured, not in the server's start, so the in-process searches read the same index and the
 * server's peak RSS is that of serving.
 */
async function upToDate(engine: Engine): Promise<void> {
  const h = openDatabase(target(engine));
  try {
    const applied = await migrateToLatest(h);
    if (applied.length) log(`# ${engine}: migrations applied: ${applied.join(', ')}`);
    const t0 = performance.now();
    const rebuilt = await indexIfStale(h.db);
    if (rebuilt)
      log(
        `# ${engine}: search index rebuilt for document version ${DOCUMENT_VERSION} (${rebuilt.indexed.toLocaleString('en')} facilities) in ${fixed((performance.now() - t0) / 1000, 1)} s`,
      );
  } finally {
    await h.close();
  }
}

async function prepareDatabase(engine: Engine, fresh: boolean): Promise<number> {
  if (!fresh) {
    const n = await completeIndex(engine);
    if (n !== undefined) {
      log(`# ${engine}: reusing the bench database (${n.toLocaleString('en')} facilities indexed; --fresh to seed again)`);
      await upToDate(engine);
      return n;
    }
  }
  fs.mkdirSync(CACHE, { recursive: true });
  await emptyDatabase(engine);
  seedNational(engine);
  const n = await completeIndex(engine);
  if (n === undefined) throw new Error(`${engine}: after the seed the search index is not complete`);
  return n;
}

// ── Baseline: FTS5 trigram + LIKE under three characters (SQLite) ─────────────────────────────────

/** Builds the baseline's tables in the bench database unless they hold the current index's documents. */
function prepareBaseline(file: string): void {
  const db = new SQLite(file);
  try {
    const docs = db.prepare(`select count(*) as n, coalesce(max(doc_id), 0) as m from search_facilities`).get() as { n: number; m: number };
    const have = db.prepare(`select count(*) as n from sqlite_master where name in ('bench_baseline_docs', 'bench_baseline_fts')`).get() as { n: number };
    if (have.n === 2) {
      const b = db.prepare(`select count(*) as n, coalesce(max(doc_id), 0) as m from bench_baseline_docs`).get() as { n: number; m: number };
      if (b.n === docs.n && b.m === docs.m) return;
    }
    const t0 = performance.now();
    db.exec(`drop table if exists bench_baseline_fts; drop table if exists bench_baseline_docs;
      create table bench_baseline_docs (doc_id integer primary key, name text not null, kana text not null, address text not null,
        departments text not null, name_sort text not null);
      insert into bench_baseline_docs select doc_id, name_folded || ' ' || alias_folded, kana_folded, address_folded, departments_folded, name_sort
        from search_facilities;
      create virtual table bench_baseline_fts using fts5(name, kana, address, departments, content='bench_baseline_docs', content_rowid='doc_id',
        tokenize='trigram');
      insert into bench_baseline_fts (bench_baseline_fts) values ('rebuild');`);
    log(`# baseline: FTS5 trigram table over ${docs.n.toLocaleString('en')} documents built in ${fixed((performance.now() - t0) / 1000, 1)} s`);
  } finally {
    db.close();
  }
}

type BaselineSearch = (q: string) => number;

/** The baseline's search: every term (folded as ours are) by FTS5 trigram MATCH when it has three characters or more, else by LIKE over the four fields; the count, then 20 by name. */
function baselineSearcher(file: string): { search: BaselineSearch; close(): void } {
  const db = new SQLite(file, { readonly: true });
  const cache = new Map<string, { count: SQLite.Statement; page: SQLite.Statement; args: string[] }>();
  const LIKE = `(d.name like ? or d.kana like ? or d.address like ? or d.departments like ?)`;
  const prepared = (terms: string[]) => {
    const key = terms.join(' ');
    let p = cache.get(key);
    if (!p) {
      const long = terms.filter((t) => [...t].length >= 3);
      const short = terms.filter((t) => [...t].length < 3);
      const where = [...(long.length ? [`d.doc_id in (select rowid from bench_baseline_fts where bench_baseline_fts match ?)`] : []), ...short.map(() => LIKE)];
      const args = [
        ...(long.length ? [long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ')] : []),
        ...short.flatMap((t) => Array<string>(4).fill(`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)),
      ];
      const cond = where.join(' and ').replaceAll(' like ?', " like ? escape '\\'");
      p = {
        count: db.prepare(`select count(*) as n from bench_baseline_docs d where ${cond}`),
        page: db.prepare(`select d.doc_id, d.name, d.address from bench_baseline_docs d where ${cond} order by d.name_sort limit 20`),
        args,
      };
      cache.set(key, p);
    }
    return p;
  };
  return {
    search: (q) => {
      const p = prepared(keywordTerms(q));
      const n = (p.count.get(...p.args) as { n: number }).n;
      p.page.all(...p.args);
      return n;
    },
    close: () => db.close(),
  };
}

// ── The server ────────────────────────────────────────────────────────────────────────────────────

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  url: string;
  pid: number;
  /** VmHWM (peak resident set) in MB so far. */
  peakRssMb(): number;
  /** CPU seconds (user + system) so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const procStatus = (pid: number, key: string): number => {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
const procCpuSeconds = (pid: number): number => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, USER_HZ 100
};

/** `gmis serve --only navi --no-worker` on the bench database, as a child process; resolves once it answers GET /. */
async function startServer(engine: Engine, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profile = process.env.BENCH_SERVER_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(process.env.BENCH_SERVER_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, 'bin/gmis.js'), 'serve', '--only', 'navi', '--no-worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(engine),
      HOST: '127.0.0.1',
      PORT_NAVI: String(port),
      PUBLIC_URL_NAVI: url,
      LOG_LEVEL: LOG_LEVEL,
      SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
      WORKER: 'off',
      // The API's per-address limit, raised: every request of the benchmark comes from one address.
      API_RATE_LIMIT_PER_MINUTE: '100000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the server exited (${exited}) before answering:\n${output}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    peakRssMb: () => procStatus(pid, 'VmHWM'),
    cpuSeconds: () => procCpuSeconds(pid),
    stop: async () => {
      if (exited === undefined) child.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000))]);
      if (exited === undefined) child.kill('SIGKILL');
    },
  };
}

interface WrkResult {
  requests: number;
  seconds: number;
  rate: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** wrk with bench/wrk-paths.lua over these paths. */
function runWrk(url: string, paths: string[], connections: number, seconds: number): Promise<WrkResult> {
  const file = path.join(os.tmpdir(), `gmis-bench-search-paths-${process.pid}.txt`);
  fs.writeFileSync(file, `${paths.join('\n')}\n`);
  const script = fileURLToPath(new URL('./wrk-paths.lua', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '30s', '-s', script, url], {
      env: { ...process.env, WRK_PATHS: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(file, { force: true });
      const m = /RESULT (.*)/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`wrk exited ${code}: ${out}`));
      const v = Object.fromEntries(
        m[1]!
          .split(' ')
          .map((kv) => kv.split('=') as [string, string])
          .map(([k, x]) => [k, Number(x)]),
      );
      const s = v.duration_us! / 1e6;
      resolve({
        requests: v.requests!,
        seconds: s,
        rate: v.requests! / s,
        errors: v.connect! + v.read! + v.write! + v.status! + v.timeout!,
        p50Ms: v.p50! / 1000,
        p95Ms: v.p95! / 1000,
        p99Ms: v.p99! / 1000,
        maxMs: v.max! / 1000,
      });
    });
  });
}

/** Which search path the server has: the API, else the HTML page (BENCH_SEARCH_PATH overrides). */
async function searchPath(url: string): Promise<string | undefined> {
  const candidates = process.env.BENCH_SEARCH_PATH ? [process.env.BENCH_SEARCH_PATH] : ['/api/v1/search', '/search'];
  for (const p of candidates) {
    const res = await fetch(`${url}${p}?q=${encodeURIComponent('内科')}`);
    await res.arrayBuffer();
    if (res.status === 200) return p;
  }
  return undefined;
}

// ── One engine ────────────────────────────────────────────────────────────────────────────────────

/** The search cache (src/search/cache.ts): off, so each search is computed (the goals are judged so), and on as deployed — the mix repeats, so then nearly every search is a hit. */
type CacheMode = 'uncached' | 'cached';
const CACHE_MODES: CacheMode[] = process.env.BENCH_CACHED === '0' ? ['uncached'] : ['uncached', 'cached'];

interface ModeFigures {
  mode: CacheMode;
  http?: { path: string; p50Ms: number; p95Ms: number; rate: number; serverCores: number };
  floor: { p50Ms: number; p95Ms: number; rate: number };
  /** Per query of the mix, each in-process time (ms). */
  floorMs: number[][];
  /** Per query, the total the HTTP answer gave (API only). */
  httpTotals: Array<number | undefined>;
  peakRssMb: number;
}

interface EngineFigures {
  engine: Engine;
  facilities: number;
  modes: ModeFigures[];
  /** Sum over the 1–2 character keyword searches of the median time: ours (in-process, uncached) and the baseline's. */
  shortTerms?: { oursMs: number; baselineMs: number; worst: number; worstLabel: string };
  facility?: { p50Ms: number; p95Ms: number; rate: number };
}

/** Deterministic pseudo-random picks (a fixed seed, so runs compare). */
function picks<T>(items: readonly T[], n: number, seed = 14): T[] {
  let s = seed >>> 0;
  const out: T[] = [];
  for (let i = 0; i < Math.min(n, items.length); i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(items[s % items.length]!);
  }
  return out;
}

/** One cache mode: rounds of floor (and baseline), then HTTP; the facility pages when asked. */
async function measureMode(
  engine: Engine,
  mode: CacheMode,
  h: DatabaseHandle,
  extra: { baseline?: { search: BaselineSearch; ms: Map<string, number[]> }; facilityPaths?: string[] },
): Promise<{ figures: ModeFigures; facility?: EngineFigures['facility'] }> {
  setSearchCacheEntries(mode === 'uncached' ? 0 : SEARCH_CACHE_ENTRIES_DEFAULT);
  const floorMs: number[][] = QUERIES.map(() => []);
  const floorRates: number[] = [];
  const httpRounds: WrkResult[] = [];
  const serverCores: number[] = [];
  const httpTotals: Array<number | undefined> = QUERIES.map(() => undefined);
  const server = await startServer(engine, mode === 'uncached' ? { SEARCH_CACHE_ENTRIES: '0' } : {});
  let pathUsed: string | undefined;
  let facility: EngineFigures['facility'];
  let peakRssMb = NaN;
  try {
    pathUsed = await searchPath(server.url);
    const paths = pathUsed ? QUERIES.map((q) => `${pathUsed}?${queryString(q)}`) : [];
    if (!pathUsed) log(`# ${engine}: neither /api/v1/search nor /search answers 200 — HTTP skipped (floor, baseline and facility pages still run)`);
    else {
      // Each path once: answered 200, and the API's total beside the in-process one.
      for (const [i] of QUERIES.entries()) {
        const res = await fetch(`${server.url}${paths[i]}`);
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${paths[i]} answered ${res.status}: ${body.slice(0, 300)}`);
        if (pathUsed.startsWith('/api/')) httpTotals[i] = (JSON.parse(body) as { total: number }).total;
      }
      await runWrk(server.url, paths, CONCURRENCY, 2); // warm-up
    }

    // One unmeasured pass in process (with the cache on, it fills it, as the HTTP warm-up does the server's).
    for (const q of QUERIES) {
      const p = parseSearchQuery(rawParams(q));
      if (p.ok) await searchFacilities(h.db, p.query);
    }

    for (let round = 0; round < ROUNDS; round++) {
      // Floor: the mix REPS times, one search at a time (parsing included, as the server parses).
      const t0 = performance.now();
      for (let rep = 0; rep < REPS; rep++) {
        for (const [i, q] of QUERIES.entries()) {
          const s = performance.now();
          const p = parseSearchQuery(rawParams(q));
          if (!p.ok) throw new Error(`${q.label}: ${JSON.stringify(p.problems)}`);
          await searchFacilities(h.db, p.query);
          floorMs[i]!.push(performance.now() - s);
        }
      }
      floorRates.push((REPS * QUERIES.length) / ((performance.now() - t0) / 1000));
      // Baseline: its keyword searches REPS times.
      if (extra.baseline) {
        for (let rep = 0; rep < REPS; rep++) {
          for (const q of KEYWORD_ONLY) {
            const s = performance.now();
            extra.baseline.search(q.params[0]![1]);
            extra.baseline.ms.get(q.label)!.push(performance.now() - s);
          }
        }
      }
      // HTTP at concurrency 32.
      if (pathUsed) {
        const cpu0 = server.cpuSeconds();
        const r = await runWrk(server.url, paths, CONCURRENCY, SECONDS);
        const cpu = server.cpuSeconds() - cpu0;
        if (r.errors > 0) throw new Error(`${r.errors} requests through wrk failed or were answered other than 2xx/3xx`);
        httpRounds.push(r);
        serverCores.push(cpu / r.seconds);
        log(
          `# ${engine} ${mode} round ${round + 1}: HTTP ${fixed(r.rate, 0)} req/s (p50 ${fixed(r.p50Ms)} ms, p95 ${fixed(r.p95Ms)} ms, p99 ${fixed(r.p99Ms)} ms, max ${fixed(r.maxMs)} ms), server ${fixed(cpu / r.seconds, 2)} cores; floor ${fixed(floorRates.at(-1)!, 0)} q/s; load ${loadavg()}`,
        );
      } else log(`# ${engine} ${mode} round ${round + 1}: floor ${fixed(floorRates.at(-1)!, 0)} q/s; load ${loadavg()}`);
    }

    // Facility pages, one request at a time.
    if (extra.facilityPaths) {
      for (const p of extra.facilityPaths) {
        const res = await fetch(`${server.url}${p}`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
      }
      const f = await runWrk(server.url, extra.facilityPaths, 1, FACILITY_SECONDS);
      if (f.errors > 0) throw new Error(`${f.errors} facility pages through wrk failed`);
      facility = { p50Ms: f.p50Ms, p95Ms: f.p95Ms, rate: f.rate };
    }
  } finally {
    peakRssMb = server.peakRssMb();
    await server.stop();
  }
  const all = floorMs.flat();
  const figures: ModeFigures = { mode, floor: { p50Ms: median(all), p95Ms: percentile(all, 95), rate: median(floorRates) }, floorMs, httpTotals, peakRssMb };
  if (httpRounds.length && pathUsed)
    figures.http = {
      path: pathUsed,
      p50Ms: median(httpRounds.map((r) => r.p50Ms)),
      p95Ms: median(httpRounds.map((r) => r.p95Ms)),
      rate: median(httpRounds.map((r) => r.rate)),
      serverCores: median(serverCores),
    };
  return facility ? { figures, facility } : { figures };
}

async function runEngine(engine: Engine, fresh: boolean): Promise<EngineFigures> {
  const facilities = await prepareDatabase(engine, fresh);
  if (engine === 'sqlite') prepareBaseline(SQLITE_FILE);
  const h = openDatabase(target(engine));
  const baseline = engine === 'sqlite' ? baselineSearcher(SQLITE_FILE) : undefined;
  const baselineMs = new Map<string, number[]>(KEYWORD_ONLY.map((q) => [q.label, []]));
  const modes: ModeFigures[] = [];
  let facility: EngineFigures['facility'];
  const totals: number[] = [];
  const baselineTotals = new Map<string, number>();
  try {
    // Totals once, computed (and a warm-up): in-process, and the baseline's for keyword searches.
    setSearchCacheEntries(0);
    for (const q of QUERIES) {
      const p = parseSearchQuery(rawParams(q));
      if (!p.ok) throw new Error(`${q.label}: ${JSON.stringify(p.problems)}`);
      totals.push((await searchFacilities(h.db, p.query)).total);
    }
    if (baseline) for (const q of KEYWORD_ONLY) baselineTotals.set(q.label, baseline.search(q.params[0]![1]));
    const ids = (await sql<{ facility_id: string }>`select facility_id from search_facilities order by doc_id`.execute(h.db)).rows.map((r) => r.facility_id);
    const facilityPaths = picks(ids, FACILITIES).map((id) => `/facilities/${id}`);
    for (const mode of CACHE_MODES) {
      const r = await measureMode(
        engine,
        mode,
        h,
        mode === 'uncached' ? { ...(baseline ? { baseline: { search: baseline.search, ms: baselineMs } } : {}), facilityPaths } : {},
      );
      modes.push(r.figures);
      if (r.facility) facility = r.facility;
    }
  } finally {
    setSearchCacheEntries(SEARCH_CACHE_ENTRIES_DEFAULT);
    baseline?.close();
    await h.close();
  }

  // Per query: totals (in-process, HTTP, baseline), in-process median / p95 (uncached; cached median), baseline median.
  const uncached = modes.find((m) => m.mode === 'uncached')!;
  const cachedMode = modes.find((m) => m.mode === 'cached');
  log();
  log(`## ${engine}: the mix (in-process ${ROUNDS} × ${REPS} passes, search cache off unless said; totals: in-process / HTTP / baseline)`);
  log(
    table(
      [
        'query',
        'group',
        'total',
        'HTTP total',
        'floor median ms',
        'floor p95 ms',
        'cached median ms',
        'baseline total',
        'baseline median ms',
        'baseline ÷ ours',
      ],
      QUERIES.map((q, i) => {
        const b = baselineMs.get(q.label);
        const ours = median(uncached.floorMs[i]!);
        return [
          q.label,
          q.group,
          totals[i]!,
          uncached.httpTotals[i] ?? '-',
          fixed(ours, 2),
          fixed(percentile(uncached.floorMs[i]!, 95), 2),
          cachedMode ? fixed(median(cachedMode.floorMs[i]!), 3) : '-',
          baselineTotals.get(q.label) ?? '-',
          b?.length ? fixed(median(b), 2) : '-',
          b?.length ? `${fixed(median(b) / ours, 1)}×${shortTerm(q) ? '' : ' (3+ chars)'}` : '-',
        ];
      }),
    ),
  );
  for (const [i, q] of QUERIES.entries()) {
    for (const m of modes) {
      const t = m.httpTotals[i];
      if (t !== undefined && t !== totals[i]) log(`# WARNING ${q.label} (${m.mode}): HTTP total ${t} ≠ in-process ${totals[i]}`);
    }
    const b = baselineTotals.get(q.label);
    if (b !== undefined && b !== totals[i]) log(`# note ${q.label}: baseline total ${b} ≠ ours ${totals[i]}`);
  }

  const figures: EngineFigures = { engine, facilities, modes };
  if (facility) figures.facility = facility;
  const short = KEYWORD_ONLY.filter(shortTerm);
  if (baseline && short.length) {
    const ours = (q: MixQuery) => median(uncached.floorMs[QUERIES.indexOf(q)]!);
    const ratios = short.map((q) => ({ label: q.label, r: median(baselineMs.get(q.label)!) / ours(q) }));
    const worst = ratios.reduce((a, b) => (b.r < a.r ? b : a));
    figures.shortTerms = {
      oursMs: short.reduce((s, q) => s + ours(q), 0),
      baselineMs: short.reduce((s, q) => s + median(baselineMs.get(q.label)!), 0),
      worst: worst.r,
      worstLabel: worst.label,
    };
  }
  return figures;
}

// ── Main ──────────────────────────────────────────────────────────────────────────────────────────

function options(): { engines: Engine[]; fresh: boolean } {
  const args = process.argv.slice(2);
  let engine = 'both';
  let fresh = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--fresh') fresh = true;
    else if (a === '--engine') engine = args[++i] ?? '';
    else if (a.startsWith('--engine=')) engine = a.slice('--engine='.length);
    else throw new Error(`unknown argument ${a} (--engine sqlite|postgres|both, --fresh)`);
  }
  if (!['sqlite', 'postgres', 'both'].includes(engine)) throw new Error(`--engine sqlite|postgres|both, not ${engine}`);
  return { engines: engine === 'both' ? ['sqlite', 'postgres'] : [engine as Engine], fresh };
}

const met = (ok: boolean | undefined) => (ok === undefined ? '-' : ok ? 'met' : 'NOT MET');

async function main(): Promise<void> {
  const { engines, fresh } = options();
  const started = performance.now();
  const loadStart = loadavg();
  log(
    `# bench:search — node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), nice ${os.getPriority()}`,
  );
  log(`# load average at start: ${loadStart}`);
  log(
    `# ${QUERIES.length} searches; HTTP: wrk 1 thread × ${CONCURRENCY} connections, ${ROUNDS} rounds × ${SECONDS} s; floor and baseline: ${ROUNDS} rounds × ${REPS} passes; facility pages: ${FACILITIES} ids, 1 connection, ${FACILITY_SECONDS} s; server LOG_LEVEL=${LOG_LEVEL}`,
  );
  const figures: EngineFigures[] = [];
  for (const engine of engines) {
    if (engine === 'postgres') {
      const problem = await postgresProblem();
      if (problem) {
        log(`# postgres: skipped (${problem})`);
        continue;
      }
    }
    figures.push(await runEngine(engine, fresh));
  }
  const loadEnd = loadavg();

  log();
  log('## Figures and goals');
  const rows: Array<Array<string | number>> = [];
  for (const f of figures) {
    const e = `${f.engine} (${f.facilities.toLocaleString('en')})`;
    const p95Goal = GOALS.p95Ms[f.engine];
    for (const m of f.modes) {
      // The goals are judged with the cache off; with it on, the figures are for information.
      const judged = m.mode === 'uncached';
      const tag = m.mode === 'uncached' ? 'cache off' : 'cache on';
      const judge = (ok: boolean) => (judged ? met(ok) : '(info)');
      if (m.http) {
        rows.push([
          e,
          `${tag}: HTTP ${m.http.path} c=${CONCURRENCY}: median / p95`,
          `${fixed(m.http.p50Ms)} / ${fixed(m.http.p95Ms)} ms`,
          `p95 ≤ ${p95Goal} ms`,
          judge(m.http.p95Ms <= p95Goal),
        ]);
        rows.push([e, `${tag}: HTTP throughput`, `${fixed(m.http.rate, 0)} req/s (server ${fixed(m.http.serverCores, 2)} cores)`, '', '']);
      } else rows.push([e, `${tag}: HTTP`, 'not measured (no search endpoint)', `p95 ≤ ${p95Goal} ms`, '-']);
      rows.push([e, `${tag}: floor (in-process, sequential): median / p95`, `${fixed(m.floor.p50Ms, 2)} / ${fixed(m.floor.p95Ms, 2)} ms`, '', '']);
      rows.push([e, `${tag}: floor rate`, `${fixed(m.floor.rate, 0)} q/s`, '', '']);
      const ratio = m.http ? m.http.rate / m.floor.rate : undefined;
      rows.push([
        e,
        `${tag}: HTTP throughput ÷ floor rate`,
        ratio === undefined ? '-' : fixed(ratio, 2),
        `≥ ${GOALS.ratio}`,
        ratio === undefined ? '-' : judge(ratio >= GOALS.ratio),
      ]);
    }
    if (f.shortTerms) {
      const x = f.shortTerms.baselineMs / f.shortTerms.oursMs;
      rows.push([
        e,
        'cache off: baseline ÷ ours, 1–2 character terms (sum of medians)',
        `${fixed(x, 1)}× (${fixed(f.shortTerms.baselineMs, 1)} vs ${fixed(f.shortTerms.oursMs, 1)} ms; worst ${fixed(f.shortTerms.worst, 1)}× ${f.shortTerms.worstLabel})`,
        `≥ ${GOALS.baseline}×`,
        met(x >= GOALS.baseline),
      ]);
    }
    if (f.facility)
      rows.push([
        e,
        'facility page, 1 connection: median / p95',
        `${fixed(f.facility.p50Ms, 2)} / ${fixed(f.facility.p95Ms, 2)} ms (${fixed(f.facility.rate, 0)} req/s)`,
        `p95 ≤ ${GOALS.facilityP95Ms} ms`,
        met(f.facility.p95Ms <= GOALS.facilityP95Ms),
      ]);
    const rss = Math.max(...f.modes.map((m) => m.peakRssMb));
    rows.push([
      e,
      'server peak RSS (VmHWM, the larger of the runs)',
      f.modes.map((m) => `${fixed(m.peakRssMb, 0)} MB ${m.mode === 'uncached' ? 'cache off' : 'cache on'}`).join(', '),
      `≤ ${GOALS.rssMb} MB`,
      met(rss <= GOALS.rssMb),
    ]);
  }
  log(table(['engine (facilities)', 'figure', 'value', 'goal', ''], rows));
  log();
  log(`# load average at start ${loadStart}, at end ${loadEnd} (2 cores shared with other work: figures are noisy)`);
  log(`# total ${fixed((performance.now() - started) / 1000, 0)} s`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:search FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
