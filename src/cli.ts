// `gmis`: the operator's command line. Every command has --help.
import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { ACCOUNT_CATEGORIES, type AccountCategory } from './db/schema.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { listAllAccounts } from './identity/accounts/account-repository.ts';
import { issueAccount } from './identity/accounts/issue-account.ts';
import { unlockAccount } from './identity/accounts/unlock-account.ts';
import { devMailboxOn, listMail } from './mail/outbox.ts';
import { listNaviAccounts, NAVI_USER_ID_PATTERN, normaliseNaviUserId } from './navi/accounts.ts';
import { issueNaviAccount, reissueNaviTemporaryPassword } from './navi/issue-account.ts';
import { unlockNaviAccount } from './navi/sign-in.ts';
import { openRuntime, PARTS, startServers, startWorker, type Part, type Runtime } from './runtime.ts';
import { recordAudit } from './audit/audit-log.ts';
import { listClients, registerClient, removeClient, rotateClientSecret, secretOf } from './sso/provider/clients.ts';
import { listSigningKeys } from './sso/provider/key-repository.ts';
import { rotateSigningKey } from './sso/provider/keys.ts';
import { seedDemoData } from './seed.ts';
import { registerNoticeCommands } from './cli/notices.ts';
import { registerInstitutionCommands } from './cli/institutions.ts';
import { registerRegistrationCommands } from './cli/registration.ts';
import { registerCatalogueCommands } from './cli/catalogue.ts';
import { registerReportingCommands } from './cli/reporting.ts';
import { registerOpenDataCommands } from './cli/opendata.ts';
import { registerSearchCommands } from './cli/search.ts';
import { registerFeedbackCommands } from './cli/feedback.ts';
import { addNationalSeedOptions, nationalSeed, type NationalSeedOptions } from './cli/seed-national.ts';

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config());
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

