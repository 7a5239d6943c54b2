import { describe, expect, it } from 'vitest';
import { devSubjectOf } from '../dev/dev-idp.js';
import { insertUser } from '../db/users.js';
import type { Browser } from './support/browser.js';
import { attemptSignIn, newAccount, signIn } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

const stack = useTestStack();

const userRow = (email: string) => stack.db('users').whereRaw('lower(email) = lower(?)', [email]).first();
const sessionCookie = (browser: Browser) => browser.cookie('127.0.0.1', 'tf.sid');
const withCookie = (cookie: string | undefined) => ({ headers: { cookie: `tf.sid=${cookie}` } });

describe('signing in with OpenID Connect (dev identity provider)', () => {
  it('provisions a new customer on first sign-in, rotates the session id, and returns to the page asked for', async () => {
    const account = newAccount(stack, 'customer');
    const attempt = await attemptSignIn(stack, account, { returnTo: '/tickets/42?tab=messages' });

    expect(attempt.loginForm.status).toBe(200);
    expect(attempt.loginForm.body).toContain('<label for="email">E-mail</label>');
    expect(attempt.callback?.status).toBe(302);
    expect(attempt.callback?.headers.get('location')).toBe('/tickets/42?tab=messages');
    // The session that carried the sign-in (state, nonce, PKCE) is not the one that is signed in.
    expect(attempt.cookieBefore).toBeDefined();
    expect(attempt.cookieAfter).toBeDefined();
    expect(attempt.cookieAfter).not.toBe(attempt.cookieBefore);

    const row = await userRow(account.email);
    expect(row).toMatchObject({
      email: account.email,
      name: account.name,
      role: 'customer',
      oidc_issuer: stack.idp.issuer,
      oidc_subject: devSubjectOf(account.email),
      active: true,
    });
    const me = await attempt.browser.send(`${stack.baseUrl}/api/me`);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toEqual({ id: row.id, email: account.email, name: account.name, role: 'customer' });

    // The pre-sign-in session id is worthless now, so planting one (session fixation) gains nothing.
    expect((await fetch(`${stack.baseUrl}/api/me`, withCookie(attempt.cookieBefore))).status).toBe(401);

    // A replayed callback finds nothing to complete.
    const replay = await attempt.browser.send(attempt.callback?.url ?? '', { headers: { accept: 'text/html' } });
    expect(replay.status).toBe(400);
    expect(replay.body).toContain('expired or was already used');

    // Signing in again finds the same user.
    await signIn(stack, account);
    expect(await stack.db('users').whereRaw('lower(email) = lower(?)', [account.email])).toHaveLength(1);
  });

  it('links an agent created by an admin by verified e-mail and takes the staff role from the roles claim', async () => {
    const account = newAccount(stack, 'agent');
    const created = await insertUser(stack.db, {
      email: account.email.toUpperCase(),
      name: 'Made by an admin',
      role: 'customer',
    });
    const agent = await signIn(stack, account);
    const me = await agent.api('/api/me');
    expect(me.body).toMatchObject({ id: created.id, role: 'agent' });
    expect(await userRow(account.email)).toMatchObject({
      id: created.id,
      oidc_subject: devSubjectOf(account.email),
      role: 'agent',
    });
  });

  it('gives a new staff member the highest mapped role, follows role changes, and keeps an admin-given role when the claim maps none', async () => {
    const manager = newAccount(stack, 'manager');
    expect((await (await signIn(stack, manager)).api('/api/me')).body.role).toBe('manager');

    // The identity provider now says agent: the claim decides at the next sign-in.
    stack.idp.addAccount({ ...manager, role: 'agent' });
    expect((await (await signIn(stack, manager)).api('/api/me')).body.role).toBe('agent');

    // Promoted in TicketFlow by an admin, with no mapped role at the identity provider: the role stays.
    const promoted = newAccount(stack, 'customer');
    const user = await insertUser(stack.db, { email: promoted.email, name: promoted.name, role: 'agent' });
    expect((await (await signIn(stack, promoted)).api('/api/me')).body).toMatchObject({ id: user.id, role: 'agent' });
  });

  it('refuses an account already bound to another sign-in, and a deactivated user, with a page saying why', async () => {
    const taken = newAccount(stack, 'customer');
    await insertUser(stack.db, {
      email: taken.email,
      name: 'Someone else',
      role: 'admin',
      oidcIssuer: stack.idp.issuer,
      oidcSubject: 'another-subject',
    });
    const hijack = await attemptSignIn(stack, taken);
    expect(hijack.callback?.status).toBe(403);
    expect(hijack.callback?.headers.get('content-type')).toMatch(/text\/html/);
    expect(hijack.callback?.body).toContain('is already linked to another sign-in');
    expect((await hijack.browser.send(`${stack.baseUrl}/api/me`)).status).toBe(401);

    const account = newAccount(stack, 'customer');
    const customer = await signIn(stack, account);
    await stack.db('users').whereRaw('lower(email) = lower(?)', [account.email]).update({ active: false });
    // The open session stops working at once…
    expect((await customer.api('/api/me')).status).toBe(401);
    // …and signing in again is refused.
    const again = await attemptSignIn(stack, account);
    expect(again.callback?.status).toBe(403);
    expect(again.callback?.body).toContain('Your TicketFlow account is deactivated');
  });

  it('shows the login form again with an error for a wrong password', async () => {
    const account = newAccount(stack, 'customer');
    const attempt = await attemptSignIn(stack, account, { password: 'not-the-password' });
    expect(attempt.loginAnswer.status).toBe(401);
    expect(attempt.loginAnswer.body).toMatch(/<p id="login-error" class="error" role="alert">Wrong e-mail or password/);
    expect(attempt.loginAnswer.body).toContain(`value="${account.email}"`);
    expect(attempt.callback).toBeNull();
    expect(await userRow(account.email)).toBeUndefined();
  });

  it('never sends the user off-site after sign-in', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/phish', '/\\evil.example']) {
      const attempt = await attemptSignIn(stack, newAccount(stack, 'customer'), { returnTo });
      expect(attempt.callback?.headers.get('location'), returnTo).toBe('/');
    }
  });

  it('refuses cookie-authenticated writes without the CSRF token, and accepts them with it', async () => {
    const customer = await signIn(stack, newAccount(stack, 'customer'));
    const ticket = { title: 'CSRF probe', description: 'Should need a token' };

    const missing = await customer.api('/api/tickets', { json: ticket, csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toEqual({
      code: 'forbidden',
      message: expect.stringMatching(
        /needs a CSRF token: get one from GET \/api\/csrf and send it in the X-CSRF-Token header/,
      ),
    });

    const wrong = await customer.browser.send(`${stack.baseUrl}/api/tickets`, {
      json: ticket,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.body).error.message).toMatch(/CSRF token is wrong/);

    // A token from another session does not fit this one.
    const other = await signIn(stack, newAccount(stack, 'customer'));
    const foreign = await customer.browser.send(`${stack.baseUrl}/api/tickets`, {
      json: ticket,
      headers: { 'x-csrf-token': await other.csrfToken() },
    });
    expect(foreign.status).toBe(403);

    const created = await customer.api('/api/tickets', { json: ticket });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'CSRF probe',
      channel: 'portal',
      requester: { email: customer.account.email },
    });
    expect(await stack.db('tickets').where({ title: 'CSRF probe' })).toHaveLength(1);
  });

  it('signs out: needs the CSRF token, ends the session, and signs out at the identity provider too', async () => {
    const customer = await signIn(stack, newAccount(stack, 'customer'));
    const cookie = sessionCookie(customer.browser);

    const forged = await customer.browser.send(`${stack.baseUrl}/auth/logout`, {
      form: {},
      headers: { accept: 'application/json' },
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.code).toBe('forbidden');
    expect((await customer.api('/api/me')).status).toBe(200);

    const out = await customer.browser.send(`${stack.baseUrl}/auth/logout`, {
      form: { _csrf: await customer.csrfToken() },
    });
    expect(out.status).toBe(303);
    const endSession = new URL(out.headers.get('location') ?? '');
    expect(endSession.origin).toBe(new URL(stack.idp.issuer).origin);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${stack.baseUrl}/`);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(sessionCookie(customer.browser)).toBeUndefined();
    expect((await fetch(`${stack.baseUrl}/api/me`, withCookie(cookie))).status).toBe(401);

    // The identity provider asks to confirm, then sends the user back to TicketFlow.
    const confirm = await customer.browser.send(endSession.href);
    expect(confirm.body).toContain('Sign out of the development identity provider?');
    const action = /<form[^>]*action="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const back = await customer.browser.follow(
      await customer.browser.send(new URL(action, endSession).href, { form: { xsrf, logout: 'yes' } }),
      (url) => url.origin === stack.baseUrl,
    );
    expect(back.next).toBe(`${stack.baseUrl}/`);

    // Scripts may ask for the target as JSON instead of a redirect.
    const scripted = await signIn(stack, newAccount(stack, 'customer'));
    const json = await scripted.api('/auth/logout', { method: 'POST' });
    expect(json.status).toBe(200);
    expect(json.body.redirectTo).toMatch(new RegExp(`^${stack.idp.issuer}/`));
  });
});

describe('session expiry', () => {
  const short = useTestStack({ tuning: { sessionTimeouts: { idleSeconds: 2, absoluteSeconds: 4 } } });

  // The cookie is replayed by hand: the server must refuse it, whatever the browser would do.
  const meWith = (cookie: string | undefined) =>
    fetch(`${short.baseUrl}/api/me`, withCookie(cookie)).then((r) => r.status);

  it('ends a session left idle longer than the idle timeout', async () => {
    const cookie = sessionCookie((await signIn(short, newAccount(short, 'customer'))).browser);
    expect(await meWith(cookie)).toBe(200);
    // The store keeps expiry to the second (rounded up), so allow one more.
    await new Promise((r) => setTimeout(r, 3_300));
    expect(await meWith(cookie)).toBe(401);
  });

  it('ends an active session at the absolute timeout', async () => {
    const start = Date.now();
    const cookie = sessionCookie((await signIn(short, newAccount(short, 'customer'))).browser);
    const statuses: { at: number; status: number }[] = [];
    // A request every half second: never idle for 2 s, yet refused once 4 s have passed since sign-in.
    while (statuses.at(-1)?.status !== 401 && Date.now() - start < 10_000) {
      statuses.push({ at: Date.now() - start, status: await meWith(cookie) });
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(statuses.filter((s) => s.at < 3_500).map((s) => s.status)).toEqual(
      statuses.filter((s) => s.at < 3_500).map(() => 200),
    );
    expect(statuses.at(-1)?.status).toBe(401);
    expect(statuses.at(-1)?.at).toBeGreaterThanOrEqual(4_000);
  });
});
