import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// Staff raise a ticket for a customer who called or came by: `POST /api/tickets` with `requester`
// and `channel`. It goes through the same create path (workflow routing, SLA, "we received your
// request" e-mail with the customer's link); customers cannot use those fields.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let agent: KeyedUser;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db, { strategy: 'round_robin' });
  await isolateWorld(stack.db, world);
  agent = world.staff;
});

const create = (auth: Record<string, string>, body: unknown, headers: Record<string, string> = {}) =>
  requestJson(`${stack.baseUrl}/api/tickets`, { headers: { ...auth, ...headers }, body });

const newGuest = () => {
  const tag = randomUUID().slice(0, 8);
  return { name: `Paula Phone ${tag}`, email: `paula-${tag}@caller.example` };
};

/** The newest "we received your request" e-mail to `email`. */
const receivedMail = (email: string) =>
  eventually(async () => {
    const mail = stack.capture
      .messages()
      .filter((m) => m.to.includes(email) && m.subject.includes('We received your request'))
      .at(-1);
    expect(mail, `the "we received your request" e-mail to ${email}`).toBeDefined();
    return mail!;
  });

const routed = (ticketId: number) =>
  eventually(async () => {
    const row = await stack.db('tickets').where({ id: ticketId }).first();
    expect(row.assignee_id).not.toBeNull();
    return row;
  });

describe('staff raise a ticket for a customer', () => {
  it('for a new address: a guest is made, the workflow routes the ticket and the guest gets their link', async () => {
    const guest = newGuest();
    const res = await create(agent.auth, {
      requester: guest,
      channel: 'phone',
      title: 'Cannot log in',
      description: 'Called at 9:05, locked out after a password reset.',
      priority: 'high',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'phone',
      priority: 'high',
      status: 'new',
      requester: { name: guest.name, email: guest.email },
    });
    const user = await stack.db('users').whereRaw('lower(email) = ?', [guest.email]).first();
    expect(user).toMatchObject({ role: 'customer', guest: true, name: guest.name });

    // The staff member is the actor of the audit trail; the customer is the requester.
    const [created] = await stack.db('ticket_events').where({ ticket_id: res.body.id, type: 'created' });
    expect(created.actor_id).toBe(agent.user.id);
    expect(created.after).toMatchObject({ channel: 'phone', requesterId: user.id });

    // The workflow routes it as any new ticket, and plans its SLA.
    const row = await routed(res.body.id);
    expect(world.agents.map((a) => a.id)).toContain(row.assignee_id);
    expect(row.team_id).toBe(world.teamId);
    expect(row.resolution_due_at).not.toBeNull();

    // The guest's e-mail carries a signed link that opens this ticket.
    const mail = await receivedMail(guest.email);
    const link = new RegExp(`${stack.baseUrl}/guest/t/([\\w.-]+)`).exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    const opened = await requestJson(`${stack.baseUrl}/api/guest/tickets/${link![1]}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id: res.body.id, title: 'Cannot log in' });
  });

  it('for an existing customer (any case): their ticket, in their list, with their usual e-mail', async () => {
    const customer = await createKeyedUser(stack.db, 'customer');
    const res = await create(agent.auth, {
      requester: { email: customer.user.email.toUpperCase(), name: 'Ignored For Accounts' },
      channel: 'other',
      title: 'Walk-in: broken badge',
      description: 'Came to the desk with a cracked badge.',
    });
    expect(res.status).toBe(201);
    expect(res.body.requester).toEqual({ id: customer.user.id, name: customer.user.name, email: customer.user.email });
    expect(res.body.channel).toBe('other');

    const mine = await requestJson(`${stack.baseUrl}/api/tickets`, { headers: customer.auth });
    expect(mine.body.items.map((t: { id: number }) => t.id)).toContain(res.body.id);
    const mail = await receivedMail(customer.user.email);
    expect(mail.subject).toContain(res.body.number);
    expect(mail.text).toContain(`${stack.baseUrl}/tickets/${res.body.id}`);
    expect(await stack.db('users').whereRaw('lower(email) = lower(?)', [customer.user.email])).toHaveLength(1);
  });

  it('starts with the team, agent and tags staff chose, and honours Idempotency-Key', async () => {
    const guest = newGuest();
    const chosen = world.agents[1]!;
    const key = randomUUID();
    const body = {
      requester: guest,
      channel: 'phone',
      title: 'Invoice question',
      description: 'Asked about the March invoice.',
      teamId: world.teamId,
      assigneeId: chosen.id,
      tags: ['billing', 'vip', 'billing'],
    };
    const first = await create(agent.auth, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      assignee: { id: chosen.id },
      team: { id: world.teamId },
      tags: ['billing', 'vip'],
    });
    const again = await create(agent.auth, body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await stack.db('tickets').where({ title: 'Invoice question' })).toHaveLength(1);

    // The workflow keeps the chosen agent (it routes unassigned tickets only), plans the SLA, and
    // tells the agent once, as an assignment does.
    await eventually(async () => {
      const row = await stack.db('tickets').where({ id: first.body.id }).first();
      expect(row.resolution_due_at).not.toBeNull();
      expect(row.assignee_id).toBe(chosen.id);
      const assigned = stack.capture
        .messages()
        .filter((m) => m.to.includes(chosen.email) && m.subject.includes(`[${first.body.number}] Assigned to you`));
      expect(assigned).toHaveLength(1);
    });
    expect(await stack.db('ticket_events').where({ ticket_id: first.body.id, type: 'assigned' })).toHaveLength(0);
  });

  it('refuses customers who name a requester or other staff-only fields (403, naming them)', async () => {
    const customer = await createKeyedUser(stack.db, 'customer');
    const before = await stack.db('tickets').count({ n: '*' }).first();
    const res = await create(customer.auth, {
      requester: newGuest(),
      channel: 'phone',
      title: 'On behalf of my colleague',
      description: 'x',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.body.error.message).toContain('requester, channel');
    const tags = await create(customer.auth, { title: 'Tagged', description: 'x', tags: ['vip'] });
    expect(tags.status).toBe(403);
    expect(tags.body.error.message).toContain('tags');
    expect(await stack.db('tickets').count({ n: '*' }).first()).toEqual(before);
    // Their own tickets still work as before.
    expect((await create(customer.auth, { title: 'My own', description: 'x' })).status).toBe(201);
  });

  it('answers 400 naming the field for a bad channel, address, missing guest name or a staff address', async () => {
    const cases: [unknown, string][] = [
      [{ requester: newGuest(), channel: 'fax' }, 'channel'],
      [{ requester: { email: 'not-an-address', name: 'X' }, channel: 'phone' }, 'requester.email'],
      [{ requester: { email: newGuest().email }, channel: 'phone' }, 'requester.name'],
      [{ requester: { email: world.lead.email, name: 'Lead' }, channel: 'phone' }, 'requester.email'],
      [{ requester: newGuest(), channel: 'phone', assigneeId: world.staff.user.id + 100_000 }, 'assigneeId'],
    ];
    for (const [fields, path] of cases) {
      const res = await create(agent.auth, { title: 'Bad', description: 'Bad input', ...(fields as object) });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await stack.db('tickets').where({ title: 'Bad' })).toHaveLength(0);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await requestJson(`${stack.baseUrl}/api/openapi.json`);
    const body = doc.body.paths['/api/tickets'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['requester', 'channel', 'teamId', 'assigneeId', 'tags']),
    );
    expect(body.properties.channel.enum).toEqual(['phone', 'other']);
  });
});