function onShutdown(fn: () => Promise<void>): void {
  let closing = false;
  const handler = () => {
    if (closing) return;
    closing = true;
    fn().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function serve(parts: Part[], options: { worker: boolean; seed: boolean }): Promise<void> {
  const rt = await openRuntime(config());
  const demo = options.seed && !rt.config.production ? await seedDemoData(rt) : undefined;
  const worker = options.worker && rt.config.inlineWorker ? startWorker(rt) : undefined;
  const servers = await startServers(rt, parts);
  worker?.kick();
  const names = { login: 'Med-Login     ', gmis: 'G-MIS         ', navi: '医療情報ネット' };
  console.log('\nopen-gmis を起動しました');
  for (const part of parts) console.log(`  ${names[part]} ${servers.urls[part]}/`);
  if (devMailboxOn(rt.config) && parts.includes('login')) console.log(`  開発用メールボックス ${rt.config.publicUrl.login}/dev/mailbox`);
  if (demo) {
    console.log('\nデモアカウントを作成しました:');
    console.log(`  ユーザ名 ${demo.hospital.username}（デモ総合病院 担当者）`);
    console.log(`  ユーザ名 ${demo.office.username}（G-MIS事務局 デモ担当）`);
    console.log(`  ユーザ名 ${demo.prefecture.username}（東京都 医療機能情報担当：新規ユーザ登録申請と報告の確認）`);
    console.log(`  アカウント発行通知メールが ${rt.config.publicUrl.login}/dev/mailbox に届いています。`);
    console.log('  メールのリンクからパスワードを設定してください。');
    console.log(`  医療情報ネット 関係者ログイン: ユーザーID ${demo.navi.userId} / 仮パスワード ${demo.navi.temporaryPassword}`);
    console.log(`  デモ総合病院: 前年度の報告が公表されています（${rt.config.publicUrl.navi}/facilities/${demo.reporting.facilityId}）。`);
    console.log(
      `  医療情報ネット: 東京都・神奈川県・大阪府の医療機関と薬局 ${demo.openData.facilities.toLocaleString('ja')}件（合成したオープンデータ）を公表しています。`,
    );
    console.log('  東京都の報告期間が開いているので、G-MISの「医療機能情報・薬局機能情報の報告」から定期報告を始められます。');
    console.log('  東京都の「報告確認」には、髙橋ファミリークリニックの随時報告（変更2項目）が届いています。');
  }
  console.log(`\nデータベース: ${rt.config.database.engine === 'sqlite' ? rt.config.database.file : 'PostgreSQL'}　停止: Ctrl+C\n`);
  onShutdown(async () => {
    await servers.close();
    await worker?.stop();
    await rt.close();
  });
}

const program = new Command().name('gmis').description('open-gmis: Med-Login, G-MIS と 医療情報ネット の運用コマンド').showHelpAfterError();

program
  .command('start')
  .description('migrate, load demo data into an empty database (not in production), serve every part with an in-process worker')
  .action(() => serve(PARTS, { worker: true, seed: true }));

const parseParts = (value: string): Part[] => {
  const parts = value.split(',').map((s) => s.trim());
  for (const p of parts) if (!PARTS.includes(p as Part)) throw new InvalidArgumentError(`one of ${PARTS.join(', ')}`);
  return parts as Part[];
};

program
  .command('serve')
  .description('serve the web origins (all by default)')
  .addOption(new Option('--only <parts>', 'comma-separated parts: login, gmis, navi').argParser(parseParts))
  .option('--no-worker', 'do not run the mail/job worker in this process (run `gmis worker` separately)')
  .action((opts: { only?: Part[]; worker: boolean }) => serve(opts.only ?? PARTS, { worker: opts.worker, seed: false }));

program
  .command('worker')
  .description('deliver queued mail and run background jobs until stopped')
  .option('--once', 'run one pass and exit')
  .action(async (opts: { once?: boolean }) => {
    const rt = await openRuntime(config());
    const worker = startWorker(rt);
    if (opts.once) {
      await worker.runOnce();
      await worker.stop();
      await rt.close();
      return;
    }
    console.log('worker started');
    onShutdown(async () => {
      await worker.stop();
      await rt.close();
    });
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const handle = openDatabase(config().database);
    const applied = await migrateToLatest(handle);
    await handle.close();
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  });

addNationalSeedOptions(program.command('seed'))
  .description('load demo data into an empty database (development only); --national: a synthetic national data set through the open-data import')
  .action((o: NationalSeedOptions, command: Command) =>
    withRuntime(async (rt) => {
      if (await nationalSeed(rt, o, command)) return;
      const demo = await seedDemoData(rt);
      console.log(
        demo
          ? `demo accounts: ${demo.hospital.username} (hospital), ${demo.office.username} (office), ${demo.prefecture.username} (prefecture 13); ` +
              `医療情報ネット ${demo.navi.userId} / ${demo.navi.temporaryPassword}`
          : 'accounts exist already; nothing seeded',
      );
    }),
  );

const account = program.command('account').description('manage accounts');

const issueOptions = z.object({
  category: z.enum(ACCOUNT_CATEGORIES, { message: `category must be one of: ${ACCOUNT_CATEGORIES.join(', ')}` }),
  name: z.string().trim().min(1, 'name is required').max(100),
  email: z.email('email is not a valid address'),
  prefecture: z
    .string()
    .regex(/^(0[1-9]|[1-3][0-9]|4[0-7])$/, 'prefecture must be a code from 01 to 47')
    .optional(),
});

account
  .command('issue')
  .description('issue an account and queue its アカウント発行通知メール; prints the username')
  .requiredOption('--category <category>', `one of ${ACCOUNT_CATEGORIES.join(', ')}`)
  .requiredOption('--name <name>', 'display name, e.g. "XX病院 担当者"')
  .requiredOption('--email <email>', 'where the welcome mail goes')
  .option('--prefecture <code>', 'prefecture code 01–47 (e.g. 27 for 大阪府)', (v) => v.padStart(2, '0'))
  .action(async (raw: Record<string, string>) => {
    const parsed = issueOptions.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) console.error(`error: ${issue.message}`);
      process.exit(2);
    }
    const o = parsed.data;
    await withRuntime(async (rt) => {
      const issued = await issueAccount(rt.deps, {
        category: o.category as AccountCategory,
        displayName: o.name,
        email: o.email,
        prefectureCode: o.prefecture ?? null,
        issuedBy: 'cli',
      });
      console.log(issued.username);
    });
  });

