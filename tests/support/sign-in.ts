import { randomUUID } from 'node:crypto';
import { demoPassword } from '../../db/seeds/demo-users.js';
import type { DevAccount } from '../../dev/dev-idp.js';
import type { UserRole } from '../../domain/roles.js';
import { Browser, type Visit } from './browser.js';
import type { TestStack } from './test-stack.js';

/** A person the stack's identity provider knows, unique to the calling test. */
export function newAccount(stack: TestStack, role: UserRole, email?: string): DevAccount {
  const tag = randomUUID().slice(0, 8);
  const account: DevAccount = { email: email ?? `${role}-${tag}@test.example`, name: `Test ${role} ${tag}`, role };
  stack.idp.addAccount(account);
  return account;
}

/** What happened at each step of a sign-in through the dev identity provider. */
export interface SignInAttempt {
  browser: Browser;
  /** The `tf.sid` cookie before the callback (the pre-sign-in session) and after it. */
  cookieBefore: string | undefined;
  cookieAfter: string | undefined;
  /** The login form as first shown, and the answer to posting it. */
  loginForm: Visit;
  loginAnswer: Visit;
  /** The answer of TicketFlow's `/auth/callback` (a redirect on success, a page when refused); null if never reached. */
  callback: Visit | null;
}

/**
 * Signs in over HTTP the way a browser does: `/auth/login`, the redirects to the identity provider,
 * its login form posted with e-mail and password, then back to `/auth/callback`, keeping cookies.
 */
export async function attemptSignIn(
  stack: TestStack,
  account: { email: string },
  options: { password?: string; returnTo?: string; browser?: Browser } = {},
): Promise<SignInAttempt> {
  const browser = options.browser ?? new Browser();
  const host = new URL(stack.baseUrl).hostname;
  const isCallback = (url: URL) => url.href.startsWith(`${stack.baseUrl}/auth/callback`);
  const login = await browser.send(
    `${stack.baseUrl}/auth/login${options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : ''}`,
  );
  if (login.status !== 302) throw new Error(`/auth/login answered ${login.status}: ${login.body}`);
  const { last: loginForm } = await browser.follow(login, isCallback);
  const action = /<form method="post" action="([^"]+)"/.exec(loginForm.body)?.[1];
  if (!action) throw new Error(`no login form at ${loginForm.url}: ${loginForm.body.slice(0, 300)}`);
  const loginAnswer = await browser.send(new URL(action, loginForm.url).href, {
    form: { email: account.email, password: options.password ?? demoPassword },
  });
  const { next } = await browser.follow(loginAnswer, isCallback);
  const cookieBefore = browser.cookie(host, 'tf.sid');
  const callback = next ? await browser.send(next) : null;
  return { browser, cookieBefore, cookieAfter: browser.cookie(host, 'tf.sid'), loginForm, loginAnswer, callback };
}

/** A signed-in browser with helpers for the API. */
export interface SignedIn {
  browser: Browser;
  account: DevAccount | { email: string };
  /** The session's CSRF token from `GET /api/csrf`. */
  csrfToken(): Promise<string>;
  /** Calls the API with the session cookie; writes carry the CSRF token unless `csrf: false`. */
  api(
    path: string,
    init?: { method?: string; json?: unknown; csrf?: boolean },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any route's JSON; tests read the fields they assert on.
  ): Promise<{ status: number; headers: Headers; body: any }>;
}

/** Signs in and fails the test if TicketFlow does not accept the person. */
export async function signIn(
  stack: TestStack,
  account: DevAccount | { email: string },
  options: { returnTo?: string } = {},
): Promise<SignedIn> {
  const attempt = await attemptSignIn(stack, account, options);
  if (attempt.callback?.status !== 302)
    throw new Error(
      `sign-in of ${account.email} failed: ${attempt.callback?.status} ${attempt.callback?.body ?? attempt.loginAnswer.body}`,
    );
  const { browser } = attempt;
  let token: string | undefined;
  const signedIn: SignedIn = {
    browser,
    account,
    async csrfToken() {
      const res = await browser.send(`${stack.baseUrl}/api/csrf`);
      if (res.status !== 200) throw new Error(`GET /api/csrf answered ${res.status}: ${res.body}`);
      token = (JSON.parse(res.body) as { token: string }).token;
      return token;
    },
    async api(path, init = {}) {
      const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
      const headers: Record<string, string> = { accept: 'application/json' };
      if (method !== 'GET' && init.csrf !== false) headers['x-csrf-token'] = token ?? (await signedIn.csrfToken());
      const res = await browser.send(`${stack.baseUrl}${path}`, {
        method,
        headers,
        ...(init.json === undefined ? {} : { json: init.json }),
      });
      return { status: res.status, headers: res.headers, body: res.body ? JSON.parse(res.body) : null };
    },
  };
  return signedIn;
}
