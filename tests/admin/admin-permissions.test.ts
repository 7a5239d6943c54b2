import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../db/users.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// Each forbidden action is performed through AdminJS's own API routes with a real signed-in session
// and must be refused by the server (403), leaving the data as it was.
const stack = useTestStack();
let agent: AdminSession;
let manager: AdminSession;
let ids: { user: number; policy: number; team: number; organization: number; event: number; ticket: number };

beforeAll(async () => {
  [agent, manager] = await Promise.all([adminSession(stack, 'agent'), adminSession(stack, 'manager')]);
  const victim = await insertUser(stack.db, {
    email: `victim-${Date.now()}@test.example`,
    name: 'Victim',
    role: 'agent',
  });
  const [calendar] = await stack
    .db('business_calendars')
    .insert({
      name: `Perm ${Date.now()}`,
      timezone: 'UTC',
      weekly_hours: JSON.stringify({ mon: [['09:00', '17:00']] }),
    })
    .returning('id');
  const [policy] = await stack
    .db('sla_policies')
    .insert({
      name: `Perm ${Date.now()}`,
      active: false,
      first_response_target_seconds: 60,
      resolution_target_seconds: 120,
      calendar_id: calendar.id,
    })
    .returning('id');
  const [team] = await stack
    .db('teams')
    .insert({ name: `Perm ${Date.now()}` })
    .returning('id');
  const [organization] = await stack
    .db('organizations')
    .insert({ name: `Perm ${Date.now()}` })
    .returning('id');
  const [ticket] = await stack
    .db('tickets')
    .insert({ title: 'Perm', description: 'Perm', requester_id: victim.id })
    .returning('id');
  const [event] = await stack
    .db('ticket_events')
    .insert({ ticket_id: ticket.id, source: 'system', type: 'created' })
    .returning('id');
  ids = {
    user: victim.id,
    policy: policy.id,
    team: team.id,
    organization: organization.id,
    event: event.id,
    ticket: ticket.id,
  };
});

type Attempt = [what: string, method: 'GET' | 'POST', path: (i: typeof ids) => string, json?: object];

const forAgents: Attempt[] = [
  [
    'create a user',
    'POST',
    () => '/resources/users/actions/new',
    { name: 'Mallory', email: 'mallory@test.example', role: 'admin' },
  ],
  ['make someone an admin', 'POST', (i) => `/resources/users/records/${i.user}/edit`, { role: 'admin' }],
  ['read SLA policies', 'GET', () => '/resources/sla_policies/actions/list'],
  ['edit an SLA policy', 'POST', (i) => `/resources/sla_policies/records/${i.policy}/edit`, { name: 'Hacked' }],
  [
    'create an escalation rule',
    'POST',
    () => '/resources/escalation_rules/actions/new',
    { name: 'x', trigger: 'sla_warning' },
  ],
  ['edit a team', 'POST', (i) => `/resources/teams/records/${i.team}/edit`, { name: 'Hacked' }],
  ['delete an audit event', 'POST', (i) => `/resources/ticket_events/records/${i.event}/delete`],
  [
    'create a notification channel',
    'POST',
    () => '/resources/notification_channels/actions/new',
    { name: 'x', kind: 'email' },
  ],
  ['create an API key', 'POST', () => '/resources/api_keys/actions/createKey', { name: 'x', userId: '1' }],
  ['delete a ticket', 'POST', (i) => `/resources/tickets/records/${i.ticket}/delete`],
  ['edit a message', 'POST', () => '/resources/ticket_messages/records/1/edit', { body: 'rewritten' }],
  ['bulk-delete tickets', 'POST', (i) => `/resources/tickets/bulk/bulkDelete?recordIds=${i.ticket}`],
];

const forManagers: Attempt[] = [
  [
    'create a user',
    'POST',
    () => '/resources/users/actions/new',
    { name: 'Mallory', email: 'mallory2@test.example', role: 'admin' },
  ],
  ['change a role', 'POST', (i) => `/resources/users/records/${i.user}/edit`, { role: 'admin' }],
  [
    'edit an organization',
    'POST',
    (i) => `/resources/organizations/records/${i.organization}/edit`,
    { name: 'Hacked' },
  ],
  ['list API keys', 'GET', () => '/resources/api_keys/actions/list'],
  ['create an API key', 'POST', () => '/resources/api_keys/actions/createKey', { name: 'x', userId: '1' }],
  [
    'create a notification channel',
    'POST',
    () => '/resources/notification_channels/actions/new',
    { name: 'x', kind: 'teams', secret: 'https://example.com/hook' },
  ],
  ['edit an audit event', 'POST', (i) => `/resources/ticket_events/records/${i.event}/edit`, { type: 'forged' }],
  ['delete delivery logs', 'POST', () => '/resources/notifications/bulk/bulkDelete?recordIds=1'],
  ['rewrite the configuration audit', 'POST', () => '/resources/config_changes/records/1/edit', { action: 'delete' }],
];

async function attempt(session: AdminSession, [, method, path, json]: Attempt): Promise<number> {
  const url = `/api${path(ids)}`;
  return (method === 'GET' ? await session.get(url) : await session.post(url, json)).status;
}

describe('back office permissions, enforced on the server', () => {
  it.each(forAgents)('refuse an agent who tries to %s', async (...row) => {
    expect(await attempt(agent, row)).toBe(403);
  });

  it.each(forManagers)('refuse a manager who tries to %s', async (...row) => {
    expect(await attempt(manager, row)).toBe(403);
  });

  it('left everything as it was', async () => {
    expect((await stack.db('users').where({ id: ids.user }).first()).role).toBe('agent');
    expect(await stack.db('users').whereIn('email', ['mallory@test.example', 'mallory2@test.example'])).toEqual([]);
    expect((await stack.db('sla_policies').where({ id: ids.policy }).first()).name).not.toBe('Hacked');
    expect((await stack.db('teams').where({ id: ids.team }).first()).name).not.toBe('Hacked');
    expect(await stack.db('ticket_events').where({ id: ids.event }).first()).toMatchObject({ type: 'created' });
    expect(await stack.db('tickets').where({ id: ids.ticket }).first()).toBeTruthy();
  });

  it('hide sessions entirely, and let each role do its own work', async () => {
    expect((await manager.get('/api/resources/sessions/actions/list')).status).toBe(404);
    expect((await agent.get('/api/resources/tickets/actions/list')).status).toBe(200);
    expect((await agent.get('/api/resources/users/actions/list')).status).toBe(200);
    expect(
      (await manager.post(`/api/resources/teams/records/${ids.team}/edit`, { name: `Renamed ${ids.team}` })).status,
    ).toBe(200);
    expect((await stack.db('teams').where({ id: ids.team }).first()).name).toBe(`Renamed ${ids.team}`);
    const page = await manager.session.browser.send(`${stack.baseUrl}/admin`, { headers: { accept: 'text/html' } });
    const state = JSON.parse(/window\.REDUX_STATE = (.*);\n/.exec(page.body)?.[1] ?? '{}') as {
      resources: { id: string }[];
    };
    const visible = state.resources.map((r) => r.id);
    expect(visible).not.toContain('sessions');
    expect(visible).not.toContain('outbox');
  });
});
