// Outbox delivery against a real SMTP peer (smtp-server) on both engines: retries, permanent
// rejection, SMTP down, concurrent workers and Japanese text, each mail arriving exactly once.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { after, beforeEach, test } from 'node:test';
import type { DatabaseHandle } from '../db/database.ts';
import { forEachEngine } from '../testing/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { cryptoRandom, Secrets, UnsealError } from '../platform/secrets.ts';
import { backoffMs, CLAIM_MS, deliverDueMail, MAX_ATTEMPTS, type DeliveryDeps } from './delivery.ts';
import { enqueueMail, findMail, LINK_REDACTED, listMail, protectStoredMail, SEALED_NOTICE, unsealBody, type OutboxDeps } from './outbox.ts';
import { welcomeMail } from './templates.ts';
import { classifySmtpError, devMailboxTransport, MailDeliveryError, smtpTransport, type MailTransport } from './transport.ts';
import { startPoller } from '../platform/poller.ts';
import { smtpError, startSmtpPeer, type SmtpPeer } from '../testing/smtp-peer.ts';

const FROM = { name: 'G-MIS事務局', address: 'no-reply@gmis.localhost' };
const SECRETS = new Secrets('delivery-test-secret-key-0123456789abcdef');
/** SMTP configured: the dev mailbox is off, so no readable copy is kept. */
const WITH_SMTP = { production: false, smtpUrl: 'smtp://127.0.0.1:25' };
const WITH_DEV_MAILBOX = { production: false, smtpUrl: undefined };

/** A port nothing listens on (for "SMTP is down"). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function headerBlock(raw: string): string {
  const end = raw.indexOf('\r\n\r\n');
  return (end < 0 ? raw : raw.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
}

function header(raw: string, name: string): string | undefined {
  const re = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im');
  return re.exec(headerBlock(raw))?.[1]?.trim();
}

function messageIdCounts(peer: SmtpPeer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of peer.received) {
    const id = header(raw, 'Message-ID') ?? '(none)';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function decodeQuotedPrintable(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '_' && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words, UTF-8 only (what nodemailer writes). */
function decodeHeaderValue(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text, true)).toString('utf8'),
    );
}

