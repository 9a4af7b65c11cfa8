// Configuration from the environment, validated once at start with one clear message per bad value.
import path from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int('整数で指定してください').positive('正の数で指定してください').default(fallback);

const url = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => /^https?:\/\/[^/]+$/.test(v.replace(/\/$/, '')), 'http(s)://host[:port] の形で指定してください')
    .transform((v) => v.replace(/\/$/, ''));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\//.test(v) || v.startsWith('sqlite:'), {
      message: 'postgres://… か sqlite:ファイル名 で指定してください',
    }),
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^smtps?:\/\//.test(v), 'smtp:// か smtps:// で指定してください'),
  DATABASE_READ_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'postgres://… で指定してください（PostgreSQL の読み取り専用レプリカ）'),
  REDIS_URL: z.string().optional(),
  PUBLIC_URL_LOGIN: url('http://localhost:3000'),
  PUBLIC_URL_GMIS: url('http://localhost:3001'),
  PUBLIC_URL_NAVI: url('http://localhost:3002'),
  HOST: z.string().default('127.0.0.1'),
  PORT_LOGIN: z.coerce.number().int().min(0).max(65535).optional(),
  PORT_GMIS: z.coerce.number().int().min(0).max(65535).optional(),
  PORT_NAVI: z.coerce.number().int().min(0).max(65535).optional(),
  SECRET_KEY: z.string().min(32, '32文字以上のランダムな文字列を指定してください').optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  WELCOME_LINK_DAYS: positiveInt(7),
  RESET_LINK_HOURS: positiveInt(24),
  LOCKOUT_THRESHOLD: positiveInt(100),
  API_RATE_LIMIT_PER_MINUTE: positiveInt(120),
  SEARCH_CACHE_ENTRIES: z.coerce.number().int('整数で指定してください').min(0, '0以上で指定してください').default(2000),
  SQLITE_READ_THREADS: z.coerce.number().int('整数で指定してください').min(0, '0以上で指定してください').max(64, '64以下で指定してください').default(2),
  AUDIT_RETENTION_DAYS: positiveInt(400),
  BULK_MAIL_PER_SECOND: positiveInt(50),
  MAIL_SEND_CONCURRENCY: z.coerce.number().int('整数で指定してください').min(1, '1以上で指定してください').max(4, '4以下で指定してください').default(4),
  MAIL_CLAIM_SECONDS: z.coerce.number().int('整数で指定してください').min(2, '2以上で指定してください').default(60),
  MAIL_FROM_NAME: z.string().min(1).default('G-MIS事務局'),
  MAIL_FROM_ADDRESS: z.email('メールアドレスの形で指定してください').default('no-reply@gmis.localhost'),
  OFFICE_EMAIL: z.email('メールアドレスの形で指定してください').default('helpdesk@gmis.localhost'),
  RETURN_TO_ALLOWLIST: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('data'),
  WORKER: z.enum(['inline', 'off']).default('inline'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  production: boolean;
  database: { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };
  /** A PostgreSQL replica 医療情報ネット's search reads from (DATABASE_READ_URL); writes go to database. */
  readDatabase: { engine: 'postgres'; url: string } | undefined;
  smtpUrl: string | undefined;
  redisUrl: string | undefined;
  publicUrl: { login: string; gmis: string; navi: string };
  host: string;
  ports: { login: number; gmis: number; navi: number };
  secretKey: string | undefined;
  trustProxy: boolean;
  session: { idleMs: number; absoluteMs: number };
  welcomeLinkMs: number;
  resetLinkMs: number;
  lockoutThreshold: number;
  /** 医療情報ネット's public API (/api/v1): requests per minute per address (shared through Redis when redisUrl is set). */
  apiRateLimitPerMinute: number;
  /** Search answers kept in memory per database while the index stays the same (0: none). */
  searchCacheEntries: number;
  /** On a SQLite file: threads 医療情報ネット's search reads on, beside the main connection (0: it reads on the main one). */
  sqliteReadThreads: number;
  /** Audit events older than this are deleted by the worker. */
  auditRetentionMs: number;
  /** 一括メール配信: mails a second the worker hands to SMTP at most (transactional mail goes first, unlimited). */
  bulkMailPerSecond: number;
  /** Mails the worker sends at once (over as many pooled SMTP connections). */
  mailSendConcurrency: number;
  /** How long a worker's claim on an outbox row lasts: a killed worker's rows wait this long (sends time out well inside 60 s). */
  mailClaimMs: number;
  mail: { fromName: string; fromAddress: string; officeAddress: string };
  /** Absolute URLs (origin + path prefix) a sign-in may return to. */
  returnToAllowlist: string[];
  logLevel: string;
  dataDir: string;
  inlineWorker: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`設定に誤りがあります:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function portOf(publicUrl: string): number {
  const u = new URL(publicUrl);
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production && !e.SECRET_KEY) problems.push('SECRET_KEY: 本番環境では必須です');
  if (production && !e.SMTP_URL) problems.push('SMTP_URL: 本番環境では必須です（開発用メールボックスは使えません）');
  const dbUrl = e.DATABASE_URL;
  const onPostgres = !!dbUrl && /^postgres/.test(dbUrl);
  if (e.DATABASE_READ_URL && !onPostgres) problems.push('DATABASE_READ_URL: DATABASE_URL が PostgreSQL のときだけ指定できます');
  if (problems.length) throw new ConfigError(problems);

  const database: Config['database'] =
    dbUrl && onPostgres
      ? { engine: 'postgres', url: dbUrl }
      : { engine: 'sqlite', file: dbUrl ? dbUrl.slice('sqlite:'.length) : path.join(e.DATA_DIR, 'gmis.sqlite') };

  const publicUrl = { login: e.PUBLIC_URL_LOGIN, gmis: e.PUBLIC_URL_GMIS, navi: e.PUBLIC_URL_NAVI };
  const extra = e.RETURN_TO_ALLOWLIST.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    production,
    database,
    readDatabase: e.DATABASE_READ_URL ? { engine: 'postgres', url: e.DATABASE_READ_URL } : undefined,
    smtpUrl: e.SMTP_URL,
    redisUrl: e.REDIS_URL,
    publicUrl,
    host: e.HOST,
    ports: {
      login: e.PORT_LOGIN ?? portOf(publicUrl.login),
      gmis: e.PORT_GMIS ?? portOf(publicUrl.gmis),
      navi: e.PORT_NAVI ?? portOf(publicUrl.navi),
    },
    secretKey: e.SECRET_KEY,
    trustProxy: e.TRUST_PROXY,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    welcomeLinkMs: e.WELCOME_LINK_DAYS * 86_400_000,
    resetLinkMs: e.RESET_LINK_HOURS * 3_600_000,
    lockoutThreshold: e.LOCKOUT_THRESHOLD,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    searchCacheEntries: e.SEARCH_CACHE_ENTRIES,
    sqliteReadThreads: e.SQLITE_READ_THREADS,
    auditRetentionMs: e.AUDIT_RETENTION_DAYS * 86_400_000,
    bulkMailPerSecond: e.BULK_MAIL_PER_SECOND,
    mailSendConcurrency: e.MAIL_SEND_CONCURRENCY,
    mailClaimMs: e.MAIL_CLAIM_SECONDS * 1000,
    mail: { fromName: e.MAIL_FROM_NAME, fromAddress: e.MAIL_FROM_ADDRESS, officeAddress: e.OFFICE_EMAIL },
    returnToAllowlist: [`${publicUrl.gmis}/`, `${publicUrl.navi}/`, ...extra],
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    inlineWorker: e.WORKER === 'inline',
  };
}
