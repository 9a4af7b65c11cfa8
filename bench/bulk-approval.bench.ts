// npm run bench:bulk-approval — one prefecture approves 10,000 新規ユーザ登録申請 at once (select all →
// approve): the time to issue every account and queue every mail, on SQLite (file, WAL) and on
// PostgreSQL (when reachable), beside the floor: the same rows written by plain multi-row INSERTs in
// one transaction, measured in the same run. Goal: ≤ 10 s each.
// BENCH_APPLICATIONS (10000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, migrateToLatest, type DatabaseHandle } from '../src/db/database.ts';
import { createPostgresSchema, dropPostgresSchema, postgresProblem, TEST_POSTGRES_URL, testDeps } from '../src/testing/db.ts';
import { issueAccount } from '../src/identity/accounts/issue-account.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { actorOf } from '../src/policies.ts';
import { approveMany, countApprovals, pendingIds } from '../src/registration/review.ts';
import { fixed, machineSummary } from './lib.ts';

const N = Number(process.env.BENCH_APPLICATIONS ?? 10_000);
const log = (s = '') => process.stdout.write(`${s}\n`);

async function seedApplications(h: DatabaseHandle, now: number): Promise<void> {
  const rows = Array.from({ length: N }, (_, i) => ({
    id: `app-${i}`,
    number: `A-20261121-${String(i).padStart(5, '0')}`,
    status: 'submitted' as const,
    kind: '診療所' as const,
    prefecture_code: '27',
    municipality_code: '27127',
    institution_code: `B${String(i).padStart(6, '0')}`,
    insurance_code: null,
    name: `ベンチ${i}クリニック`,
    name_kana: 'ベンチクリニック',
    postcode: '5300001',
    address: '梅田１',
    building: null,
    phone: '06-1234-5678',
    department: null,
    department_number: null,
    contact_name: 'ベンチ 太郎',
    email: `bench${i}@example.jp`,
    institution_id: null,
    submitted_by: null,
    submitted_at: now - i,
    decided_by: null,
    decided_at: null,
    decision_reason: null,
    outcome: null,
    account_id: null,
    mail_failed_at: null,
    mail_failure: null,
  }));
  await h.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('registration_applications')
        .values(rows.slice(i, i + 500))
        .execute();
  });
}

/**
 * The floor: the rows approval writes (institution, account, link, mail, permission, audit ×2, application update), as plain
 * batched statements in one transaction.
 */
async function floor(h: DatabaseHandle, now: number): Promise<number> {
  const t0 = performance.now();
  await h.db.transaction().execute(async (trx) => {
    for (let start = 0; start < N; start += 500) {
      const ids = Array.from({ length: Math.min(500, N - start) }, (_, k) => start + k);
      await trx
        .insertInto('institutions')
        .values(
          ids.map((i) => ({
            id: `f-inst-${i}`,
            kind: '診療所',
            prefecture_code: '28',
            institution_code: `F${i}`,
            insurance_code: null,
            name: 'x',
            name_kana: 'エックス',
            municipality_code: '28100',
            postcode: '6500001',
            address: 'x',
            building: null,
            phone: '078-000-0000',
            status: 'open',
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await trx
        .insertInto('accounts')
        .values(
          ids.map((i) => ({
            id: `f-acc-${i}`,
            username: `zz${String(i).padStart(6, '0')}`,
            category: '診療所',
            display_name: 'x',
            email: 'x@example.jp',
            prefecture_code: '28',
            institution_id: `f-inst-${i}`,
            state: 'pending_password',
            password_hash: null,
            password_changed_at: null,
            untrusted_locked_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await trx
        .insertInto('account_tokens')
        .values(
          ids.map((i) => ({
            id: `f-tok-${i}`,
            account_id: `f-acc-${i}`,
            purpose: 'welcome',
            token_hash: `f-hash-${i}`,
            created_at: now,
            expires_at: now + 1,
            consumed_at: null,
            superseded_at: null,
          })),
        )
        .execute();
      await trx
        .insertInto('mail_outbox')
        .values(
          ids.map((i) => ({
            id: `f-mail-${i}`,
            kind: 'account.welcome',
            to_address: 'x@example.jp',
            subject: 'x',
            body_text: 'x'.repeat(800),
            account_id: `f-acc-${i}`,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            locked_until: null,
            last_error: null,
            created_at: now,
            sent_at: null,
            transport: null,
          })),
        )
        .execute();
      await trx
        .insertInto('account_permissions')
        .values(ids.map((i) => ({ account_id: `f-acc-${i}`, permission: '医療機能情報提供制度' as const, granted_at: now, granted_by: null })))
        .execute();
      await trx
        .insertInto('audit_events')
        .values(
          ids.flatMap(() => [0, 1].map(() => ({ occurred_at: now, type: 'x', account_id: null, username: null, ip: null, user_agent: null, details: '{}' }))),
        )
        .execute();
    }
  });
  return (performance.now() - t0) / 1000;
}

async function run(label: string, h: DatabaseHandle): Promise<void> {
  await migrateToLatest(h);
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 1));
  const deps = testDeps(h, clock);
  await seedApplications(h, clock.now());
  const { accountId } = await issueAccount(deps, {
    category: '都道府県',
    displayName: '大阪府 担当',
    email: 'osaka@example.jp',
    prefectureCode: '27',
    issuedBy: 'bench',
  });
  await h.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
  const actor = await actorOf(h.db, await h.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow());

  const floorSeconds = await floor(h, clock.now());
  const t0 = performance.now();
  const ids = await pendingIds(h.db, actor, {}, N);
  const counts = countApprovals(await approveMany(deps, actor, ids, { ip: '127.0.0.1', userAgent: 'bench' }));
  const seconds = (performance.now() - t0) / 1000;
  const mails = await h.db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'account.welcome')
    .where('id', 'not like', 'f-%')
    .executeTakeFirstOrThrow();
  if (counts.issued !== N || Number(mails.n) !== N + 1) throw new Error(`expected ${N} accounts and mails, got ${JSON.stringify(counts)} and ${mails.n}`);
  log(
    `${label}: ${N} approved (accounts issued, ${N} welcome mails queued) in ${fixed(seconds, 2)} s ` +
      `(goal ≤ 10 s — ${seconds <= 10 ? 'GOAL MET' : 'GOAL NOT MET'}); ` +
      `floor (the same rows by batched INSERTs) ${fixed(floorSeconds, 2)} s; ratio ${fixed(seconds / floorSeconds, 1)}×`,
  );
}

async function main(): Promise<void> {
  log('# bench:bulk-approval — select all → approve, N applications of one prefecture');
  for (const line of machineSummary()) log(`# ${line}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-bulk-'));
  const sqlite = openDatabase({ engine: 'sqlite', file: path.join(dir, 'gmis.sqlite') });
  try {
    await run('SQLite file (WAL)', sqlite);
  } finally {
    await sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const problem = await postgresProblem();
  if (problem) {
    log(`PostgreSQL: skipped (${problem})`);
    return;
  }
  const schema = await createPostgresSchema();
  const pg = openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema });
  try {
    await run('PostgreSQL', pg);
  } finally {
    await pg.close();
    await dropPostgresSchema(schema);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:bulk-approval FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
