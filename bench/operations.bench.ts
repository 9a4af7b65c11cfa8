// npm run bench:operations — the prefecture's bulk operations of issue 15, on SQLite (file, WAL) and on
// PostgreSQL (when reachable), each figure beside its floor:
//
//   enqueue    一括メール配信 to BENCH_RECIPIENTS (10,000) clinics' accounts: sendCampaign (the filter
//              resolved, the campaign and its recipients stored, the job queued) and then the job
//              (one sealed outbox row per recipient, placeholders filled, a thousand a statement,
//              ON CONFLICT DO NOTHING). Goal ≤ 2 s. Floor: the plain bulk INSERT of the same outbox rows
//              (built beforehand, no conflict clause).
//   deliver    the same mails delivered by deliverDueMail with the worker's options (batches of 20,
//              4 sends at once over pooled SMTP connections, claims and outcomes written per mail) to
//              an smtp-server in this process. Goal ≥ 200 mails/s. Floor: nodemailer's pooled
//              transport alone sending the same number of messages to the same server, 4 at once.
//   dashboard  measureDashboard (bench/operations-dashboard.ts): the 報告状況 board of a
//              prefecture of 20,000 institutions. Goal ≤ 200 ms median.
//   closures   measureClosures (bench/operations-closures.ts): a 10,000-row 臨時休診 CSV
//              validated and applied. Goal ≤ 3 s.
//
// A benchmark: it prints numbers and exits 0 whether or not a goal is met; non-zero only when setup
// fails or a mail is not delivered. Knobs: BENCH_RECIPIENTS (10000), BENCH_ONLY (enqueue,deliver,dashboard,closures).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTransport } from 'nodemailer';
import { enqueueCampaignMail, sendCampaign } from '../src/bulk-mail/bulk-mail.ts';
import { insertMailPlain } from '../src/bulk-mail/repository.ts';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { testHasher } from '../src/identity/password/hasher.ts';
import { deliverDueMail } from '../src/mail/delivery.ts';
import { MAIL_PRIORITY, outboxRow } from '../src/mail/outbox.ts';
import { messageIdFor, smtpTransport } from '../src/mail/transport.ts';
import { systemClock } from '../src/platform/clock.ts';
import { cryptoRandom, Secrets } from '../src/platform/secrets.ts';
import { actorOf } from '../src/policies.ts';
import type { Ports } from '../src/ports.ts';
import { prefectureSender, seedRecipients, startCountingSmtp } from '../src/testing/bulk-mail-fixture.ts';
import { createPostgresSchema, dropPostgresSchema, postgresProblem, TEST_POSTGRES_URL } from '../src/testing/db.ts';
import { fixed, machineSummary, table } from './lib.ts';
import { measureClosures } from './operations-closures.ts';
import { measureDashboard } from './operations-dashboard.ts';

// ── The other parts' measurements: measureDashboard and measureClosures ──
type Engine = 'sqlite' | 'postgres';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const N = num('BENCH_RECIPIENTS', 10_000);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'enqueue,deliver,dashboard,closures').split(','));
const SECRET_KEY = 'bench-operations-secret-key-0123456789abcdef';
const CONCURRENCY = 4;
const BATCH = 20;
const log = (s = '') => process.stdout.write(`${s}\n`);

interface MailFigures {
  enqueueMs: number;
  sendCampaignMs: number;
  enqueueFloorMs: number;
  deliverPerSecond: number;
  deliverFloorPerSecond: number;
}

async function openEngine(engine: Engine): Promise<{ handle: DatabaseHandle; done: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-operations-'));
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dir, 'gmis.sqlite') });
    return { handle, done: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = await createPostgresSchema();
  const handle = openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema });
  return { handle, done: () => dropPostgresSchema(schema) };
}

