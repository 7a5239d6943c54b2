import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, type AdminSession } from '../admin/admin-session.js';
import { createKeyedUser, requestJson } from '../support/fixtures.js';
import { attemptSignIn, newAccount } from '../support/sign-in.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Class: security headers and cookies, on every kind of answer: portal page, API, errors, sign-in,
// back office.
let stack: TestStack;
let agent: AdminSession;
beforeAll(async () => {
  stack = await startTestStack();
  agent = await adminSession(stack, 'agent');
});
afterAll(() => stack?.close());

const cspOf = (res: Response | { headers: Headers }) =>
  Object.fromEntries(
    (res.headers.get('content-security-policy') ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers', () => {
  it('every kind of answer carries the CSP, nosniff, no framing, no referrer and no X-Powered-By', async () => {
    const keyed = await createKeyedUser(stack.db, 'customer');
    const answers = [
      await fetch(`${stack.baseUrl}/`),
      await fetch(`${stack.baseUrl}/api/me`, { headers: keyed.auth }),
      await fetch(`${stack.baseUrl}/api/me`),
      await fetch(`${stack.baseUrl}/api/nothing-here`),
      await fetch(`${stack.baseUrl}/auth/login`, { redirect: 'manual' }),
      await fetch(`${stack.baseUrl}/admin`, { redirect: 'manual', headers: { accept: 'text/html' } }),
      await fetch(`${stack.baseUrl}/healthz`),
    ];
    for (const res of answers) {
      const where = `${res.url} ${res.status}`;
      const csp = cspOf(res);
      expect(csp['default-src'], where).toEqual(["'self'"]);
      expect(csp['frame-ancestors'], where).toEqual(["'none'"]);
      expect(csp['object-src'], where).toEqual(["'none'"]);
      expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), where).toMatch(/DENY|SAMEORIGIN/);
      expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
      expect(res.headers.get('x-powered-by'), where).toBeNull();
      expect(res.headers.get('strict-transport-security'), where).toMatch(/max-age=\d{7,}/);
    }
    // Scripts: this site only, no inline script outside the back office.
    expect(cspOf(answers[0]!)['script-src']).toEqual(["'self'"]);
    expect(cspOf(answers[0]!)['script-src-attr']).toEqual(["'none'"]);
  });

  it('API and back office answers are never kept in caches, and errors tell no internals', async () => {
    const keyed = await createKeyedUser(stack.db, 'customer');
    const me = await fetch(`${stack.baseUrl}/api/me`, { headers: keyed.auth });
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/);
    const list = await agent.session.browser.send(`${stack.baseUrl}/admin/api/resources/tickets/actions/list`, {
      headers: { accept: 'application/json' },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    // A malformed body: a 400 in the contract shape, no stack trace, no library names.
    const bad = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: keyed.auth,
      rawBody: '{"title": ',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['error']);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.(ts|js):\d+|node_modules|SyntaxError/);
  });

  it('the session cookie is HttpOnly and SameSite=Lax, and changes at sign-in', async () => {
    const attempt = await attemptSignIn(stack, newAccount(stack, 'customer'));
    const setCookie = attempt.callback?.headers.getSetCookie().find((c) => c.startsWith('tf.sid=')) ?? '';
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(attempt.cookieAfter).not.toBe(attempt.cookieBefore);
  });

  it('the back office alone allows inline scripts (AdminJS bootstraps with them), and nothing else relaxes', async () => {
    const page = await agent.session.browser.send(`${stack.baseUrl}/admin`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = cspOf(page);
    expect(csp['script-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['connect-src']).toContain("'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
  });
});
