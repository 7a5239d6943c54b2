import { isIP } from 'node:net';
import { z } from 'zod';
import { defaultAttachmentMaxBytes } from './domain/attachment-rules.js';
import { parseAllowHosts } from './domain/outbound-address.js';
import { userRoles, type UserRole } from './domain/roles.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Empty strings count as unset: `FOO=` in a shell or compose file means "not given".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const postgresUrl = z.string().refine((s) => /^postgres(ql)?:\/\/.+/.test(s), {
  message: 'must be a postgres:// URL, e.g. postgres://user:password@localhost:5432/ticketflow',
});

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, {
  message: 'must be host:port, e.g. localhost:7233',
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

// Tokens and client secrets cross this connection: plain http only to an issuer on this machine (the dev one).
const oidcIssuer = httpUrl.refine(
  (s) => s.startsWith('https:') || /^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/.test(s),
  {
    message: 'must be an https URL (plain http is allowed only for localhost)',
  },
);

const appSecretKey = z.string().refine((s) => Buffer.from(s, 'base64').length === 32, {
  message: 'must be 32 bytes of base64; generate one with `openssl rand -base64 32`',
});

const sessionSecret = z.string().min(32, {
  message: 'must be at least 32 characters; generate one with `openssl rand -base64 48`',
});

const roleMapExample = 'TicketFlow.Agent=agent,TicketFlow.Manager=manager,<entra-group-guid>=admin';

// `value=role,value=role`: which values of the roles claim grant which TicketFlow role.
const roleMap = z.string().transform((s, ctx) => {
  const map: Record<string, UserRole> = {};
  for (const pair of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at < 1 || !value || !(userRoles as readonly string[]).includes(role)) {
      ctx.addIssue({
        code: 'custom',
        message: `has "${pair}"; write claim-value=role pairs separated by commas, roles among ${userRoles.join(', ')}, e.g. ${roleMapExample}`,
      });
      return z.NEVER;
    }
    map[value] = role as UserRole;
  }
  return map;
});

/**
 * Ticket workflows a worker keeps cached unless WORKER_MAX_CACHED_WORKFLOWS says otherwise. Measured
 * (`npm run bench -- worker-memory`): about 0.5 MB of RSS per cached workflow over an idle 300 MB, and
 * RSS flat from 5,000 to 20,000 open workflows once the cache is full; 1,000 keeps a worker under 1 GB.
 */
export const defaultMaxCachedWorkflows = 1000;

/** The roles claim values that map to TicketFlow roles when OIDC_ROLE_MAP is unset: each staff role to itself. */
export const defaultRoleMap: Readonly<Record<string, UserRole>> = {
  admin: 'admin',
  manager: 'manager',
  agent: 'agent',
};

const proxyKeywords = ['loopback', 'linklocal', 'uniquelocal'];