async function measureBulkMail(engine: Engine): Promise<MailFigures> {
  const { handle, done } = await openEngine(engine);
  const smtp = await startCountingSmtp();
  const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
  try {
    await migrateToLatest(handle);
    await seedRecipients(handle.db, N);
    const deps: Ports = {
      db: handle.db,
      dialect: handle.dialect,
      clock: systemClock,
      random: cryptoRandom,
      secrets: new Secrets(SECRET_KEY),
      hasher: testHasher(),
      config: loadConfig({ NODE_ENV: 'test', SMTP_URL: smtpUrl, SECRET_KEY }),
    };
    const actor = await actorOf(handle.db, await prefectureSender(handle.db));

    // Floor first: the same number of outbox rows, built beforehand, inserted plainly (then removed).
    const rows = Array.from({ length: N }, (_, i) =>
      outboxRow(deps, {
        kind: 'bulk_mail',
        to: `r${i}@example.jp`,
        subject: `テスト診療所${i} 様：定期報告のお願い`,
        text: `テスト診療所${i} 担当 様\n2027年3月31日までに定期報告をお願いします。`,
        accountId: `bulk-acct-${i}`,
        priority: MAIL_PRIORITY.bulk,
        campaignId: 'floor',
      }),
    );
    const f0 = performance.now();
    await handle.db.transaction().execute((trx) => insertMailPlain(trx, rows as never));
    const enqueueFloorMs = performance.now() - f0;
    await handle.db.deleteFrom('mail_outbox').execute();

    const t0 = performance.now();
    const sent = await sendCampaign(
      deps,
      actor,
      {
        subject: '{機関名} 様：定期報告のお願い',
        body: '{担当者名} 様\n{報告期限} までに定期報告をお願いします。（{機関コード}・{報告状況}）',
        filter: { fiscalYear: 2026, reportKind: 'annual', status: 'not_reported' },
        idempotencyKey: `bench-${engine}`,
      },
      undefined,
    );
    const t1 = performance.now();
    if (!sent.ok) throw new Error(`sendCampaign refused: ${sent.problem}`);
    const written = await enqueueCampaignMail(deps, { campaignId: sent.campaignId });
    const t2 = performance.now();
    if (written !== N) throw new Error(`enqueue wrote ${written} of ${N}`);

    // Delivery with the worker's options.
    const transport = smtpTransport(smtpUrl, { name: 'G-MIS事務局', address: 'no-reply@gmis.localhost' });
    const d0 = performance.now();
    let delivered = 0;
    for (;;) {
      const r = await deliverDueMail({ ...deps, transport }, { batchSize: BATCH, concurrency: CONCURRENCY });
      delivered += r.sent;
      if (r.failed || r.retried) throw new Error(`delivery: ${r.failed} failed, ${r.retried} retried`);
      if (r.sent === 0) break;
    }
    const deliverMs = performance.now() - d0;
    transport.close();
    if (delivered !== N || smtp.received.length !== N) throw new Error(`delivered ${delivered}, received ${smtp.received.length} of ${N}`);

    // Floor: the pooled transport alone, the same number of messages, 4 at once.
    smtp.received.length = 0;
    const raw = createTransport({ url: smtpUrl, pool: true, maxConnections: CONCURRENCY, maxMessages: Infinity }, { from: 'no-reply@gmis.localhost' });
    const r0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          const i = next++;
          await raw.sendMail({
            to: `r${i}@example.jp`,
            subject: `テスト診療所${i} 様：定期報告のお願い`,
            text: 'テスト',
            messageId: messageIdFor(`floor-${i}`),
          });
        }
      }),
    );
    const rawMs = performance.now() - r0;
    raw.close();
    return {
      enqueueMs: t2 - t0,
      sendCampaignMs: t1 - t0,
      enqueueFloorMs,
      deliverPerSecond: (N / deliverMs) * 1000,
      deliverFloorPerSecond: (N / rawMs) * 1000,
    };
  } finally {
    await smtp.close();
    await handle.close();
    await done();
  }
}

async function main(): Promise<void> {
  log('# bench:operations — 一括メール配信 enqueued and delivered, the 報告状況 board, 臨時休診 from CSV; each beside its floor');
  for (const line of machineSummary()) log(`# ${line}`);
  log(`# ${N} recipients; delivery to an smtp-server in this process, batches of ${BATCH}, ${CONCURRENCY} sends at once`);
  const engines: Engine[] = ['sqlite'];
  const problem = await postgresProblem();
  if (problem) log(`# PostgreSQL: skipped (${problem})`);
  else engines.push('postgres');
  const rows: Array<Array<string | number>> = [];
  for (const engine of engines) {
    const name = engine === 'sqlite' ? 'SQLite file (WAL)' : 'PostgreSQL';
    if (ONLY.has('enqueue') || ONLY.has('deliver')) {
      const m = await measureBulkMail(engine);
      rows.push([
        name,
        `enqueue ${N} (sendCampaign ${fixed(m.sendCampaignMs, 0)} ms + job)`,
        `${fixed(m.enqueueMs, 0)} ms`,
        `${fixed(m.enqueueFloorMs, 0)} ms`,
        fixed(m.enqueueMs / m.enqueueFloorMs, 2),
        m.enqueueMs <= 2000 ? 'met (≤ 2 s)' : 'NOT met (≤ 2 s)',
      ]);
      rows.push([
        name,
        `deliver ${N} over SMTP`,
        `${fixed(m.deliverPerSecond, 0)} mails/s`,
        `${fixed(m.deliverFloorPerSecond, 0)} mails/s`,
        fixed(m.deliverFloorPerSecond / m.deliverPerSecond, 2),
        m.deliverPerSecond >= 200 ? 'met (≥ 200/s)' : 'NOT met (≥ 200/s)',
      ]);
    }
    if (ONLY.has('dashboard')) {
      const d = await measureDashboard(engine);
      rows.push([
        name,
        '報告状況 board (20,000 institutions)',
        `${fixed(d.medianMs, 1)} ms median (p95 ${fixed(d.p95Ms, 1)})`,
        `${fixed(d.floorMedianMs, 1)} ms`,
        fixed(d.medianMs / d.floorMedianMs, 2),
        d.medianMs <= 200 ? 'met (≤ 200 ms)' : 'NOT met (≤ 200 ms)',
      ]);
    }
    if (ONLY.has('closures')) {
      const c = await measureClosures(engine);
      rows.push([
        name,
        `臨時休診 CSV 10,000 rows (check ${fixed(c.validateMs, 0)} + apply ${fixed(c.applyMs, 0)} ms)`,
        `${fixed(c.totalMs, 0)} ms`,
        `${fixed(c.floorMs, 0)} ms`,
        fixed(c.totalMs / c.floorMs, 2),
        c.totalMs <= 3000 ? 'met (≤ 3 s)' : 'NOT met (≤ 3 s)',
      ]);
    }
  }
  log();
  log(table(['engine', 'op', 'figure', 'floor', 'ratio (slower ×)', 'goal'], rows));
  log();
  log(
    '# floor: enqueue = the plain multi-row INSERT of the same outbox rows (built beforehand); deliver = nodemailer pooled transport alone, same server, 4 at once;',
  );
  log('#        dashboard = its one query alone; closures = the same rows in one bulk insert.');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:operations FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
