// The fault test of 一括メール配信 (issue 15): a 10,000-recipient campaign delivered by a real worker
// process (`gmis worker`, SQLite file, SMTP to an smtp-server in this test) that is SIGKILLed when
// about half has arrived and then started again. Every recipient receives exactly one message: one
// Message-ID each, none missing. A mail the killed worker had handed to SMTP but not yet marked sent
// is sent again by the restarted one with the same Message-ID (the receiving side drops it); the test
// reports how many such copies came, which at most the sends in flight can be.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { testHasher } from '../identity/password/hasher.ts';
import { systemClock } from '../platform/clock.ts';
import { cryptoRandom, Secrets } from '../platform/secrets.ts';
import { actorOf } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { prefectureSender, seedRecipients, startCountingSmtp } from '../testing/bulk-mail-fixture.ts';
import { campaignProgress, sendCampaign } from './bulk-mail.ts';

const N = 10_000;
const SECRET_KEY = 'fault-test-secret-key-0123456789abcdef-xyz';
const GMIS = fileURLToPath(new URL('../../bin/gmis.js', import.meta.url));

const dir = mkdtempSync(path.join(os.tmpdir(), 'gmis-bulk-fault-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('SIGKILL of the worker halfway through 10,000 bulk mails: after a restart every recipient has exactly one', { timeout: 90_000 }, async () => {
  const file = path.join(dir, 'gmis.sqlite');
  const peer = await startCountingSmtp();
  const t0 = Date.now();
  const at = (what: string) => console.log(`# ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${file}`,
    SMTP_URL: `smtp://127.0.0.1:${peer.port}`,
    SECRET_KEY,
    LOG_LEVEL: 'silent',
    BULK_MAIL_PER_SECOND: '100000',
    // A killed worker's claims keep others off its rows this long: short here, 60 s by default.
    MAIL_CLAIM_SECONDS: '2',
  };
  const handle = openDatabase({ engine: 'sqlite', file });
  const children: ChildProcess[] = [];
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
      config: loadConfig({ NODE_ENV: 'test', SMTP_URL: env.SMTP_URL, SECRET_KEY }),
    };
    const actor = await actorOf(handle.db, await prefectureSender(handle.db));
    const sent = await sendCampaign(
      deps,
      actor,
      {
        subject: '{機関名} 様',
        body: '{担当者名} 様\n{報告期限} までに定期報告をお願いします。',
        filter: { fiscalYear: 2026, reportKind: 'annual', status: 'not_reported' },
        idempotencyKey: 'fault-test',
      },
      undefined,
    );
    assert.ok(sent.ok);
    at('campaign sent');

    const startWorker = () => {
      const child = spawn(process.execPath, [GMIS, 'worker'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      return child;
    };
    const until = async (what: string, done: () => boolean | Promise<boolean>, ms: number, everyMs = 20) => {
      const end = Date.now() + ms;
      while (!(await done())) {
        if (Date.now() > end) assert.fail(`timed out waiting for ${what} (${peer.received.length} received)`);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    };

    const first = startWorker();
    await until('half of the mail', () => peer.received.length >= N / 2, 40_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = peer.received.length;
    at(`killed at ${atKill}`);
    assert.ok(atKill < N, 'killed before the end');

    const second = startWorker();
    await until(
      'the rest',
      async () => {
        const p = await campaignProgress(deps, actor, sent.campaignId);
        return p !== undefined && p.done;
      },
      45_000,
      250,
    );
    at('all delivered');
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    const byRecipient = new Map<string, Set<string>>();
    for (const { to, messageId: id } of peer.received) {
      assert.ok(id, 'every message has a Message-ID');
      if (!byRecipient.has(to)) byRecipient.set(to, new Set());
      byRecipient.get(to)!.add(id);
    }
    assert.equal(byRecipient.size, N, 'nobody skipped');
    for (const [to, ids] of byRecipient) assert.equal(ids.size, 1, `${to} got ${ids.size} different messages`);
    const resent = peer.received.length - N;
    // Only mails in flight at the kill (accepted by SMTP, not yet marked sent) can come twice, with their Message-ID.
    assert.ok(resent <= loadConfig({}).mailSendConcurrency, `${resent} copies resent after the kill`);
    const p = await campaignProgress(deps, actor, sent.campaignId);
    assert.deepEqual([p?.sent, p?.failed, p?.queued], [N, 0, 0]);
    console.log(`# fault test: ${atKill} received at the kill, ${N} recipients, ${resent} copies resent with the same Message-ID`);
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await handle.close();
    await peer.close();
  }
});