// Which proxies may tell us the client's address (X-Forwarded-For): a hop count or addresses.
// `true` (trust anyone) is refused: it lets every client forge its address and dodge rate limits.
const trustProxy = z.string().transform((s, ctx) => {
  if (/^\d+$/.test(s)) return Number(s);
  const entries = s
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !proxyKeywords.includes(e) && isIP(e.split('/')[0] ?? '') === 0);
  if (entries.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a hop count (e.g. 1) or proxy addresses/subnets separated by commas (e.g. 10.0.0.0/8,loopback); not understood: ${bad.join(', ') || s}`,
    });
    return z.NEVER;
  }
  return entries;
});

// Internal endpoints that outbound webhooks may call on purpose (plain http, any address).
const allowHosts = z.string().transform((s, ctx) => {
  try {
    return parseAllowHosts(s);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `must be host:port entries separated by commas, e.g. 127.0.0.1:3002,hooks.internal.example:8443; ${(error as Error).message}`,
    });
    return z.NEVER;
  }
});

const envSchema = z.object({
  DATABASE_URL: optional(postgresUrl),
  TEMPORAL_ADDRESS: optional(hostPort),
  TEMPORAL_NAMESPACE: optional(z.string().min(1)).transform((v) => v ?? 'default'),
  TEMPORAL_CLI_PATH: optional(z.string()),
  TEMPORAL_UI_URL: optional(httpUrl),
  TEMPORAL_REQUEST_TIMEOUT_MS: optional(
    z.coerce
      .number()
      .int({ error: 'must be a whole number of milliseconds, e.g. 2000' })
      .min(100, { error: 'must be at least 100 ms' })
      .max(60_000, { error: 'must be at most 60000 ms' }),
  ).transform((v) => v ?? 2000),
  OIDC_ISSUER: optional(oidcIssuer),
  OIDC_CLIENT_ID: optional(z.string().min(1)),
  OIDC_CLIENT_SECRET: optional(z.string().min(1)),
  OIDC_ROLES_CLAIM: optional(z.string().min(1)).transform((v) => v ?? 'roles'),
  OIDC_ROLE_MAP: optional(roleMap).transform((v) => v ?? defaultRoleMap),
  PUBLIC_URL: optional(httpUrl),
  TRUST_PROXY: optional(trustProxy).transform((v) => v ?? ['loopback']),
  SESSION_SECRET: optional(sessionSecret),
  APP_SECRET_KEY: optional(appSecretKey),
  SENDGRID_API_KEY: optional(z.string().min(1)),
  SENDGRID_API_URL: optional(httpUrl).transform((v) => v ?? 'https://api.sendgrid.com'),
  OUTBOUND_ALLOW_HOSTS: optional(allowHosts).transform((v) => v ?? []),
  MAIL_FROM: optional(z.string().min(3)).transform((v) => v ?? 'TicketFlow <support@ticketflow.localhost>'),
  PORT: optional(z.coerce.number().int().min(1).max(65535)).transform((v) => v ?? 3000),
  ATTACHMENT_MAX_BYTES: optional(
    z.coerce
      .number()
      .int()
      .min(1024, { error: 'must be at least 1024 bytes' })
      .max(1_073_741_824, { error: 'must be at most 1 GiB' }),
  ).transform((v) => v ?? defaultAttachmentMaxBytes),
  ATTACHMENT_STORE: optional(
    z.enum(['filesystem', 'postgres'], {
      error: 'must be filesystem (DATA_DIR/attachments, one machine) or postgres (shared by every replica)',
    }),
  ).transform((v) => v ?? 'filesystem'),
  AUTO_CLOSE_DAYS: optional(
    z.coerce.number().positive({ error: 'must be a positive number of days, e.g. 7 or 0.5' }),
  ).transform((v) => v ?? 7),
  // Open ticket workflows the worker keeps in memory; the rest are evicted and replay from their
  // history when a timer or signal wakes them. The default comes from `npm run bench -- worker-cache`.
  WORKER_MAX_CACHED_WORKFLOWS: optional(
    z.coerce.number().int().min(2, { error: 'must be a whole number of at least 2, e.g. 1000' }),
  ).transform((v) => v ?? defaultMaxCachedWorkflows),
  ACTIVITY_RETENTION_DAYS: optional(
    z.coerce
      .number()
      .int({ error: 'must be a whole number of days, e.g. 90' })
      .min(1, { error: 'must be at least 1 day' })
      .max(3650, { error: 'must be at most 3650 days' }),
  ).transform((v) => v ?? 90),
  // Outbound webhooks: the first retry's delay (doubling up to an hour, for a day), and how long an
  // endpoint may fail without one success before it is disabled and admins are told.
  WEBHOOK_RETRY_INITIAL_SECONDS: optional(
    z.coerce
      .number()
      .min(0.1, { error: 'must be at least 0.1 seconds' })
      .max(3600, { error: 'must be at most 3600 seconds' }),
  ).transform((v) => v ?? 10),
  WEBHOOK_DISABLE_AFTER_HOURS: optional(
    z.coerce.number().positive({ error: 'must be a positive number of hours, e.g. 24 or 0.5' }),
  ).transform((v) => v ?? 24),
  DATA_DIR: optional(z.string()).transform((v) => v ?? '.data'),
  LOG_LEVEL: optional(z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` })).transform(
    (v) => v ?? 'info',
  ),
});

/** The names of every environment variable TicketFlow reads. */
export type EnvName = keyof z.input<typeof envSchema>;

/** The parsed environment; optional entries are checked by the process that needs them. */
export type Config = Readonly<z.output<typeof envSchema>>;

/** Raised when the environment is wrong; its message names each variable and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const howToFix: Partial<Record<EnvName, string>> = {
  DATABASE_URL:
    'set it to your PostgreSQL, e.g. postgres://user:password@localhost:5432/ticketflow (`npm start` runs an embedded one for you)',
  TEMPORAL_ADDRESS: 'set it to your Temporal frontend, e.g. localhost:7233 (`npm start` runs the dev server for you)',
  SESSION_SECRET: 'generate one with `openssl rand -base64 48`',
  APP_SECRET_KEY: 'generate one with `openssl rand -base64 32`',
  OIDC_ISSUER: 'set it to your identity provider, e.g. https://login.microsoftonline.com/<tenant>/v2.0',
  OIDC_CLIENT_ID: 'the client id registered for TicketFlow at your identity provider',
  OIDC_CLIENT_SECRET: 'the client secret registered for TicketFlow at your identity provider',
  PUBLIC_URL: 'set it to the URL users reach TicketFlow at, e.g. https://help.example.com',
};

/** Parses the environment once into a frozen object; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0])} ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

type RequiredKeys<K extends keyof Config> = Config & { readonly [P in K]-?: NonNullable<Config[P]> };

/** Asserts that the settings a process cannot run without are present, naming each missing one. */
export function requireSettings<K extends keyof Config>(config: Config, names: readonly K[]): RequiredKeys<K> {
  const missing = names.filter((name) => config[name] === undefined);
  if (missing.length > 0) {
    const lines = missing.map((name) => `  ${String(name)} is required: ${howToFix[name as EnvName] ?? 'set it'}`);
    throw new ConfigError(`Missing environment:\n${lines.join('\n')}`);
  }
  return config as RequiredKeys<K>;
}

/** What each production process cannot run without; docker-compose.yml must provide all of it. */
export const requiredSettings = {
  server: [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'SESSION_SECRET',
    'APP_SECRET_KEY',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'PUBLIC_URL',
  ],
  worker: ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'APP_SECRET_KEY', 'SENDGRID_API_KEY', 'PUBLIC_URL'],
  migrate: ['DATABASE_URL'],
} as const satisfies Record<string, readonly EnvName[]>;

/** The base URL users reach the server at. */
export function publicUrl(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}
