import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../domain/roles.js';
import type { BackOfficeAction } from '../../admin/write-actions.js';
import { actionPath, startBackOfficeWorld, type BackOfficeWorld } from '../support/back-office-world.js';
import { changedTables, snapshotDatabase } from '../support/db-snapshot.js';
import { eventually } from '../support/eventually.js';

// Class: state changes without an unsafe method or from another site. Every action of every
// back-office resource — enumerated from the AdminJS configuration the server runs, so an action
// added later is walked too — is attacked as every staff role, and the database (every table) and
// the live ticket's workflow must be exactly as before.
let world: BackOfficeWorld;
let site: string;

beforeAll(async () => {
  world = await startBackOfficeWorld();
  site = world.stack.baseUrl;
}, 180_000);
afterAll(() => world?.close());

const roles: StaffRole[] = ['admin', 'manager', 'agent'];

// What an attacker would send if the request got through: every field any action reads.
const payload = {
  name: 'pwned',
  title: 'pwned',
  body: 'pwned',
  status: 'resolved',
  priority: 'urgent',
  role: 'admin',
  active: 'false',
  assigneeId: 'none',
  shares_tickets: 'true',
  userId: '1',
};

interface Attack {
  what: string;
  /** Refused before roles matter: tried as the admin (the most powerful role) only. */
  adminOnly?: true;
  method: string;
  headers: (site: string) => Record<string, string>;
  path?: (path: string) => string;
  /** The answer the server must give; undefined: anything but a server error (then nothing may change). */
  status?: number;
}

