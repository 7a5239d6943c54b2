import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { guestLinkKey, newGuestToken } from '../db/guest-links.js';
import { purgeExpiredIdempotencyKeys } from '../db/idempotency-keys.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// Issue 11 item 3: Idempotency-Key as Stripe documents it, on every creating route.

const stack = useTestStack();
let customer: KeyedUser;
let other: KeyedUser;
let agent: KeyedUser;

beforeAll(async () => {
  customer = await createKeyedUser(stack.db, 'customer');
  other = await createKeyedUser(stack.db, 'customer');
  agent = await createKeyedUser(stack.db, 'agent');
});

const post = (path: string, who: KeyedUser | null, body: unknown, key?: string, headers: Record<string, string> = {}) =>
  requestJson(`${stack.baseUrl}/api${path}`, {
    method: 'POST',
    headers: { ...(who?.auth ?? {}), ...(key ? { 'idempotency-key': key } : {}), ...headers },
    ...(body === undefined ? {} : { body }),
  });

const ticketsTitled = (title: string) => stack.db('tickets').where({ title });

async function newTicket(who = customer) {
  return (await post('/tickets', who, { title: `Idem ${randomUUID()}`, description: 'x' })).body as {
    id: number;
    title: string;
  };
}

describe('Idempotency-Key', () => {
  it('answers a retried creation (its response lost) with the first response, and creates one ticket', async () => {
    const key = randomUUID();
    const body = { title: `Retried ${key}`, description: 'The first response never arrived.' };
    const first = await post('/tickets', customer, body, key);
    const retry = await post('/tickets', customer, body, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await ticketsTitled(body.title)).toHaveLength(1);
  });

  it('answers a retry with what the first attempt created when its server died after the commit, at once', async () => {
    // What a server killed between committing and answering leaves: the ticket and the key's effect
    // committed together, the key still claimed (locked for half a minute), no response stored.
    const key = randomUUID();
    const body = { title: `Crashed ${key}`, description: 'The server died before it answered.' };
    const first = await post('/tickets', customer, body, key);
    const ticketKey = { caller: `user:${customer.user.id}`, key };
    const row = () => stack.db('idempotency_keys').where(ticketKey);
    expect((await row().first()).effect).toBe(`ticket:${first.body.id}`);
    await row().update({
      state: 'in_flight',
      status_code: null,
      response_body: null,
      locked_until: stack.db.raw("now() + interval '30 seconds'"),
    });
    const retry = await post('/tickets', customer, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await ticketsTitled(body.title)).toHaveLength(1);

    // A reply likewise.
    const replyKey = randomUUID();
    const reply = await post(`/tickets/${first.body.id}/messages`, customer, { body: `Once ${replyKey}` }, replyKey);
    await stack
      .db('idempotency_keys')
      .where({ caller: ticketKey.caller, key: replyKey })
      .update({
        state: 'in_flight',
        status_code: null,
        response_body: null,
        locked_until: stack.db.raw("now() + interval '30 seconds'"),
      });
    const again = await post(`/tickets/${first.body.id}/messages`, customer, { body: `Once ${replyKey}` }, replyKey);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(reply.body.id);
    expect(await stack.db('ticket_messages').where({ body: `Once ${replyKey}` })).toHaveLength(1);
  });

  it('keeps keys per caller: the same key from someone else is their own request', async () => {
    const key = randomUUID();
    const mine = await post('/tickets', customer, { title: `Mine ${key}`, description: 'x' }, key);
    const theirs = await post('/tickets', other, { title: `Theirs ${key}`, description: 'x' }, key);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('refuses the same key with a different body (422), and creates nothing', async () => {
    const key = randomUUID();
    expect((await post('/tickets', customer, { title: `One ${key}`, description: 'x' }, key)).status).toBe(201);
    const reused = await post('/tickets', customer, { title: `Two ${key}`, description: 'x' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(await ticketsTitled(`Two ${key}`)).toHaveLength(0);
    // The same key on another route is another request too.
    const ticket = await newTicket();
    const elsewhere = await post(`/tickets/${ticket.id}/messages`, customer, { body: `One ${key}` }, key);
    expect(elsewhere.status).toBe(422);
  });

  it('answers a concurrent duplicate with 409 while the first is in flight, then replays the first', async () => {
    const key = randomUUID();
    const body = { title: `Concurrent ${key}`, description: 'Double click' };
    // Hold outbox inserts (only creations and replies make them) on a connection of the test's own,
    // so the first request stays in flight inside its transaction.
    const hold = new pg.Client({ connectionString: stack.databaseUrl });
    await hold.connect();
    await hold.query('begin');
    await hold.query('lock table outbox in share mode');
    const first = post('/tickets', customer, body, key);
    await eventually(async () =>
      expect(await stack.db('idempotency_keys').where({ key, state: 'in_flight' })).toHaveLength(1),
    );
    const duplicate = await post('/tickets', customer, body, key);
    await hold.query('commit');
    await hold.end();
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('idempotency_key_in_use');
    expect(duplicate.headers.get('retry-after')).toBe('1');
    const answered = await first;
    expect(answered.status).toBe(201);
    const retry = await post('/tickets', customer, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(answered.body.id);
    expect(await ticketsTitled(body.title)).toHaveLength(1);
  });

  it('makes replies, closing and rating safe to retry', async () => {
    const ticket = await newTicket();
    const replyKey = randomUUID();
    const reply = await post(`/tickets/${ticket.id}/messages`, customer, { body: 'Once only' }, replyKey);
    const again = await post(`/tickets/${ticket.id}/messages`, customer, { body: 'Once only' }, replyKey);
    expect(again.body).toEqual(reply.body);
    expect(await stack.db('ticket_messages').where({ ticket_id: ticket.id, body: 'Once only' })).toHaveLength(1);

    await eventually(async () =>
      expect(await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'workflow_started' })).toHaveLength(1),
    );
    const closeKey = randomUUID();
    const closed = await post(`/tickets/${ticket.id}/close`, customer, undefined, closeKey);
    expect(closed.status).toBe(200);
    // Without the key a second close is refused (closed is final); with it, the first answer comes back.
    expect((await post(`/tickets/${ticket.id}/close`, customer, undefined)).status).toBe(409);
    const closedAgain = await post(`/tickets/${ticket.id}/close`, customer, undefined, closeKey);
    expect(closedAgain.status).toBe(200);
    expect(closedAgain.body).toEqual(closed.body);

    const ratingKey = randomUUID();
    const rated = await post(`/tickets/${ticket.id}/rating`, customer, { score: 5 }, ratingKey);
    expect(rated.status).toBe(201);
    expect((await post(`/tickets/${ticket.id}/rating`, customer, { score: 5 }, ratingKey)).body).toEqual(rated.body);
  });

  it('stores no answer to bad input: the key is free for the corrected request', async () => {
    const key = randomUUID();
    const bad = await post('/tickets', customer, { title: '', description: 'x' }, key);
    expect(bad.status).toBe(400);
    const good = await post('/tickets', customer, { title: `Corrected ${key}`, description: 'x' }, key);
    expect(good.status).toBe(201);
    const invalid = await post('/tickets', customer, { title: 'x', description: 'x' }, 'not a key, it has spaces');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('works for uploads: one attachment per key', async () => {
    const ticket = await newTicket();
    const key = randomUUID();
    const upload = async () => {
      const form = new FormData();
      form.set('file', new Blob([new TextEncoder().encode('log line\n')]), 'app.log');
      const res = await fetch(`${stack.baseUrl}/api/tickets/${ticket.id}/attachments`, {
        method: 'POST',
        headers: { ...customer.auth, 'idempotency-key': key },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as { id: number } };
    };
    const first = await upload();
    const retry = await upload();
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(await stack.db('attachments').where({ ticket_id: ticket.id })).toHaveLength(1);
  });

  it('works for guests: per client address for submissions, per link for replies', async () => {
    const key = randomUUID();
    const submission = {
      name: 'Gus Guest',
      email: `gus-${key.slice(0, 8)}@guest.example`,
      title: `Guest ${key}`,
      description: 'No account',
    };
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const first = await post('/guest/tickets', null, submission, key, from('203.0.113.7'));
    const retry = await post('/guest/tickets', null, submission, key, from('203.0.113.7'));
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await ticketsTitled(submission.title)).toHaveLength(1);
    // Another address with the same key is another caller.
    expect((await post('/guest/tickets', null, submission, key, from('203.0.113.8'))).status).toBe(201);

    // The receipt names no ids (it must read the same whether the address has an account): find the row.
    const [ticketId] = (await ticketsTitled(submission.title)).map((t: { id: number }) => t.id);
    const token = newGuestToken(guestLinkKey(stack.appSecretKey), ticketId!, submission.email);
    const replyKey = randomUUID();
    const path = `/guest/tickets/${encodeURIComponent(token)}/messages`;
    const reply = await post(path, null, { body: 'Guest reply' }, replyKey);
    expect(reply.status).toBe(201);
    expect((await post(path, null, { body: 'Guest reply' }, replyKey)).body).toEqual(reply.body);
    expect(await stack.db('ticket_messages').where({ ticket_id: ticketId })).toHaveLength(1);
  });

  it('forgets keys after 24 hours', async () => {
    const purged = randomUUID();
    expect((await post('/tickets', agent, { title: `Purged ${purged}`, description: 'x' }, purged)).status).toBe(201);
    await stack
      .db('idempotency_keys')
      .where({ key: purged })
      .update({ created_at: stack.db.raw("now() - interval '25 hours'") });
    expect(await purgeExpiredIdempotencyKeys(stack.db)).toBeGreaterThanOrEqual(1);
    expect(await stack.db('idempotency_keys').where({ key: purged })).toHaveLength(0);

    // A key past its 24 hours but not purged yet is free too.
    const key = randomUUID();
    expect((await post('/tickets', agent, { title: `Old ${key}`, description: 'x' }, key)).status).toBe(201);
    await stack
      .db('idempotency_keys')
      .where({ key })
      .update({ created_at: stack.db.raw("now() - interval '25 hours'") });
    const fresh = await post('/tickets', agent, { title: `New ${key}`, description: 'x' }, key);
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
  });
});
