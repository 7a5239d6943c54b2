import { newAccount, signIn, type SignedIn } from '../support/sign-in.js';
import type { TestStack } from '../support/test-stack.js';
import type { UserRole } from '../../domain/roles.js';

/** A signed-in staff member calling AdminJS's own API routes the way its pages do (same-origin). */
export interface AdminSession {
  session: SignedIn;
  userId: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- AdminJS answers differ per action; tests read the fields they assert on.
  get(path: string): Promise<{ status: number; body: any }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
  post(path: string, json?: unknown): Promise<{ status: number; body: any }>;
}

/** Signs a new person of `role` in through the dev identity provider and returns AdminJS API helpers. */
export async function adminSession(stack: TestStack, role: UserRole): Promise<AdminSession> {
  const account = newAccount(stack, role);
  const session = await signIn(stack, account, { returnTo: '/admin' });
  const me = await session.api('/api/me');
  const call = async (path: string, init: { method?: string; json?: unknown } = {}) => {
    const res = await session.browser.send(`${stack.baseUrl}/admin${path}`, {
      ...init,
      headers: { origin: stack.baseUrl, accept: 'application/json' },
    });
    return {
      status: res.status,
      body: res.body && res.headers.get('content-type')?.includes('json') ? JSON.parse(res.body) : res.body,
    };
  };
  return {
    session,
    userId: me.body.id,
    get: (path) => call(path),
    post: (path, json = {}) => call(path, { method: 'POST', json }),
  };
}
