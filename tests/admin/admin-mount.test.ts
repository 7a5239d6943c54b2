import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { newAccount, signIn } from '../support/sign-in.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { adminSession } from './admin-session.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

describe('the back office at /admin', () => {
  it('sends people without a session to sign in, and back to the page they asked for', async () => {
    const res = await new Browser().send(`${stack.baseUrl}/admin/resources/tickets`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/auth/login?returnTo=%2Fadmin%2Fresources%2Ftickets');
    const api = await new Browser().send(`${stack.baseUrl}/admin/api/resources/tickets/actions/list`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
  });

  it('refuses customers with 403', async () => {
    const customer = await signIn(stack, newAccount(stack, 'customer'));
    const page = await customer.browser.send(`${stack.baseUrl}/admin`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(page.body).toContain('Back office is for staff');
    const api = await customer.browser.send(`${stack.baseUrl}/admin/api/resources/tickets/actions/list`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(403);
  });

  it('shows staff the back office with their name, and serves the custom components', async () => {
    const agent = await adminSession(stack, 'agent');
    const page = await agent.session.browser.send(`${stack.baseUrl}/admin`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(String((agent.session.account as { name: string }).name));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
    const bundle = await agent.session.browser.send(`${stack.baseUrl}/admin/frontend/assets/components.bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.body).toContain('AdminJS.UserComponents');
    for (const asset of ['app.bundle.js', 'global.bundle.js', 'design-system.bundle.js']) {
      expect((await agent.session.browser.send(`${stack.baseUrl}/admin/frontend/assets/${asset}`)).status, asset).toBe(200);
    }
    const list = await agent.get('/api/resources/tickets/actions/list');
    expect(list.status).toBe(200);
    expect(list.body.meta.sortBy).toBe('id');
  });

  it('refuses writes from other sites', async () => {
    const agent = await adminSession(stack, 'agent');
    const res = await agent.session.browser.send(`${stack.baseUrl}/admin/api/resources/tickets/actions/list`, { method: 'POST', headers: { origin: 'https://evil.example' }, json: {} });
    expect(res.status).toBe(403);
  });
});
