import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Ticket } from '../domain/ticket.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { connectLive, type LiveClient } from './support/live-client.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { newAccount, signIn, type SignedIn } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// socket.io on /ws against the real stack: the worker's activities emit ticket.updated through
// PostgreSQL, the API emits message.created, and the rooms decide who hears what.

const stack = useTestStack({ liveRecheckMs: 300 });
let customer: SignedIn;
let agent: KeyedUser;
const clients: LiveClient[] = [];
const replicas: ServerProcess[] = [];
let dataDir: string;

const host = () => new URL(stack.baseUrl).hostname;
const sessionCookie = (who: SignedIn) => `tf.sid=${who.browser.cookie(host(), 'tf.sid')}`;
const live = async (baseUrl: string, credentials: Parameters<typeof connectLive>[1]) => {
  const client = await connectLive(baseUrl, credentials);
  clients.push(client);
  return client;
};

async function raiseTicket(by: SignedIn, title: string): Promise<Ticket> {
  const res = await by.api('/api/tickets', { json: { title, description: 'Followed live' } });
  expect(res.status).toBe(201);
  return res.body as Ticket;
}

beforeAll(async () => {
  customer = await signIn(stack, newAccount(stack, 'customer'));
  agent = await createKeyedUser(stack.db, 'agent');
  dataDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-replicas-'));
});

