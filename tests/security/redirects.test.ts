import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { demoPassword } from '../../db/seeds/demo-users.js';
import { attemptSignIn, newAccount } from '../support/sign-in.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Class: open redirects. Whatever `returnTo` a link carries, signing in must end on this site.
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

// Where a browser goes with this Location, from the callback page.
const landing = (location: string | null | undefined) => new URL(location ?? '', `${stack.baseUrl}/auth/callback`);

const offSite = [
  '/.//evil.example/x',
  '/%2e%2e//evil.example/x',
  '/%2E%2e/%2e%2e//evil.example/x',
  '//evil.example/x',
  '/\\evil.example',
  '/%5cevil.example',
  '/%2f%2fevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\u2215\u2215evil.example',
  '/\uFF0F\uFF0Fevil.example',
  'https://evil.example/',
  'https:evil.example',
  '///evil.example',
];

describe('sign-in returnTo', () => {
  it.each(offSite)('never leaves the site for %j', async (returnTo) => {
    const attempt = await attemptSignIn(stack, newAccount(stack, 'customer'), { returnTo });
    expect(attempt.callback?.status).toBe(302);
    const location = attempt.callback?.headers.get('location');
    expect(landing(location).origin).toBe(new URL(stack.baseUrl).origin);
    expect(location).toBe('/');
  });

  it('keeps a real path on the site, normalised as the browser would read it', async () => {
    const attempt = await attemptSignIn(stack, newAccount(stack, 'customer'), {
      returnTo: '/tickets/./42/../43?tab=messages#reply',
    });
    expect(attempt.callback?.headers.get('location')).toBe('/tickets/43?tab=messages#reply');
  });

  it('checks the value again when redirecting, so a returnTo altered in the session store leads home', async () => {
    const browser = new Browser();
    const isCallback = (url: URL) => url.href.startsWith(`${stack.baseUrl}/auth/callback`);
    const login = await browser.send(`${stack.baseUrl}/auth/login?returnTo=%2Ftickets`);
    const { last: form } = await browser.follow(login, isCallback);
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const account = newAccount(stack, 'customer');
    const answer = await browser.send(new URL(action, form.url).href, {
      form: { email: account.email, password: demoPassword },
    });
    const { next: callback } = await browser.follow(answer, isCallback);
    expect(callback).not.toBeNull();
    // Before the callback: someone with write access to the session store (or a session written by
    // an older version) holds a returnTo that leaves the site.
    const sid = decodeURIComponent(browser.cookie(new URL(stack.baseUrl).hostname, 'tf.sid') ?? '')
      .replace(/^s:/, '')
      .replace(/\..*$/, '');
    const updated = await stack.db.raw(
      `update sessions set sess = jsonb_set(sess::jsonb, '{pendingSignIn,returnTo}', '"//evil.example/x"')::json
       where sid = ?`,
      [sid],
    );
    expect(updated.rowCount).toBe(1);
    const done = await browser.send(callback ?? '');
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
  });

  it('sends people without a session from a back office page to sign in and back to that page only', async () => {
    const res = await fetch(`${stack.baseUrl}/admin/resources/tickets?x=//evil.example`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location') ?? '', stack.baseUrl);
    expect(target.pathname).toBe('/auth/login');
    expect(target.searchParams.get('returnTo')).toBe('/admin/resources/tickets?x=//evil.example');
  });
});
