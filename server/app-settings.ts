import { publicUrl, type Config } from '../config.js';
import type { UserRole } from '../domain/roles.js';
import { sessionAbsoluteTimeoutSeconds, sessionIdleTimeoutSeconds, type SessionTimeouts } from './auth/session.js';
import { defaultRateLimits, type RateLimitSettings } from './security/rate-limits.js';

/** The settings the HTTP app is built from (production: from the environment, see `settingsFromConfig`). */
export interface AppSettings {
  /** Where users reach TicketFlow, without a trailing slash; https turns on Secure cookies. */
  publicUrl: string;
  sessionSecret: string;
  /**
   * APP_SECRET_KEY (32 bytes): integration secrets entered in the back office are encrypted with it,
   * and guest links are signed with a key derived from it (as the worker does for the e-mails).
   */
  appSecretKey: Buffer;
  /** Express's `trust proxy`: which proxies may tell the client's address. */
  trustProxy: number | string[];
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    /** The token claim whose values map to roles (`OIDC_ROLES_CLAIM`). */
    rolesClaim: string;
    roleMap: Readonly<Record<string, UserRole>>;
  };
  /** The Temporal Web UI the back office links each ticket's workflow to (`TEMPORAL_UI_URL`), and the namespace. */
  temporalUi?: { url: string; namespace: string };
  /** OUTBOUND_ALLOW_HOSTS: internal `host:port`s that webhook URLs and mailboxes' IMAP/SMTP hosts may name. */
  outboundAllowHosts?: readonly string[];
}

/** Limits that tests shrink to seconds and small counts; production uses the named defaults. */
export interface AppTuning {
  sessionTimeouts: SessionTimeouts;
  rateLimits: RateLimitSettings;
}

/** The production tuning: ASVS L2 session timeouts and the default rate limits. */
export const defaultTuning: AppTuning = {
  sessionTimeouts: { idleSeconds: sessionIdleTimeoutSeconds, absoluteSeconds: sessionAbsoluteTimeoutSeconds },
  rateLimits: defaultRateLimits,
};

/** Cookies are Secure when users reach TicketFlow over https (the HTTP app and socket.io agree on it). */
export function usesSecureCookies(settings: Pick<AppSettings, 'publicUrl'>): boolean {
  return settings.publicUrl.startsWith('https:');
}

type ServerConfig = Config & {
  [K in 'SESSION_SECRET' | 'APP_SECRET_KEY' | 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET']-?: string;
};

/** The app's settings from the server's validated environment. */
export function settingsFromConfig(config: ServerConfig): AppSettings {
  return {
    publicUrl: publicUrl(config),
    sessionSecret: config.SESSION_SECRET,
    appSecretKey: Buffer.from(config.APP_SECRET_KEY, 'base64'),
    trustProxy: config.TRUST_PROXY,
    outboundAllowHosts: config.OUTBOUND_ALLOW_HOSTS,
    oidc: {
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      rolesClaim: config.OIDC_ROLES_CLAIM,
      roleMap: config.OIDC_ROLE_MAP,
    },
    ...(config.TEMPORAL_UI_URL
      ? { temporalUi: { url: config.TEMPORAL_UI_URL.replace(/\/$/, ''), namespace: config.TEMPORAL_NAMESPACE } }
      : {}),
  };
}
