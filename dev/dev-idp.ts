import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { demoUsers } from '../db/seeds/demo-users.js';

/** A running development OpenID Connect provider. */
export interface DevIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

/** The client TicketFlow's server is registered as. */
export interface DevIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

const subjectOf = (email: string) => `demo-${email.split('@')[0]}-${email.split('@')[1]?.split('.')[0]}`;

/**
 * Starts the bundled identity provider (oidc-provider) for local runs and tests. Its accounts are
 * the demo users; staff roles travel in a `roles` claim, the way Entra ID app roles would.
 */
export async function startDevIdentityProvider(options: { port: number; issuer?: string; client: DevIdpClient; cookieSecret: string }): Promise<DevIdentityProvider> {
  const issuer = options.issuer ?? `http://localhost:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        post_logout_redirect_uris: options.client.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], roles: ['roles'] },
    scopes: ['openid', 'email', 'profile', 'roles', 'offline_access'],
    cookies: { keys: [options.cookieSecret] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, sub) {
      const user = demoUsers.find((u) => subjectOf(u.email) === sub || u.email === sub);
      if (!user) return undefined;
      return {
        accountId: subjectOf(user.email),
        async claims() {
          return { sub: subjectOf(user.email), email: user.email, email_verified: true, name: user.name, roles: user.role === 'customer' ? [] : [user.role] };
        },
      };
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