afterAll(async () => {
  for (const client of clients) client.close();
  for (const replica of replicas) await replica.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('live updates on /ws', () => {
  it("tell a customer about staff's status changes and public replies on their ticket, never about internal notes", async () => {
    const ticket = await raiseTicket(customer, 'Live: the printer is on fire');
    const customerSocket = await live(stack.baseUrl, { cookie: sessionCookie(customer) });
    const staffSocket = await live(stack.baseUrl, { apiKey: agent.key });
    expect(await customerSocket.subscribe(ticket.id)).toEqual({ ok: true });
    expect(await staffSocket.subscribe(ticket.id)).toEqual({ ok: true });

    // Staff change the status through the workflow; the worker's activity persists it and emits.
    const patch = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: agent.auth,
      body: { status: 'pending' },
    });
    expect(patch.status).toBe(200);
    await eventually(async () => expect(customerSocket.tickets.map((t) => t.status)).toContain('pending'));
    expect(customerSocket.tickets.every((t) => t.id === ticket.id)).toBe(true);

    const note = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: agent.auth,
      body: { body: 'Internal: customer sounds upset', internal: true },
    });
    expect(note.status).toBe(201);
    const reply = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: agent.auth,
      body: { body: 'We are sending a technician.' },
    });
    expect(reply.status).toBe(201);

    // One connection delivers in order: once the reply is here, the note would have come before it.
    await eventually(async () => expect(customerSocket.messages.map((m) => m.id)).toContain(reply.body.id));
    expect(customerSocket.messages.map((m) => m.body)).toEqual(['We are sending a technician.']);
    await eventually(async () =>
      expect(staffSocket.messages.map((m) => m.body)).toEqual([
        'Internal: customer sounds upset',
        'We are sending a technician.',
      ]),
    );
    expect(staffSocket.messages[0]?.internal).toBe(true);
  });

  it('show customers the agent working their ticket by name only, in every answer and event; staff see the address', async () => {
    const ticket = await raiseTicket(customer, 'Live: who is on it?');
    const customerSocket = await live(stack.baseUrl, { cookie: sessionCookie(customer) });
    const staffSocket = await live(stack.baseUrl, { apiKey: agent.key });
    expect(await customerSocket.subscribe(ticket.id)).toEqual({ ok: true });
    expect(await staffSocket.subscribe(ticket.id)).toEqual({ ok: true });
    const staffApi = (path: string, init: { method?: string; body?: unknown } = {}) =>
      requestJson(`${stack.baseUrl}/api${path}`, { ...init, headers: agent.auth });

    const assign = await staffApi(`/tickets/${ticket.id}`, { method: 'PATCH', body: { assigneeId: agent.user.id } });
    expect(assign.status).toBe(200);
    expect(assign.body.assignee).toEqual({ id: agent.user.id, name: agent.user.name, email: agent.user.email });
    const answer = await staffApi(`/tickets/${ticket.id}/messages`, { body: { body: 'Ada here, on it.' } });
    expect(answer.status).toBe(201);
    expect(answer.body.author).toEqual({ id: agent.user.id, name: agent.user.name, email: agent.user.email });
    await eventually(async () => {
      expect(customerSocket.tickets.some((t) => t.assignee?.id === agent.user.id)).toBe(true);
      expect(customerSocket.messages.map((m) => m.id)).toContain(answer.body.id);
      expect(staffSocket.messages.map((m) => m.id)).toContain(answer.body.id);
    });
    const ownReply = await customer.api(`/api/tickets/${ticket.id}/messages`, { json: { body: 'Thanks Ada.' } });
    expect(ownReply.status).toBe(201);

    // What the customer got: the ticket (detail and list), the answer, their own reply, and the events.
    const detail = await customer.api(`/api/tickets/${ticket.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.assignee).toEqual({ id: agent.user.id, name: agent.user.name });
    expect(detail.body.messages.map((m: { author: unknown }) => m.author)).toEqual([
      { id: agent.user.id, name: agent.user.name },
      { id: ownReply.body.author.id, name: ownReply.body.author.name },
    ]);
    expect(detail.body.requester.email).toBe(customer.account.email);
    const list = await customer.api('/api/tickets?limit=100');
    const listed = list.body.items.find((t: Ticket) => t.id === ticket.id);
    expect(listed.assignee).toEqual({ id: agent.user.id, name: agent.user.name });
    const seenByCustomer = JSON.stringify([
      detail.body,
      list.body,
      ownReply.body,
      customerSocket.tickets,
      customerSocket.messages,
    ]);
    expect(seenByCustomer).not.toContain(agent.user.email);

    // Staff keep every address, in answers and in the staff room's events.
    const staffDetail = await staffApi(`/tickets/${ticket.id}`);
    expect(staffDetail.body.assignee.email).toBe(agent.user.email);
    expect(staffDetail.body.messages[0].author.email).toBe(agent.user.email);
    expect(staffSocket.messages.find((m) => m.id === answer.body.id)?.author?.email).toBe(agent.user.email);
  });

  it("refuse a customer the room of someone else's ticket, and of a ticket that does not exist, alike", async () => {
    const other = await signIn(stack, newAccount(stack, 'customer'));
    const theirs = await raiseTicket(other, 'Live: not yours');
    const socket = await live(stack.baseUrl, { cookie: sessionCookie(customer) });
    expect(await socket.subscribe(theirs.id)).toEqual({ ok: false, error: 'not found' });
    expect(await socket.subscribe(2_000_000_000)).toEqual({ ok: false, error: 'not found' });
    expect(await socket.subscribe(-1 as number)).toEqual({
      ok: false,
      error: 'ticketId must be a positive whole number',
    });

    const reply = await requestJson(`${stack.baseUrl}/api/tickets/${theirs.id}/messages`, {
      headers: agent.auth,
      body: { body: 'For the other customer only' },
    });
    expect(reply.status).toBe(201);
    const theirSocket = await live(stack.baseUrl, { cookie: sessionCookie(other) });
    expect(await theirSocket.subscribe(theirs.id)).toEqual({ ok: true });
    const second = await requestJson(`${stack.baseUrl}/api/tickets/${theirs.id}/messages`, {
      headers: agent.auth,
      body: { body: 'Second reply' },
    });
    await eventually(async () => expect(theirSocket.messages.map((m) => m.id)).toContain(second.body.id));
    expect(socket.messages).toEqual([]);
  });

  it('refuse connections without a sign-in or with a bad key, and end a socket once its session is signed out', async () => {
    await expect(live(stack.baseUrl, {})).rejects.toThrow('unauthenticated');
    await expect(live(stack.baseUrl, { apiKey: 'tf_deadbeef_not-a-real-secret' })).rejects.toThrow('unauthenticated');
    await expect(live(stack.baseUrl, { cookie: 'tf.sid=s%3Aforged.signature' })).rejects.toThrow('unauthenticated');

    const leaving = await signIn(stack, newAccount(stack, 'customer'));
    const cookie = sessionCookie(leaving);
    // A page of another origin cannot use the cookie for a socket (websockets are not bound by CORS).
    await expect(live(stack.baseUrl, { cookie, origin: 'http://evil.127.0.0.1.example' })).rejects.toThrow(
      'unauthenticated',
    );
    const socket = await live(stack.baseUrl, { cookie, origin: stack.baseUrl });
    const disconnected = new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
    const logout = await leaving.browser.send(`${stack.baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': await leaving.csrfToken() },
    });
    expect(logout.status).toBe(303);
    expect(await disconnected).toBe('io server disconnect');
    await expect(live(stack.baseUrl, { cookie })).rejects.toThrow('unauthenticated');
  });

  it('reach clients of another server process: two replicas share events through PostgreSQL', async () => {
    const replica = () =>
      startServerProcess({
        databaseUrl: stack.databaseUrl,
        temporalAddress: inject('temporalAddress'),
        oidcIssuer: stack.idp.issuer,
        dataDir,
      });
    const [one, two] = await Promise.all([replica(), replica()]);
    replicas.push(one, two);
    const owner: KeyedUser = await createKeyedUser(stack.db, 'customer');
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: owner.auth,
      body: { title: 'Live across replicas', description: 'Two servers, one bus' },
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.id as number;

    const onOne = await live(one.baseUrl, { apiKey: owner.key });
    const onTwo = await live(two.baseUrl, { apiKey: agent.key });
    expect(await onOne.subscribe(ticketId)).toEqual({ ok: true });
    expect(await onTwo.subscribe(ticketId)).toEqual({ ok: true });

    // A reply posted to replica two reaches the customer connected to replica one, and back.
    const reply = await requestJson(`${two.baseUrl}/api/tickets/${ticketId}/messages`, {
      headers: agent.auth,
      body: { body: 'Answered on replica two' },
    });
    expect(reply.status).toBe(201);
    await eventually(async () => expect(onOne.messages.map((m) => m.body)).toContain('Answered on replica two'));
    const answer = await requestJson(`${one.baseUrl}/api/tickets/${ticketId}/messages`, {
      headers: owner.auth,
      body: { body: 'Thanks, from replica one' },
    });
    expect(answer.status).toBe(201);
    await eventually(async () => expect(onTwo.messages.map((m) => m.body)).toContain('Thanks, from replica one'));

    // The worker (in this process) reaches both replicas' clients too.
    expect(
      (
        await requestJson(`${two.baseUrl}/api/tickets/${ticketId}`, {
          method: 'PATCH',
          headers: agent.auth,
          body: { status: 'on_hold' },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => {
      expect(onOne.tickets.map((t) => t.status)).toContain('on_hold');
      expect(onTwo.tickets.map((t) => t.status)).toContain('on_hold');
    });

    // SIGTERM: sockets, the bus listener and the pools close, and the process exits cleanly.
    const closed = new Promise<string>((resolve) => onOne.socket.once('disconnect', resolve));
    expect(await one.stop()).toBe(0);
    expect(await closed).toMatch(/transport close|io server disconnect/);
    expect(await two.stop()).toBe(0);
  });
});
