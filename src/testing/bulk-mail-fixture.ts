// Many institutions with one active account each, written in bulk (for the 一括メール配信 fault test
// and benchmark), and the prefecture's staff account that sends to them.
import type { Db } from '../db/dialect.ts';
import type { Account, AccountsTable, InstitutionsTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';

/** `n` open clinics in 東京都中央区, each with an active account whose address is `r<i>@example.jp`. */
export async function seedRecipients(db: Db, n: number, o: { prefectureCode?: string; tag?: string } = {}): Promise<void> {
  const prefecture = o.prefectureCode ?? '13';
  const tag = o.tag ?? 'bulk';
  for (let from = 0; from < n; from += 500) {
    const institutions: Array<Insertable<InstitutionsTable>> = [];
    const accounts: Array<Insertable<AccountsTable>> = [];
    for (let i = from; i < Math.min(n, from + 500); i++) {
      const id = `${tag}-inst-${i}`;
      institutions.push({
        id,
        kind: '診療所',
        prefecture_code: prefecture,
        institution_code: `${tag}${String(i).padStart(7, '0')}`,
        insurance_code: null,
        name: `テスト診療所${i}`,
        name_kana: 'テストシンリョウジョ',
        municipality_code: '13102',
        postcode: '1040061',
        address: '銀座1-2-3',
        building: null,
        phone: '03-1234-5678',
        status: 'open',
        created_at: 0,
        updated_at: 0,
      });
      accounts.push({
        id: `${tag}-acct-${i}`,
        username: `${tag}user${i}`,
        category: '診療所',
        display_name: `テスト診療所${i} 担当`,
        email: `r${i}@example.jp`,
        prefecture_code: prefecture,
        state: 'active',
        password_hash: null,
        password_changed_at: null,
        untrusted_locked_at: null,
        created_at: 0,
        updated_at: 0,
        institution_id: id,
      });
    }
    await db.insertInto('institutions').values(institutions).execute();
    await db.insertInto('accounts').values(accounts).execute();
  }
}

/** The prefecture's staff account that sends. */
export async function prefectureSender(db: Db, prefectureCode = '13', tag = 'bulk'): Promise<Account> {
  const row: Insertable<AccountsTable> = {
    id: `${tag}-sender`,
    username: `${tag}sender`,
    category: '都道府県',
    display_name: '東京都 医療政策課',
    email: `${tag}-sender@example.jp`,
    prefecture_code: prefectureCode,
    state: 'active',
    password_hash: null,
    password_changed_at: null,
    untrusted_locked_at: null,
    created_at: 0,
    updated_at: 0,
  };
  await db.insertInto('accounts').values(row).execute();
  return db.selectFrom('accounts').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
}

/** A real SMTP server (smtp-server) that keeps only each message's To and Message-ID, and survives clients killed mid-message. */
export interface CountingSmtp {
  port: number;
  received: Array<{ to: string; messageId: string }>;
  close(): Promise<void>;
}

/** `refuse`: addresses answered 550 at RCPT TO (an unknown mailbox). */
export async function startCountingSmtp(o: { refuse?: (address: string) => boolean } = {}): Promise<CountingSmtp> {
  const { SMTPServer } = await import('smtp-server');
  const received: CountingSmtp['received'] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (o.refuse?.(address.address))
        return callback(Object.assign(new Error('5.1.1 このメールボックスはありません（unknown mailbox）'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
        const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
        received.push({ to: field('To'), messageId: field('Message-ID') });
        callback();
      });
    },
  });
  // A worker killed mid-conversation resets its connection: that is expected here.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as import('node:net').AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