account
  .command('unlock <username>')
  .description('lift the brute-force lock that refuses sign-in from unknown browsers (the office, after checking with the user)')
  .action((username: string) =>
    withRuntime(async (rt) => {
      const result = await unlockAccount(rt.deps, username, 'cli');
      const text = { unlocked: `${username}: unlocked`, not_locked: `${username}: was not locked`, unknown: `${username}: no such account` };
      console.log(text[result]);
      if (result === 'unknown') process.exitCode = 1;
    }),
  );

account
  .command('list')
  .description('list accounts')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) =>
    withRuntime(async (rt) => {
      const rows = await listAllAccounts(rt.deps.db);
      if (opts.json) console.log(JSON.stringify(rows, null, 2));
      else for (const r of rows) console.log(`${r.username}  ${r.state.padEnd(16)} ${r.category}  ${r.display_name} <${r.email}>`);
    }),
  );

// ── 医療情報ネット 関係者ログイン accounts ──────────────────────────────
const naviAccount = program.command('navi-account').description('manage 医療情報ネット 関係者ログイン accounts (own ユーザーID and password)');

const naviIssueOptions = z.object({
  userId: z
    .string()
    .transform(normaliseNaviUserId)
    .pipe(z.string().regex(NAVI_USER_ID_PATTERN, 'user-id must be 4–64 half-width letters, digits, ".", "_" or "-", starting with a letter or digit')),
  name: z.string().trim().min(1, 'name is required').max(100),
  email: z.email('email is not a valid address'),
});

naviAccount
  .command('issue')
  .description('issue an account; prints its temporary password once (it must be changed at the first sign-in)')
  .requiredOption('--user-id <id>', 'the ユーザーID (half-width, case-sensitive), e.g. tokyo-hoken01')
  .requiredOption('--name <name>', 'display name, e.g. "東京都 医療政策部 担当者"')
  .requiredOption('--email <email>', 'where password-reset mail goes')
  .action(async (raw: Record<string, string>) => {
    const parsed = naviIssueOptions.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) console.error(`error: ${issue.message}`);
      process.exit(2);
    }
    const o = parsed.data;
    await withRuntime(async (rt) => {
      const issued = await issueNaviAccount(rt.deps, { userId: o.userId, displayName: o.name, email: o.email, issuedBy: 'cli' });
      if (!issued.ok) {
        console.error(issued.problem === 'user_id_taken' ? `error: ${o.userId} is taken (IDs may not differ only in case)` : `error: invalid user id`);
        process.exitCode = 1;
        return;
      }
      console.log(`user id:            ${issued.account.user_id}`);
      console.log(`temporary password: ${issued.temporaryPassword}`);
      console.log('Hand the temporary password over in person or by phone; it is not mailed and is not shown again.');
    });
  });

naviAccount
  .command('reset-password')
  .description('issue a new temporary password (ends every session; the next sign-in must change it); prints it once')
  .requiredOption('--user-id <id>', 'the ユーザーID (case-sensitive)')
  .action((o: { userId: string }) =>
    withRuntime(async (rt) => {
      const result = await reissueNaviTemporaryPassword(rt.deps, o.userId, 'cli');
      if (!result.ok) {
        console.error(
          result.problem === 'signs_in_through_med_login'
            ? `error: ${o.userId} is registered by single sign-on from G-MIS and signs in only through Med-Login: it has no password here`
            : `error: no account with user id ${o.userId} (user ids are case-sensitive)`,
        );
        process.exitCode = 1;
        return;
      }
      console.log(`user id:            ${result.account.user_id}`);
      console.log(`temporary password: ${result.temporaryPassword}`);
    }),
  );

