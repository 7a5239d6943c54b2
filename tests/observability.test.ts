import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createKeyedUser, requestJson } from './support/fixtures.js';
import { attemptSignIn, newAccount, signIn } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// The server logs at trace level into memory, so every line it would ever write can be inspected.
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});

const stack = useTestStack({ logger: pino({ level: 'trace' }, sink) });

describe('logs', () => {
  it('never contain a secret, token, cookie or authorization header, yet say what happened with the request id', async () => {
    const secrets = new Set<string>([stack.settings.sessionSecret, stack.settings.oidc.clientSecret]);
    const remember = (value: string | null | undefined) => {
      if (!value || value.length < 8) return;
      secrets.add(value);
      secrets.add(decodeURIComponent(value));
      // The session id inside a signed cookie value (s:<id>.<signature>).
      const sid = /^s:([^.]+)\./.exec(decodeURIComponent(value))?.[1];
      if (sid) secrets.add(sid);
    };

    // A sign-in, its session used for a CSRF-protected write, and sign-out.
    const attempt = await attemptSignIn(stack, newAccount(stack, 'customer'));
    const callbackUrl = new URL(attempt.callback?.url ?? '');
    remember(callbackUrl.searchParams.get('code'));
    remember(callbackUrl.searchParams.get('state'));
    for (const url of attempt.browser.visited)
      for (const name of ['state', 'nonce', 'code_challenge']) remember(new URL(url).searchParams.get(name));
    attempt.browser.cookieValues().forEach(remember);
    remember(attempt.cookieBefore);
    const customer = await signIn(stack, newAccount(stack, 'customer'));
    customer.browser.cookieValues().forEach(remember);
    remember(await customer.csrfToken());
    expect(
      (await customer.api('/api/tickets', { json: { title: 'Logged', description: 'Watch the logs' } })).status,
    ).toBe(201);
    const out = await customer.browser.send(`${stack.baseUrl}/auth/logout`, {
      form: { _csrf: await customer.csrfToken() },
    });
    remember(new URL(out.headers.get('location') ?? '').searchParams.get('id_token_hint'));

    // An API-key request, and one with a wrong key.
    const integrator = await createKeyedUser(stack.db, 'agent');
    remember(integrator.key);
    remember(integrator.key.split('_')[2]);
    expect(
      (
        await requestJson(`${stack.baseUrl}/api/me`, {
          headers: { ...integrator.auth, 'x-request-id': 'trace-me-123' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await requestJson(`${stack.baseUrl}/api/me`, {
          headers: { authorization: `${integrator.auth.authorization}x` },
        })
      ).status,
    ).toBe(401);

    const log = lines.join('\n');
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets)
      expect(log.includes(secret), `a log line contains the secret ${secret.slice(0, 6)}…`).toBe(false);

    // Redaction kept the useful parts.
    const entries = lines.map(
      (l) =>
        JSON.parse(l) as {
          msg?: string;
          req?: { id?: string; url?: string; headers?: Record<string, string> };
          res?: { statusCode?: number; headers?: Record<string, string> };
        },
    );
    const traced = entries.find((e) => e.req?.id === 'trace-me-123');
    expect(traced).toMatchObject({
      req: { url: '/api/me', headers: { authorization: '[Redacted]' } },
      res: { statusCode: 200 },
    });
    const callback = entries.find((e) => e.req?.url?.startsWith('/auth/callback') && e.res);
    expect(callback?.req?.url).toBe('/auth/callback?[Redacted]');
    expect(callback?.req?.headers?.cookie).toBe('[Redacted]');
    expect(callback?.res?.headers?.['set-cookie']).toBe('[Redacted]');
    const login = entries.find((e) => e.req?.url === '/auth/login' && e.res);
    expect(login?.res?.headers?.location).toMatch(/\/auth\?\[Redacted\]$/);
    expect(entries.some((e) => e.msg === 'signed in')).toBe(true);
  });
});

describe('GET /metrics', () => {
  it('counts requests by route pattern, created tickets, workflow calls and errors', async () => {
    const agent = await createKeyedUser(stack.db, 'agent');
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title: 'Measured', description: 'Counted' },
    });
    expect(created.status).toBe(201);
    await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`, { headers: agent.auth });
    await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`);

    const res = await fetch(`${stack.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const series = (name: string, labels: Record<string, string>) =>
      text
        .split('\n')
        .find(
          (line) =>
            line.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)),
        );
    const value = (line: string | undefined) => Number(line?.split(' ').at(-1));

    expect(
      value(series('http_request_duration_seconds_count', { method: 'POST', route: '/api/tickets', status: '201' })),
    ).toBeGreaterThanOrEqual(1);
    // Patterns, not URLs: one series for every ticket id, errors included.
    expect(
      value(series('http_request_duration_seconds_count', { method: 'GET', route: '/api/tickets/:id', status: '200' })),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(series('http_request_duration_seconds_count', { method: 'GET', route: '/api/tickets/:id', status: '401' })),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(`route="/api/tickets/${created.body.id}"`);
    expect(value(series('tickets_created_total', { channel: 'api' }))).toBeGreaterThanOrEqual(1);
    expect(value(series('workflow_calls_total', { operation: 'start', outcome: 'ok' }))).toBeGreaterThanOrEqual(1);
    expect(value(series('errors_total', { code: 'unauthenticated' }))).toBeGreaterThanOrEqual(1);
  });
});
