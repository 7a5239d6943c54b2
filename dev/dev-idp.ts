import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { demoPassword, demoUsers } from '../db/seeds/demo-users.js';
import type { UserRole } from '../domain/roles.js';
import { errorPage, loginPage, logoutPage, signedOutPage } from './dev-idp-pages.js';

/** Someone who can sign in at the dev identity provider. */
export interface DevAccount {
  email: string;
  name: string;
  role: UserRole;
}

/** A running development OpenID Connect provider. */
export interface DevIdentityProvider {
  issuer: string;
  port: number;
  /** Lets one more person sign in (tests use unique people); the password is the demo password. */
  addAccount(account: DevAccount): void;
  close(): Promise<void>;
}

/** The client TicketFlow's server is registered as. */
export interface DevIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

/** The stable subject (`sub`) of a dev account. */
export const devSubjectOf = (email: string) => `dev-${email.toLowerCase()}`;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * Starts the bundled identity provider (oidc-provider) for local runs and tests: a login form for
 * the demo users (password "demo"), consent granted for TicketFlow (a first-party client), and
 * staff roles in a `roles` claim the way Entra ID app roles arrive. Port 0 takes a free port.
 */
export async function startDevIdentityProvider(options: {
  port: number;
  issuer?: string;
  client: DevIdpClient;
  cookieSecret: string;
  accounts?: readonly DevAccount[];
}): Promise<DevIdentityProvider> {
  const accounts = new Map<string, DevAccount>();
  const addAccount = (a: DevAccount) => accounts.set(a.email.toLowerCase(), a);
  (options.accounts ?? demoUsers).forEach(addAccount);
  const bySubject = (sub: string) => [...accounts.values()].find((a) => devSubjectOf(a.email) === sub);

  // Listen first, so port 0 works: the issuer URL must name the real port.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) =>
    sendHtml(res, 503, errorPage('Starting', 'Try again in a moment.'));
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = options.issuer ?? `http://localhost:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        post_logout_redirect_uris: options.client.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // openid-client sends the secret in the form body unless told otherwise.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub', 'roles'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    cookies: { keys: [options.cookieSecret] },
    // A fresh signing key per start: tokens only live as long as this process anyway.
    jwks: {
      keys: [
        {
          ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
          kid: 'dev',
          alg: 'RS256',
          use: 'sig',
        },
      ],
    },
    ttl: {
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      AccessToken: 600,
      IdToken: 3600,
    },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
          ctx.body = signedOutPage();
        },
      },
    },
    async findAccount(_ctx, sub) {
      const account = bySubject(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            email_verified: true,
            name: account.name,
            ...(account.role === 'customer' ? {} : { roles: [account.role] }),
          };
        },
      };
    },
  });
  const oidcCallback = provider.callback();
  const demoAccounts = [...accounts.values()].map((a) => ({ email: a.email, role: a.role }));

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    action: string | undefined,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid)
      return sendHtml(res, 400, errorPage('Sign-in expired', 'Start signing in again from TicketFlow.'));
    if (req.method === 'GET' && details.prompt.name === 'login') {
      return sendHtml(res, 200, loginPage({ uid, demoAccounts, password: demoPassword }));
    }
    if (req.method === 'GET' && details.prompt.name === 'consent') {
      // TicketFlow is this provider's own (first-party) client: consent is granted without asking.
      if (details.params.client_id !== options.client.clientId)
        return sendHtml(res, 403, errorPage('Unknown application', 'Only TicketFlow may sign in here.'));
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session?.accountId as string, clientId: options.client.clientId });
      if (!grant) return sendHtml(res, 400, errorPage('Sign-in expired', 'Start signing in again from TicketFlow.'));
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      return provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    }
    if (req.method === 'POST' && action === 'abort') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user cancelled signing in.' },
        { mergeWithLastSubmission: false },
      );
    }
    if (req.method === 'POST' && action === 'login' && details.prompt.name === 'login') {
      const form = await readForm(req);
      const email = (form.get('email') ?? '').trim();
      const account = accounts.get(email.toLowerCase());
      if (!account || form.get('password') !== demoPassword) {
        return sendHtml(
          res,
          401,
          loginPage({
            uid,
            email,
            error: 'Wrong e-mail or password. Try again.',
            demoAccounts,
            password: demoPassword,
          }),
        );
      }
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: devSubjectOf(account.email) } },
        { mergeWithLastSubmission: false },
      );
    }
    sendHtml(res, 405, errorPage('Not allowed', 'This step of signing in does not take that request.'));
  }

  handle = (req, res) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) {
      void oidcCallback(req, res);
      return;
    }
    interaction(req, res, match[1] as string, match[2]).catch(() => {
      if (!res.headersSent)
        sendHtml(
          res,
          400,
          errorPage('Sign-in expired', 'This sign-in is no longer valid. Start again from TicketFlow.'),
        );
    });
  };

  return {
    issuer,
    port,
    addAccount,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