const json = { accept: 'application/json' };
const attacks: Attack[] = [
  { what: 'GET', method: 'GET', headers: (s) => ({ ...json, origin: s }) },
  {
    adminOnly: true,
    what: 'GET on /ADMIN/API/… with a trailing slash',
    method: 'GET',
    headers: () => json,
    path: (p) => p.replace(/^\/api\//, '/API/').replace(/(\?|$)/, '/$1'),
  },
  { what: 'HEAD', method: 'HEAD', headers: (s) => ({ ...json, origin: s }), status: 405 },
  {
    what: 'POST from another site',
    method: 'POST',
    headers: () => ({ ...json, origin: 'https://evil.example' }),
    status: 403,
  },
  { adminOnly: true, what: 'POST without Origin or Referer', method: 'POST', headers: () => json, status: 403 },
  {
    adminOnly: true,
    what: 'POST with Origin null',
    method: 'POST',
    headers: () => ({ ...json, origin: 'null' }),
    status: 403,
  },
  {
    adminOnly: true,
    what: 'POST with a malformed Referer',
    method: 'POST',
    headers: () => ({ ...json, referer: 'http://[::1' }),
    status: 403,
  },
  {
    adminOnly: true,
    what: 'POST with a Referer from another site',
    method: 'POST',
    headers: () => ({ ...json, referer: 'https://evil.example/page' }),
    status: 403,
  },
  {
    adminOnly: true,
    what: 'POST a browser marks cross-site',
    method: 'POST',
    headers: (s) => ({ ...json, origin: s, 'sec-fetch-site': 'cross-site' }),
    status: 403,
  },
  { adminOnly: true, what: 'PUT', method: 'PUT', headers: (s) => ({ ...json, origin: s }), status: 405 },
  { adminOnly: true, what: 'PATCH', method: 'PATCH', headers: (s) => ({ ...json, origin: s }), status: 405 },
  { adminOnly: true, what: 'DELETE', method: 'DELETE', headers: (s) => ({ ...json, origin: s }), status: 405 },
];

async function send(role: StaffRole, attack: Attack, path: string) {
  const target = `${site}/admin${attack.path ? attack.path(path) : path}`;
  const res = await world.sessions[role].session.browser.send(target, {
    method: attack.method,
    headers: attack.headers(site),
    ...(attack.method === 'GET' || attack.method === 'HEAD' ? {} : { json: payload }),
  });
  return res.status;
}

const workflowState = async () => JSON.stringify(await world.stack.workflows.getState(world.liveTicketId));

describe('back office writes need POST from this site', () => {
  it('every action of every resource, as every staff role: GET, HEAD, other methods and foreign POSTs change nothing', async () => {
    expect(world.actions.length).toBeGreaterThan(100);
    // The actions the issue names are among those walked.
    const names = world.actions.map((a) => `${a.resourceId}.${a.name}`);
    for (const known of ['tickets.resolve', 'tickets.bulkResolve', 'organizations.delete', 'api_keys.revoke'])
      expect(names).toContain(known);

    const failures: string[] = [];
    const stateBefore = await workflowState();
    for (const action of world.actions) {
      const before = await snapshotDatabase(world.stack.db);
      const path = actionPath(world, action);
      // All attacks on one action at once (a race must not get through either), then one comparison.
      await Promise.all(
        roles.flatMap((role) =>
          attacks
            .filter((a) => role === 'admin' || !a.adminOnly)
            .map(async (attack) => {
              const status = await send(role, attack, path);
              const expected = attack.status;
              if (expected !== undefined ? status !== expected : status >= 500)
                failures.push(
                  `${role} ${attack.what} ${path} answered ${status}${expected ? `, not ${expected}` : ''}`,
                );
            }),
        ),
      );
      const changed = changedTables(before, await snapshotDatabase(world.stack.db));
      if (changed.length) failures.push(`${label(action)} changed ${changed.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(await workflowState()).toBe(stateBefore);
  }, 300_000);

  it('but a POST from the site itself does change things, so the walk above would have seen a write', async () => {
    const before = await snapshotDatabase(world.stack.db);
    const id = world.recordIds.organizations?.[0];
    const res = await world.sessions.admin.post(`/api/resources/organizations/records/${id}/edit`, {
      name: 'Renamed by the admin',
    });
    expect(res.status).toBe(200);
    expect(changedTables(before, await snapshotDatabase(world.stack.db))).toContain('organizations');
  });

  it('the examples of the report: HEAD resolves nothing, HEAD deletes nothing, a GET link revokes no key', async () => {
    const { db } = world.stack;
    const ticket = world.liveTicketId;
    const agent = world.sessions.agent.session.browser;
    const admin = world.sessions.admin.session.browser;
    const head = await agent.send(`${site}/admin/api/resources/tickets/records/${ticket}/resolve`, { method: 'HEAD' });
    expect(head.status).toBe(405);
    const organization = world.recordIds.organizations?.[1];
    expect(
      (await admin.send(`${site}/admin/api/resources/organizations/records/${organization}/delete`, { method: 'HEAD' }))
        .status,
    ).toBe(405);
    const key = await db('api_keys').whereNull('revoked_at').first('id');
    const link = await admin.send(`${site}/admin/api/resources/api_keys/records/${key.id}/revoke`);
    expect(link.status).toBe(200);
    // The GET shows the confirmation page's record, and nothing else happens.
    expect(String(JSON.parse(link.body).record.id)).toBe(String(key.id));
    expect((await db('api_keys').where({ id: key.id }).first()).revoked_at).toBeNull();
    expect((await db('tickets').where({ id: ticket }).first()).status).not.toBe('resolved');
    expect(await db('organizations').where({ id: organization })).toHaveLength(1);

    // The confirmation page's button (a same-origin POST) revokes it.
    const confirmed = await world.sessions.admin.post(`/api/resources/api_keys/records/${key.id}/revoke`, {});
    expect(confirmed.body.notice.type).toBe('success');
    expect((await db('api_keys').where({ id: key.id }).first()).revoked_at).not.toBeNull();
  });

  it('forms still open with a GET: choices for ticket commands, the record for edit and delete', async () => {
    const agent = world.sessions.agent;
    const assign = await agent.get(`/api/resources/tickets/records/${world.liveTicketId}/assign`);
    expect(assign.status).toBe(200);
    expect(assign.body.choices.assigneeId.length).toBeGreaterThan(1);
    const edit = await agent.get(`/api/resources/tickets/records/${world.liveTicketId}/edit`);
    expect(edit.body.record.params).toHaveProperty('tagsText');
    const bulk = await agent.get(`/api/resources/tickets/bulk/bulkResolve?recordIds=${world.liveTicketId}`);
    expect(bulk.body.records).toHaveLength(1);
    const del = await world.sessions.admin.get(`/api/resources/teams/records/${world.recordIds.teams?.[0]}/delete`);
    expect(String(del.body.record.id)).toBe(world.recordIds.teams?.[0]);
    const createKey = await world.sessions.admin.get('/api/resources/api_keys/actions/createKey');
    expect(createKey.body.owners.length).toBeGreaterThan(0);
  });

  it('a POST the workflow performs (resolve) happens once the request is same-origin', async () => {
    const res = await world.sessions.agent.post(`/api/resources/tickets/records/${world.liveTicketId}/resolve`, {});
    expect(res.body.outcome).toEqual(expect.objectContaining({ ok: true }));
    await eventually(async () =>
      expect((await world.stack.db('tickets').where({ id: world.liveTicketId }).first()).status).toBe('resolved'),
    );
  });
});

const label = (a: BackOfficeAction) => `${a.resourceId}.${a.name} (${a.types.join('/')})`;