naviAccount
  .command('unlock')
  .description('lift the brute-force lock that refuses sign-in from unknown browsers (after checking with the user)')
  .requiredOption('--user-id <id>', 'the ユーザーID (case-sensitive)')
  .action((o: { userId: string }) =>
    withRuntime(async (rt) => {
      const result = await unlockNaviAccount(rt.deps, o.userId, 'cli');
      const text = {
        unlocked: `${o.userId}: unlocked`,
        not_locked: `${o.userId}: was not locked`,
        unknown: `${o.userId}: no such account (user ids are case-sensitive)`,
      };
      console.log(text[result]);
      if (result === 'unknown') process.exitCode = 1;
    }),
  );

naviAccount
  .command('list')
  .description('list 医療情報ネット accounts')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) =>
    withRuntime(async (rt) => {
      const rows = (await listNaviAccounts(rt.deps.db)).map((a) => ({
        userId: a.user_id,
        displayName: a.display_name,
        email: a.email,
        state: a.state,
        mustChangePassword: a.must_change_password === 1,
        hasPassword: a.password_hash !== null,
        gmisAccountId: a.gmis_account_id,
        createdAt: new Date(a.created_at).toISOString(),
      }));
      if (opts.json) console.log(JSON.stringify(rows, null, 2));
      else {
        for (const r of rows) {
          const flags = [r.state, r.mustChangePassword ? 'must-change-password' : '', r.gmisAccountId ? 'linked-to-gmis' : ''].filter(Boolean).join(',');
          console.log(`${r.userId.padEnd(24)} ${flags.padEnd(36)} ${r.displayName} <${r.email}>`);
        }
      }
    }),
  );

// ── Single sign-on: signing keys and OIDC clients ─────────────────────
const keys = program.command('keys').description('manage the OpenID provider signing keys');
keys
  .command('rotate')
  .description('add a new signing key; the old one keeps verifying for 24 h (running servers pick the new key up within a minute)')
  .action(() =>
    withRuntime(async (rt) => {
      const kid = await rotateSigningKey(rt.deps.db, rt.secretKey, rt.deps.clock.now());
      await recordAudit(rt.deps.db, rt.deps.clock, { type: 'oidc.keys.rotated', details: { kid } });
      console.log(`new signing key: ${kid}`);
    }),
  );
keys
  .command('list')
  .description('list signing keys, newest first')
  .action(() =>
    withRuntime(async (rt) => {
      for (const k of await listSigningKeys(rt.deps.db)) {
        const state = k.retiredAt === null ? 'signing' : `retired ${new Date(k.retiredAt).toISOString()}`;
        console.log(`${k.kid}  ${k.alg}  created ${new Date(k.createdAt).toISOString()}  ${state}`);
      }
    }),
  );

const oidcClient = program.command('oidc-client').description('manage applications that sign in through Med-Login (OIDC clients)');
const list = (v: string, prev: string[] = []) => [...prev, v];
oidcClient
  .command('add <client-id>')
  .description('register an application; prints its client secret once')
  .requiredOption('--name <name>', 'name on 接続先選択')
  .requiredOption('--home <url>', 'where the 接続先選択 tile leads')
  .requiredOption('--redirect-uri <url>', 'redirect URI (repeatable)', list)
  .option('--post-logout-redirect-uri <url>', 'post-logout redirect URI (repeatable)', list)
  .option('--backchannel-logout-uri <url>', 'back-channel logout URI')
  .option('--description <text>', 'description on 接続先選択', '')
  .option('--first-party', 'an application of this platform: no consent screen')
  .action(
    (
      clientId: string,
      opts: {
        name: string;
        home: string;
        redirectUri: string[];
        postLogoutRedirectUri?: string[];
        backchannelLogoutUri?: string;
        description: string;
        firstParty?: boolean;
      },
    ) =>
      withRuntime(async (rt) => {
        const c = await registerClient(rt.deps, {
          clientId,
          name: opts.name,
          description: opts.description,
          homeUrl: opts.home,
          redirectUris: opts.redirectUri,
          postLogoutRedirectUris: opts.postLogoutRedirectUri ?? [],
          backchannelLogoutUri: opts.backchannelLogoutUri,
          firstParty: Boolean(opts.firstParty),
        });
        console.log(`registered ${c.clientId}`);
        console.log(`client secret (shown once; it is derived from SECRET_KEY, not stored): ${secretOf(rt.deps.secrets, c)}`);
      }),
  );
