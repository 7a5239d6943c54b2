import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayUse } from '../../admin/permissions.js';
import type { StaffRole } from '../../domain/roles.js';
import type { BackOfficeAction } from '../../admin/write-actions.js';
import { actionPath, startBackOfficeWorld, type BackOfficeWorld } from '../support/back-office-world.js';
import { changedTables, snapshotDatabase } from '../support/db-snapshot.js';
import { createKeyedUser, requestJson } from '../support/fixtures.js';
import { newAccount, signIn } from '../support/sign-in.js';

// Class: access control across roles and organizations, over HTTP (live sockets: see
// access-control-live.test.ts). The permission table decides; no spelling of a path gets around it.
let world: BackOfficeWorld;
beforeAll(async () => {
  world = await startBackOfficeWorld();
}, 180_000);
afterAll(() => world?.close());

// Spellings Express routes to the same AdminJS route.
const spellings: [string, (path: string) => string][] = [
  ['as is', (p) => p],
  ['upper-case prefix', (p) => p.replace(/^\/api\/resources\//, '/API/RESOURCES/')],
  ['trailing slash', (p) => p.replace(/(\?|$)/, '/$1')],
  [
    'encoded resource name',
    (p) => p.replace(/^(\/api\/resources\/)([^/]+)/, (_m, a: string, r: string) => a + r.replace(/_/g, '%5F')),
  ],
  ['upper-case and trailing slash', (p) => p.replace(/^\/api\//, '/API/').replace(/(\?|$)/, '/$1')],
];

const label = (a: BackOfficeAction) => `${a.resourceId}.${a.name}`;

describe('the back office role guard', () => {
  it('refuses every action a role may not use, however the path is spelled, and nothing changes', async () => {
    const failures: string[] = [];
    const before = await snapshotDatabase(world.stack.db);
    for (const role of ['agent', 'manager'] as StaffRole[]) {
      const session = world.sessions[role];
      for (const action of world.actions.filter((a) => !mayUse(role, a.resourceId, a.name))) {
        await Promise.all(
          spellings.flatMap(([how, spell]) =>
            (['GET', 'POST'] as const).map(async (method) => {
              const path = spell(actionPath(world, action));
              const res = method === 'GET' ? await session.get(path) : await session.post(path, { name: 'pwned' });
              if (res.status !== 403)
                failures.push(`${role} ${method} ${label(action)} (${how}) ${path}: ${res.status}`);
            }),
          ),
        );
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await snapshotDatabase(world.stack.db))).toEqual([]);
  }, 240_000);

  it('lets each role use what the table allows, also when the path is spelled otherwise', async () => {
    const agent = world.sessions.agent;
    for (const [, spell] of spellings) {
      const res = await agent.get(spell('/api/resources/tickets/actions/list'));
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.records)).toBe(true);
    }
  });

  it('refuses customers every back office API path, and sends them to the portal on pages', async () => {
    const customer = await signIn(world.stack, newAccount(world.stack, 'customer'));
    const before = await snapshotDatabase(world.stack.db);
    const statuses = new Set<number>();
    for (const action of world.actions) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await customer.browser.send(`${world.stack.baseUrl}/admin${actionPath(world, action)}`, {
          method,
          headers: { origin: world.stack.baseUrl, accept: 'application/json' },
          ...(method === 'POST' ? { json: { name: 'pwned' } } : {}),
        });
        statuses.add(res.status);
      }
    }
    expect([...statuses]).toEqual([403]);
    expect(changedTables(before, await snapshotDatabase(world.stack.db))).toEqual([]);
    const page = await customer.browser.send(`${world.stack.baseUrl}/admin`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(page.body).toContain('Back office is for staff');
  });

  it('refuses names that are not resources or actions with 404/403, never a server error', async () => {
    const admin = world.sessions.admin;
    for (const path of [
      '/api/resources/sessions/actions/list',
      '/api/resources/outbox/actions/list',
      '/api/resources/rate_limits/actions/list',
      '/api/resources/constructor/actions/list',
      '/api/resources/__proto__/actions/list',
      '/api/resources/tickets/records/1/constructor',
      '/api/resources/tickets/records/1/toString',
      '/api/resources/tickets/actions/hasOwnProperty',
    ]) {
      const res = await admin.get(path);
      expect([403, 404], path).toContain(res.status);
    }
  });
});

describe('tickets across organizations', () => {
  it('customers see their own tickets and, where the organization shares, their colleagues’ — nobody else’s', async () => {
    const { db, baseUrl } = world.stack;
    const [sharing, closed] = await db('organizations')
      .insert([
        { name: 'Sharing Ltd', shares_tickets: true },
        { name: 'Private Ltd', shares_tickets: false },
      ])
      .returning('id');
    const alice = await createKeyedUser(db, 'customer', { organizationId: sharing.id });
    const bob = await createKeyedUser(db, 'customer', { organizationId: sharing.id });
    const carol = await createKeyedUser(db, 'customer', { organizationId: closed.id });
    const dave = await createKeyedUser(db, 'customer', { organizationId: closed.id });
    const raise = async (who: typeof alice) =>
      (
        await requestJson(`${baseUrl}/api/tickets`, {
          headers: who.auth,
          body: { title: `Ticket of ${who.user.name}`, description: 'x' },
        })
      ).body.id as number;
    const [aliceTicket, carolTicket] = [await raise(alice), await raise(carol)];
    const sees = async (who: typeof alice, id: number) =>
      (await requestJson(`${baseUrl}/api/tickets/${id}`, { headers: who.auth })).status;
    expect(await sees(bob, aliceTicket)).toBe(200);
    expect(await sees(carol, aliceTicket)).toBe(404);
    expect(await sees(dave, carolTicket)).toBe(404);
    expect(await sees(alice, carolTicket)).toBe(404);
    // Nor can they write to it, or list it.
    const reply = await requestJson(`${baseUrl}/api/tickets/${carolTicket}/messages`, {
      headers: dave.auth,
      body: { body: 'Let me in' },
    });
    expect(reply.status).toBe(404);
    const list = await requestJson(`${baseUrl}/api/tickets?limit=100`, { headers: dave.auth });
    expect(list.body.items.map((t: { id: number }) => t.id)).not.toContain(carolTicket);
    // Customers never get internal notes or staff-only routes.
    const events = await requestJson(`${baseUrl}/api/tickets/${aliceTicket}/events`, { headers: alice.auth });
    expect(events.status).toBe(403);
    const patch = await requestJson(`${baseUrl}/api/tickets/${aliceTicket}`, {
      method: 'PATCH',
      headers: alice.auth,
      body: { priority: 'urgent' },
    });
    expect(patch.status).toBe(403);
  });

  it('a read-only API key reads but cannot write', async () => {
    const reader = await createKeyedUser(world.stack.db, 'agent', { scopes: ['tickets:read'] });
    const { baseUrl } = world.stack;
    expect((await requestJson(`${baseUrl}/api/tickets`, { headers: reader.auth })).status).toBe(200);
    const write = await requestJson(`${baseUrl}/api/tickets`, {
      headers: reader.auth,
      body: { title: 'Should not exist', description: 'x' },
    });
    expect(write.status).toBe(403);
    expect(await world.stack.db('tickets').where({ title: 'Should not exist' })).toHaveLength(0);
  });
});
