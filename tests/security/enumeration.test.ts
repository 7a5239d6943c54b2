import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../db/users.js';
import { createKeyedUser, requestJson } from '../support/fixtures.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Class: account enumeration. Anonymous answers must read the same whether an e-mail address, a
// ticket or a key exists or not, and carry no internal ids.
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const submit = (email: string, title: string) =>
  requestJson(`${stack.baseUrl}/api/guest/tickets`, {
    // Each submission from its own address: the per-address limit is not what is tested here.
    headers: { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` },
    body: { name: 'Pat Guest', email, title, description: 'Where is my order?', priority: 'high' },
  });

// The parts of a receipt that differ between any two tickets.
const withoutTicketSpecifics = (body: { ticket: Record<string, unknown>; message: string }) => {
  const { number: _number, createdAt: _createdAt, ...rest } = body.ticket;
  return { ...body, ticket: rest };
};

describe('guest submissions', () => {
  it('answer identically for an address with an account (staff, customer in an organization, deactivated) and one without', async () => {
    const [organization] = await stack
      .db('organizations')
      .insert({ name: `Enum ${randomUUID()}`, shares_tickets: true })
      .returning('id');
    const customer = await createKeyedUser(stack.db, 'customer', { organizationId: organization.id });
    const staff = await insertUser(stack.db, {
      email: `staff-${randomUUID().slice(0, 8)}@test.example`,
      name: 'Existing Staff',
      role: 'agent',
    });
    const deactivated = await createKeyedUser(stack.db, 'customer');
    await stack.db('users').where({ id: deactivated.user.id }).update({ active: false });
    const answers = [];
    for (const email of [
      customer.user.email,
      staff.email,
      deactivated.user.email,
      `nobody-${randomUUID().slice(0, 8)}@guest.example`,
    ]) {
      // The same message text for every case: it repeats the address as typed, so use one spelling.
      const res = await submit(email, 'Order missing');
      expect(res.status).toBe(201);
      answers.push({ status: res.status, body: res.body, email });
    }
    const normalised = answers.map((a) => withoutTicketSpecifics(a.body));
    for (const [i, answer] of normalised.entries())
      expect({ ...answer, message: answer.message.replace(answers[i]!.email, '<email>') }).toEqual({
        ...normalised[3],
        message: normalised[3]!.message.replace(answers[3]!.email, '<email>'),
      });
    // Same keys, same types, and nothing that looks like an id anywhere.
    for (const { body } of answers) {
      expect(Object.keys(body.ticket).sort()).toEqual(['createdAt', 'number', 'priority', 'status', 'title']);
      expect(JSON.stringify(body)).not.toMatch(/"(id|[a-zA-Z]+Id)"\s*:/);
      expect(JSON.stringify(body)).not.toContain(customer.user.name);
    }
    // The tickets did go to the existing accounts, as the e-mailed links will show their owners.
    const owners = await stack
      .db('tickets')
      .whereIn(
        'number',
        answers.map((a) => a.body.ticket.number),
      )
      .pluck('requester_id');
    expect(owners).toEqual(expect.arrayContaining([customer.user.id, staff.id]));
  });

  it('say the same for a missing ticket and an unknown link, and the same for a wrong key and no key', async () => {
    const unknown = await requestJson(`${stack.baseUrl}/api/guest/tickets/999999999.9999999999.AAAA`);
    const garbage = await requestJson(`${stack.baseUrl}/api/guest/tickets/not-a-token`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(garbage.body);

    const keyed = await createKeyedUser(stack.db, 'customer');
    const [prefix] = keyed.key.split('_').slice(1);
    const wrongSecret = await requestJson(`${stack.baseUrl}/api/me`, {
      headers: { authorization: `Bearer tf_${prefix}_${'x'.repeat(43)}` },
    });
    const wrongPrefix = await requestJson(`${stack.baseUrl}/api/me`, {
      headers: { authorization: `Bearer tf_zzzzzzzz_${'x'.repeat(43)}` },
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual(wrongPrefix.body);
  });

  it('answer 404 alike for a ticket that does not exist and one that belongs to someone else', async () => {
    const owner = await createKeyedUser(stack.db, 'customer');
    const stranger = await createKeyedUser(stack.db, 'customer');
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: owner.auth,
      body: { title: 'Private', description: 'Mine' },
    });
    const theirs = await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`, { headers: stranger.auth });
    const missing = await requestJson(`${stack.baseUrl}/api/tickets/2000000000`, { headers: stranger.auth });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.error.message.replace(String(created.body.id), '<id>')).toBe(
      missing.body.error.message.replace('2000000000', '<id>'),
    );
  });
});