function decodeBody(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const encoding = (header(raw, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body, false)
        : Buffer.from(body, 'utf8');
  return bytes.toString('utf8').replace(/\r\n/g, '\n');
}

test('SMTP failures are sorted into permanent and temporary', () => {
  const nodemailerError = (fields: object) => Object.assign(new Error('smtp'), fields);
  const permanent = (fields: object) => classifySmtpError(nodemailerError(fields)).permanent;
  assert.equal(permanent({ code: 'EENVELOPE', responseCode: 550, response: '550 No such user' }), true);
  assert.equal(permanent({ code: 'EMESSAGE', responseCode: 552 }), true);
  assert.equal(permanent({ code: 'EMESSAGE', responseCode: 451 }), false);
  // nodemailer's own reading wins where it has one: 503 is a session-state error, not a refusal.
  assert.equal(permanent({ code: 'EPROTOCOL', responseCode: 503, permanent: false }), false);
  assert.equal(permanent({ code: 'EAUTH', responseCode: 535 }), false, 'bad credentials are fixed by the operator');
  assert.equal(permanent({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }), false);
  assert.equal(permanent({ code: 'ETIMEDOUT' }), false);
  assert.equal(permanent({ code: 'EENVELOPE' }), true, 'an envelope nodemailer refuses to send');
  assert.equal(classifySmtpError(nodemailerError({ responseCode: 550, response: '550 Gone' })).message, '550 Gone');
});

forEachEngine('mail delivery', (handle: () => DatabaseHandle) => {
  const cleanups: Array<() => unknown> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function peerAndTransport(): Promise<{ peer: SmtpPeer; transport: MailTransport }> {
    const peer = await startSmtpPeer();
    const transport = smtpTransport(`smtp://127.0.0.1:${peer.port}`, FROM);
    cleanups.push(
      () => peer.close(),
      () => transport.close(),
    );
    return { peer, transport };
  }

  function depsWith(transport: MailTransport, clock: ManualClock): DeliveryDeps {
    return { db: handle().db, dialect: handle().dialect, clock, secrets: SECRETS, transport };
  }

  function outboxDeps(clock: ManualClock, config: OutboxDeps['config'] = WITH_SMTP): OutboxDeps {
    return { clock, random: cryptoRandom, secrets: SECRETS, config };
  }

  async function enqueue(clock: ManualClock, count: number, subject = 'お知らせ'): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(
        await enqueueMail(handle().db, outboxDeps(clock), {
          kind: 'test.notice',
          to: `user${i}@example.jp`,
          subject: `${subject} ${i}`,
          text: `本文 ${i}`,
        }),
      );
    }
    return ids;
  }

  async function rows(ids: string[]) {
    return Promise.all(ids.map(async (id) => (await findMail(handle().db, id))!));
  }

  beforeEach(async () => {
    await handle().db.deleteFrom('mail_outbox').execute();
  });

  test('backoff doubles from 30 s and stops at one hour', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 20].map(backoffMs), [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
  });

  test('temporary 451 refusals are retried after the backoff and each mail arrives once', async () => {
    const { peer, transport } = await peerAndTransport();
    peer.refuse = (n) => (n <= 2 ? smtpError(451, 'Try again later') : undefined);
    const clock = new ManualClock();
    const deps = depsWith(transport, clock);
    const ids = await enqueue(clock, 3);

    assert.deepEqual(await deliverDueMail(deps), { sent: 1, retried: 2, failed: 0 });
    const waiting = (await rows(ids)).filter((r) => r.status === 'pending');
    assert.equal(waiting.length, 2);
    for (const row of waiting) {
      assert.equal(row.next_attempt_at, clock.now() + backoffMs(1));
      assert.match(row.last_error ?? '', /451/);
      assert.equal(row.locked_until, null);
    }
    assert.deepEqual(await deliverDueMail(deps), { sent: 0, retried: 0, failed: 0 }, 'not due before the backoff');

    clock.advance(backoffMs(1));
    assert.deepEqual(await deliverDueMail(deps), { sent: 2, retried: 0, failed: 0 });
    clock.advance(backoffMs(8));
    assert.deepEqual(await deliverDueMail(deps), { sent: 0, retried: 0, failed: 0 });

    const counts = messageIdCounts(peer);
    assert.deepEqual([...counts.keys()].sort(), ids.map((id) => `<${id}@open-gmis>`).sort());
    assert.ok(
      [...counts.values()].every((n) => n === 1),
      'no mail doubled',
    );
    assert.equal(peer.dataAttempts, 5);
    const final = await rows(ids);
    assert.ok(final.every((r) => r.status === 'sent' && r.transport === 'smtp' && r.sent_at !== null));
    assert.ok(final.every((r) => r.locked_until === null && r.last_error === null));
    assert.deepEqual(final.map((r) => r.attempts).sort(), [1, 2, 2]);
  });

  test('a 550 rejection fails the mail at once and it is not retried', async () => {
    const { peer, transport } = await peerAndTransport();
    peer.refuse = () => smtpError(550, 'Mailbox unavailable');
    const clock = new ManualClock();
    const deps = depsWith(transport, clock);
    const [id] = await enqueue(clock, 1);

    assert.deepEqual(await deliverDueMail(deps), { sent: 0, retried: 0, failed: 1 });
    const row = (await findMail(handle().db, id!))!;
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /550.*Mailbox unavailable/);

    clock.advance(backoffMs(8) * 2);
    assert.deepEqual(await deliverDueMail(deps), { sent: 0, retried: 0, failed: 0 });
    assert.equal(peer.dataAttempts, 1);
  });

  test(`temporary failures give up after ${MAX_ATTEMPTS} attempts`, async () => {
    const { peer, transport } = await peerAndTransport();
    peer.refuse = () => smtpError(421, 'Service not available');
    const clock = new ManualClock();
    const deps = depsWith(transport, clock);
    const [id] = await enqueue(clock, 1);

    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      assert.deepEqual(await deliverDueMail(deps), { sent: 0, retried: 1, failed: 0 });
      clock.advance(backoffMs(attempt));
    }
    assert.deepEqual(await deliverDueMail(deps), { sent: 0, retried: 0, failed: 1 });
    const row = (await findMail(handle().db, id!))!;
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, MAX_ATTEMPTS);
    assert.match(row.last_error ?? '', /421/);
    assert.equal(peer.dataAttempts, MAX_ATTEMPTS);
  });

  test('with SMTP down mail stays pending, and is delivered once when it is back', async () => {
    const port = await closedPort();
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, FROM);
    cleanups.push(() => transport.close());
    const clock = new ManualClock();
    const deps = depsWith(transport, clock);
    const ids = await enqueue(clock, 2);

    assert.deepEqual(await deliverDueMail(deps), { sent: 0, retried: 2, failed: 0 });
    for (const row of await rows(ids)) {
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.equal(row.next_attempt_at, clock.now() + backoffMs(1));
      assert.ok(row.last_error, 'the connection error is kept');
    }

    const peer = await startSmtpPeer(port);
    cleanups.push(() => peer.close());
    clock.advance(backoffMs(1));
    assert.deepEqual(await deliverDueMail(deps), { sent: 2, retried: 0, failed: 0 });
    assert.deepEqual([...messageIdCounts(peer).values()], [1, 1]);
    assert.ok((await rows(ids)).every((r) => r.status === 'sent' && r.attempts === 2));
  });

  test('two workers at once deliver each mail once', async () => {
    const { peer, transport } = await peerAndTransport();
    const clock = new ManualClock();
    const deps = depsWith(transport, clock);
    const ids = await enqueue(clock, 6);

    const drain = async (workerId: string): Promise<number> => {
      let sent = 0;
      for (;;) {
        const r = await deliverDueMail(deps, { batchSize: 2, workerId });
        if (r.sent + r.retried + r.failed === 0) return sent;
        sent += r.sent;
      }
    };
    const [a, b] = await Promise.all([drain('a'), drain('b')]);

    assert.equal(a + b, 6);
    assert.equal(peer.dataAttempts, 6);
    const counts = messageIdCounts(peer);
    assert.equal(counts.size, 6);
    assert.ok([...counts.values()].every((n) => n === 1));
    assert.ok((await rows(ids)).every((r) => r.status === 'sent' && r.attempts === 1));
  });

  test('an outcome is not recorded once another worker has taken over an expired claim', async () => {
    const clock = new ManualClock();
    const sentBy: string[] = [];
    const takeover: MailTransport = {
      name: 'smtp',
      async send() {
        sentBy.push('b');
      },
      close() {},
    };
    const slow: MailTransport = {
      name: 'smtp',
      async send() {
        sentBy.push('a');
        // Worker a stalls past its claim; worker b reclaims the row meanwhile.
        clock.advance(CLAIM_MS + 1);
        assert.deepEqual(await deliverDueMail(depsWith(takeover, clock)), { sent: 1, retried: 0, failed: 0 });
        throw new MailDeliveryError('timed out', { permanent: false });
      },
      close() {},
    };
    const [id] = await enqueue(clock, 1);

    assert.deepEqual(await deliverDueMail(depsWith(slow, clock)), { sent: 0, retried: 0, failed: 0 });
    const row = (await findMail(handle().db, id!))!;
    assert.deepEqual(sentBy, ['a', 'b']);
    assert.equal(row.status, 'sent', "b's success is not overwritten by a's late failure");
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, null);
  });

  test('a row whose claim ran out while earlier sends were slow is left for the next pass', async () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const slow: MailTransport = {
      name: 'smtp',
      async send(mail) {
        sent.push(mail.id);
        clock.advance(CLAIM_MS + 1);
      },
      close() {},
    };
    const ids = await enqueue(clock, 2);

    assert.deepEqual(await deliverDueMail(depsWith(slow, clock)), { sent: 1, retried: 0, failed: 0 });
    assert.equal(sent.length, 1);
    assert.deepEqual(await deliverDueMail(depsWith(slow, clock)), { sent: 1, retried: 0, failed: 0 });
    assert.deepEqual([...sent].sort(), [...ids].sort());
    assert.equal((await rows([sent[1]!]))[0]!.attempts, 2, 'the skipped claim still counts as an attempt');
  });

  test('Japanese subject, body and sender name arrive intact', async () => {
    const { peer, transport } = await peerAndTransport();
    const clock = new ManualClock();
    const subject = '【G-MIS】アカウント発行のお知らせ（医療機関等情報支援システム）';
    const text = [
      '医療法人社団　青空会　みどり病院',
      '山田　太郎　様',
      '',
      'G-MISのアカウントを発行しました。次のURLから7日以内に初回パスワードを設定してください。',
      'https://login.example.jp/first-password?token=abc-123_XYZ',
      '',
      '※このメールは送信専用です。ご不明な点は事務局までお問い合わせください。',
    ].join('\n');
    const id = await enqueueMail(handle().db, outboxDeps(clock), {
      kind: 'account.welcome',
      to: 'yamada@midori-hp.example.jp',
      subject,
      text,
    });

    assert.deepEqual(await deliverDueMail(depsWith(transport, clock)), { sent: 1, retried: 0, failed: 0 });
    assert.equal(peer.received.length, 1);
    const raw = peer.received[0]!;
    assert.match(raw, /^[\x00-\x7f]*$/, 'the message on the wire is 7-bit');
    assert.match(header(raw, 'Content-Type') ?? '', /charset=utf-8/i);
    assert.equal(header(raw, 'Message-ID'), `<${id}@open-gmis>`);
    assert.equal(decodeHeaderValue(header(raw, 'Subject') ?? ''), subject);
    assert.equal(decodeHeaderValue(header(raw, 'From') ?? ''), `${FROM.name} <${FROM.address}>`);
    assert.equal(decodeBody(raw).trimEnd(), text);
  });

  // A welcome mail as issueAccount writes it, with a working one-time link.
  const TOKEN = 'Qx7tW2mZ9vB4nK8rL1pS6dF3gH5jA0cE2yU4iO7wT9e';
  const welcome = (to = 'kanja@midori-hp.example.jp') =>
    welcomeMail(
      { fromName: 'G-MIS事務局', officeAddress: 'helpdesk@gmis.example.jp', loginUrl: 'https://login.example.jp/' },
      {
        accountId: 'acc-1',
        to,
        displayName: 'みどり病院 担当者',
        username: 'ab123456',
        link: `https://login.example.jp/welcome/${TOKEN}`,
        expiresAt: '2026年12月8日 09:30',
      },
    );

  test('a pending row holds neither the link nor any readable text', async () => {
    const clock = new ManualClock();
    const message = welcome();
    const id = await enqueueMail(handle().db, outboxDeps(clock), message);
    const row = (await findMail(handle().db, id))!;
    assert.equal(row.status, 'pending');
    assert.equal(row.body_state, 'sealed');
    assert.equal(row.dev_body_text, null, 'no readable copy without the dev mailbox');
    assert.ok(!row.body_text.includes(TOKEN), 'no token');
    assert.doesNotMatch(row.body_text, /https?:|welcome|ab123456|[\u3000-\u9fff]/, 'no link, username or Japanese text');
    assert.match(row.body_text, /^v1\.[A-Za-z0-9_-]+$/);
    assert.equal(unsealBody(SECRETS, row), message.text, 'the key it was sealed under opens it');
    const [listed] = await listMail(handle().db, { devMailbox: false });
    assert.equal(listed!.body_text, SEALED_NOTICE, 'listed outside the dev mailbox: a notice, not the body');
  });

  test('delivered over SMTP: the mail arrives whole, and the row keeps it without its links', async () => {
    const { peer, transport } = await peerAndTransport();
    const clock = new ManualClock();
    const message = welcome();
    const id = await enqueueMail(handle().db, outboxDeps(clock), message);
    assert.deepEqual(await deliverDueMail(depsWith(transport, clock)), { sent: 1, retried: 0, failed: 0 });

    assert.equal(peer.received.length, 1);
    assert.equal(decodeBody(peer.received[0]!).trimEnd(), message.text.trimEnd(), 'the recipient gets the working link');
    const row = (await findMail(handle().db, id))!;
    assert.equal(row.status, 'sent');
    assert.equal(row.body_state, 'redacted');
    assert.ok(!row.body_text.includes(TOKEN));
    assert.doesNotMatch(row.body_text, /https?:/);
    assert.ok(row.body_text.includes(LINK_REDACTED));
    assert.ok(row.body_text.includes('ab123456') && row.body_text.includes('みどり病院 担当者 様'), 'the rest of the mail stays readable');
    assert.equal((await listMail(handle().db, { devMailbox: false }))[0]!.body_text, row.body_text);
  });

  test('a mail given up for good keeps no link either', async () => {
    const { peer, transport } = await peerAndTransport();
    peer.refuse = () => smtpError(550, 'Mailbox unavailable');
    const clock = new ManualClock();
    const id = await enqueueMail(handle().db, outboxDeps(clock), welcome());
    assert.deepEqual(await deliverDueMail(depsWith(transport, clock)), { sent: 0, retried: 0, failed: 1 });
    const row = (await findMail(handle().db, id))!;
    assert.equal(row.status, 'failed');
    assert.equal(row.body_state, 'redacted');
    assert.ok(!row.body_text.includes(TOKEN));
  });

  test('another SECRET_KEY cannot read a pending body, and says so', async () => {
    const { peer, transport } = await peerAndTransport();
    const clock = new ManualClock();
    const id = await enqueueMail(handle().db, outboxDeps(clock), welcome());
    const row = (await findMail(handle().db, id))!;
    const other = new Secrets('another-secret-key-entirely-0123456789abcdef');
    assert.throws(
      () => unsealBody(other, row),
      (err: unknown) => err instanceof UnsealError && /another SECRET_KEY/.test(err.message),
    );
    assert.throws(() => unsealBody(SECRETS, { ...row, id: 'another-row' }), UnsealError, 'a sealed body does not open as another row');

    const wrongKey = { ...depsWith(transport, clock), secrets: other };
    assert.deepEqual(await deliverDueMail(wrongKey), { sent: 0, retried: 1, failed: 0 });
    assert.equal(peer.received.length, 0, 'nothing garbled was sent');
    const after = (await findMail(handle().db, id))!;
    assert.equal(after.status, 'pending', 'kept for when the right key is back');
    assert.match(after.last_error ?? '', /another SECRET_KEY/);
    assert.equal(after.body_text, row.body_text);

    clock.advance(backoffMs(1));
    assert.deepEqual(await deliverDueMail(depsWith(transport, clock)), { sent: 1, retried: 0, failed: 0 }, 'the right key sends it');
  });

  test('with the dev mailbox on, the row keeps a readable copy, listed in place of the body', async () => {
    const clock = new ManualClock();
    const message = welcome();
    const id = await enqueueMail(handle().db, outboxDeps(clock, WITH_DEV_MAILBOX), message);
    assert.deepEqual(await deliverDueMail(depsWith(devMailboxTransport(), clock)), { sent: 1, retried: 0, failed: 0 });
    const row = (await findMail(handle().db, id))!;
    assert.equal(row.body_state, 'redacted');
    assert.ok(!row.body_text.includes(TOKEN));
    assert.equal(row.dev_body_text, message.text);
    assert.equal((await listMail(handle().db))[0]!.body_text, message.text, 'the dev mailbox shows the working link');
    assert.ok(!(await listMail(handle().db, { devMailbox: false }))[0]!.body_text.includes(TOKEN), 'ignored where the dev mailbox is off');
  });

  test('at start, rows from before sealing are sealed or stripped, and dev copies go where the dev mailbox is off', async () => {
    const clock = new ManualClock();
    const legacy = (id: string, status: 'pending' | 'sent') => ({
      id,
      kind: 'account.welcome',
      to_address: 'old@example.jp',
      subject: '件名',
      body_text: welcome().text,
      account_id: null,
      status,
      attempts: 0,
      next_attempt_at: clock.now(),
      locked_until: null,
      last_error: null,
      created_at: clock.now(),
      sent_at: status === 'sent' ? clock.now() : null,
      transport: status === 'sent' ? 'smtp' : null,
      body_state: 'plain' as const,
      dev_body_text: 'a copy written while the dev mailbox was on',
    });
    await handle()
      .db.insertInto('mail_outbox')
      .values([legacy('0-pending', 'pending'), legacy('0-sent', 'sent')])
      .execute();

    assert.equal(await protectStoredMail(handle().db, { secrets: SECRETS, config: WITH_SMTP }), 2);
    const pending = (await findMail(handle().db, '0-pending'))!;
    const sent = (await findMail(handle().db, '0-sent'))!;
    assert.equal(pending.body_state, 'sealed');
    assert.ok(!pending.body_text.includes(TOKEN));
    assert.equal(unsealBody(SECRETS, pending), welcome().text);
    assert.equal(sent.body_state, 'redacted');
    assert.ok(!sent.body_text.includes(TOKEN));
    assert.equal(pending.dev_body_text, null);
    assert.equal(sent.dev_body_text, null);
    assert.equal(await protectStoredMail(handle().db, { secrets: SECRETS, config: WITH_SMTP }), 0, 'once');
  });

  test('the dev mailbox transport keeps the row as the delivered mail', async () => {
    const clock = new ManualClock();
    const [id] = await enqueue(clock, 1);
    assert.deepEqual(await deliverDueMail(depsWith(devMailboxTransport(), clock)), { sent: 1, retried: 0, failed: 0 });
    const row = (await findMail(handle().db, id!))!;
    assert.equal(row.status, 'sent');
    assert.equal(row.transport, 'dev-mailbox');
    assert.equal(row.sent_at, clock.now());
  });

  test('a poller running deliverDueMail delivers soon after kick() and stops cleanly', async () => {
    const clock = new ManualClock();
    const deps = depsWith(devMailboxTransport(), clock);
    const worker = startPoller(async () => (await deliverDueMail(deps)).sent === 20, { intervalMs: 60_000 });
    cleanups.push(() => worker.stop());
    // Let the pass that runs at start find the empty outbox, so only kick() can deliver what follows.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [id] = await enqueue(clock, 1);
    worker.kick();
    const deadline = Date.now() + 3000;
    while ((await findMail(handle().db, id!))?.status !== 'sent') {
      assert.ok(Date.now() < deadline, 'kick() did not deliver within 3 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await worker.stop();
    assert.equal((await listMail(handle().db)).length, 1);
  });
});
