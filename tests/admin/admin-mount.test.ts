import { describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { newAccount, signIn } from '../support/sign-in.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession } from './admin-session.js';

const stack = useTestStack();

describe('the back office at /admin', () => {
  it('sends people without a session to sign in, and back to the page they asked for', async () => {
    const res = await new Browser().send(`${stack.baseUrl}/admin/resources/tickets`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/auth/login?returnTo=%2Fadmin%2Fresources%2Ftickets');
    const api = await new Browser().send(`${stack.baseUrl}/admin/api/resources/tickets/actions/list`, {
      headers: { accept: 'application/json' },
    });
    expect(api.status).toBe(401);
  });

  it('refuses customers with 403', async () => {
    const customer = await signIn(stack, newAccount(stack, 'customer'));
    const page = await customer.browser.send(`${stack.baseUrl}/admin`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(page.body).toContain('Back office is for staff');
    const api = await customer.browser.send(`${stack.baseUrl}/admin/api/resources/tickets/actions/list`, {
      headers: { accept: 'application/json' },
    });
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
      expect((await agent.session.browser.send(`${stack.baseUrl}/admin/frontend/assets/${asset}`)).status, asset).toBe(
        200,
      );
    }
    const list = await agent.get('/api/resources/tickets/actions/list');
    expect(list.status).toBe(200);
    expect(list.body.meta.sortBy).toBe('id');
  });

  it('refuses writes from other sites', async () => {
    const agent = await adminSession(stack, 'agent');
    const res = await agent.session.browser.send(`${stack.baseUrl}/admin/api/resources/tickets/actions/list`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      json: {},
    });
    expect(res.status).toBe(403);
  });

  it('lists tickets newest first with references by name and filters that combine', async () => {
    const agent = await adminSession(stack, 'agent');
    const requester = await stack
      .db('users')
      .insert({ email: `list-${Date.now()}@test.example`, name: 'Listed Requester', role: 'customer' })
      .returning('id');
    const rows = await stack
      .db('tickets')
      .insert([
        {
          title: 'List older',
          description: 'd',
          requester_id: requester[0].id,
          status: 'open',
          priority: 'high',
          created_at: new Date('2026-01-05T10:00:00Z'),
        },
        {
          title: 'List newer',
          description: 'd',
          requester_id: requester[0].id,
          status: 'open',
          priority: 'high',
          sla_breached: true,
          created_at: new Date('2026-01-06T10:00:00Z'),
        },
      ])
      .returning('id');
    const filtered = await agent.get(
      `/api/resources/tickets/actions/list?filters.requester_id=${requester[0].id}&filters.priority=high`,
    );
    expect(filtered.body.records.map((r: { params: { title: string } }) => r.params.title)).toEqual([
      'List newer',
      'List older',
    ]);
    expect(filtered.body.records[0].populated.requester_id.title).toBe('Listed Requester');
    const breached = await agent.get(
      `/api/resources/tickets/actions/list?filters.requester_id=${requester[0].id}&filters.sla_breached=true`,
    );
    expect(breached.body.records.map((r: { id: number }) => r.id)).toEqual([rows[1].id]);
    const fromOnly = await agent.get(
      `/api/resources/tickets/actions/list?filters.requester_id=${requester[0].id}&filters.created_at~~from=2026-01-06T00:00:00Z`,
    );
    expect(fromOnly.body.meta.total).toBe(1);
    const nonsense = await agent.get('/api/resources/tickets/actions/list?filters.assignee_id=abc');
    expect(nonsense.body.meta.total).toBe(0);
  });

  it('signs out with a form that carries the CSRF token', async () => {
    const agent = await adminSession(stack, 'agent');
    const page = await agent.session.browser.send(`${stack.baseUrl}/admin/logout`, {
      headers: { accept: 'text/html' },
    });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toBeTruthy();
    const out = await agent.session.browser.send(`${stack.baseUrl}/auth/logout`, { form: { _csrf: token as string } });
    expect(out.status).toBe(303);
    expect((await agent.get('/api/resources/tickets/actions/list')).status).toBe(401);
  });
});
