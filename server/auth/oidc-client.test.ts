import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevIdentityProvider, type DevIdentityProvider } from '../../dev/dev-idp.js';
import { findFreePort } from '../../dev/ports.js';
import { HttpError } from '../http-error.js';
import { createOidcClient, isLoopbackUrl } from './oidc-client.js';

let idp: DevIdentityProvider | undefined;
afterAll(() => idp?.close());

describe('the OpenID Connect client', () => {
  it('answers 503 while the issuer is down, and discovers it once it is back, without a restart', async () => {
    const port = await findFreePort();
    const client = createOidcClient(
      { issuer: `http://localhost:${port}`, clientId: 'tf', clientSecret: 'secret' },
      pino({ level: 'silent' }),
    );
    const down = await client.configuration().catch((error: unknown) => error);
    expect(down).toBeInstanceOf(HttpError);
    expect(down).toMatchObject({
      status: 503,
      code: 'dependency_unavailable',
      message: expect.stringContaining(`The identity provider (http://localhost:${port}) cannot be reached right now`),
    });
    expect(client.cached()).toBeUndefined();

    idp = await startDevIdentityProvider({
      port,
      client: {
        clientId: 'tf',
        clientSecret: 'secret',
        redirectUris: ['http://localhost/cb'],
        postLogoutRedirectUris: [],
      },
      cookieSecret: randomBytes(16).toString('hex'),
    });
    // Failures are not retried for a few seconds, so a flood of sign-ins does not hammer a dead issuer.
    await new Promise((r) => setTimeout(r, 5_100));
    const config = await client.configuration();
    expect(config.serverMetadata().issuer).toBe(`http://localhost:${port}`);
    expect(client.cached()).toBe(config);
    expect(client.browserOrigins()).toEqual([`http://localhost:${port}`]);
  });

  it('allows plain http only for issuers on this machine', () => {
    expect(isLoopbackUrl(new URL('http://localhost:3001'))).toBe(true);
    expect(isLoopbackUrl(new URL('http://127.0.0.1:3001'))).toBe(true);
    expect(isLoopbackUrl(new URL('http://[::1]:3001'))).toBe(true);
    expect(isLoopbackUrl(new URL('http://login.example.com'))).toBe(false);
    expect(isLoopbackUrl(new URL('http://127.0.0.1.evil.example'))).toBe(false);
  });
});