oidcClient
  .command('list')
  .description('list registered applications')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) =>
    withRuntime(async (rt) => {
      const clients = await listClients(rt.deps.db);
      if (opts.json) console.log(JSON.stringify(clients, null, 2));
      else
        for (const c of clients)
          console.log(`${c.clientId.padEnd(16)} ${c.firstParty ? 'first-party' : 'consent    '}  ${c.name}  ${c.redirectUris.join(' ')}`);
    }),
  );
oidcClient
  .command('remove <client-id>')
  .description('remove an application (G-MIS and 医療情報ネット are registered again at the next start)')
  .action((clientId: string) =>
    withRuntime(async (rt) => {
      if (!(await removeClient(rt.deps, clientId))) {
        console.error(`no such client: ${clientId}`);
        process.exitCode = 1;
        return;
      }
      console.log(`removed ${clientId} (its users' consents, grants and tokens with it)`);
    }),
  );
oidcClient
  .command('rotate-secret <client-id>')
  .description('give an application a new client secret (the old one stops working at once); prints it once')
  .action((clientId: string) =>
    withRuntime(async (rt) => {
      const rotated = await rotateClientSecret(rt.deps.db, clientId);
      if (rotated === undefined) {
        console.error(`no such client: ${clientId}`);
        process.exitCode = 1;
        return;
      }
      console.log(`new client secret: ${secretOf(rt.deps.secrets, rotated)}`);
    }),
  );

registerNoticeCommands(program, withRuntime);
registerInstitutionCommands(program, withRuntime);
registerRegistrationCommands(program, withRuntime);
registerCatalogueCommands(program);
registerReportingCommands(program, withRuntime);
registerOpenDataCommands(program, withRuntime);
registerSearchCommands(program, withRuntime);
registerFeedbackCommands(program, withRuntime);

const mail = program.command('mail').description('inspect the mail outbox');
mail
  .command('list')
  .description(
    'list queued and delivered mail, newest first (bodies as the dev mailbox shows them where it is on; otherwise without links, and none while still sealed)',
  )
  .option('--json', 'print JSON (includes bodies)')
  .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
  .option('--to <address>', 'only mail to this address')
  .action((opts: { json?: boolean; limit: number; to?: string }) =>
    withRuntime(async (rt) => {
      const rows = await listMail(rt.deps.db, { limit: opts.limit, to: opts.to, devMailbox: devMailboxOn(rt.config) });
      if (opts.json) {
        console.log(
          JSON.stringify(
            rows.map((m) => ({
              id: m.id,
              kind: m.kind,
              to: m.to_address,
              subject: m.subject,
              text: m.body_text,
              status: m.status,
              attempts: m.attempts,
              createdAt: new Date(m.created_at).toISOString(),
              sentAt: m.sent_at ? new Date(m.sent_at).toISOString() : null,
              lastError: m.last_error,
            })),
            null,
            2,
          ),
        );
      } else {
        for (const m of rows) console.log(`${new Date(m.created_at).toISOString()}  ${m.status.padEnd(7)} ${m.to_address}  ${m.subject}`);
      }
    }),
  );

await program.parseAsync(process.argv);
