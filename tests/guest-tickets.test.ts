import { randomUUID } from 'node:crypto';
import type { Ticket } from '../domain/ticket.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { guestLinkKey, guestLinkLifetimeSeconds, signGuestToken } from '../db/guest-links.js';
import { defaultRateLimits } from '../server/security/rate-limits.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// People without an account: submit, get an e-mail with a signed link, follow and reply through it.

// The limit of guest submissions is tight here; each test is its own client address (the server
// trusts X-Forwarded-For from loopback, its proxy), so tests never share a counter.
const guestLimit = { limit: 3, windowSeconds: 3600 };
const clientAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

const stack = useTestStack({
  tuning: {
    rateLimits: {
      ...defaultRateLimits,
      ticketCreation: { limit: 1000, windowSeconds: 60 },
      ticketReply: { limit: 1000, windowSeconds: 60 },
      guestSubmission: guestLimit,
    },
  },
});
let agent: KeyedUser;

beforeAll(async () => {
  agent = await createKeyedUser(stack.db, 'agent');
});

const newGuest = () => {
  const tag = randomUUID().slice(0, 8);
  return { name: `Gina Guest ${tag}`, email: `gina-${tag}@guest.example` };
};

function submit(body: unknown, ip = clientAddress()) {
  return requestJson(`${stack.baseUrl}/api/guest/tickets`, { headers: { 'x-forwarded-for': ip }, body });
}

/** The guest link in the newest e-mail to `email` whose subject contains `subject`. */
async function linkFromMail(email: string, subject: string): Promise<{ url: string; token: string }> {
  const mail = await eventually(async () => {
    const found = stack.capture
      .messages()
      .filter((m) => m.to.includes(email) && m.subject.includes(subject))
      .at(-1);
    expect(found, `an e-mail to ${email} about "${subject}"`).toBeDefined();
    return found!;
  });
  const url = new RegExp(`${stack.baseUrl}/guest/t/([\\w.-]+)`).exec(mail.text);
  expect(url, mail.text).not.toBeNull();
  return { url: url![0], token: url![1]! };
}

/** The full ticket behind a receipt (which names no ids), as staff see it. */
async function ticketOf(receipt: { ticket: { number: string } }): Promise<Ticket> {
  const { id } = await stack.db('tickets').where({ number: receipt.ticket.number }).first('id');
  const res = await requestJson(`${stack.baseUrl}/api/tickets/${id}`, { headers: agent.auth });
  expect(res.status).toBe(200);
  return res.body as Ticket;
}

const openLink = (token: string) => requestJson(`${stack.baseUrl}/api/guest/tickets/${token}`);
const replyThrough = (token: string, body: string) =>
  requestJson(`${stack.baseUrl}/api/guest/tickets/${token}/messages`, { body: { body } });

describe('guest tickets', () => {
  it('are raised without an account, e-mail a signed link, and let the guest follow and reply through it', async () => {
    const guest = newGuest();
    const res = await submit({ ...guest, title: 'My order never came', description: 'Order 1234, placed last week.' });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.body.message).toContain(guest.email);
    expect(res.body.ticket).toEqual({
      number: expect.stringMatching(/^TF-\d+$/),
      title: 'My order never came',
      status: 'new',
      priority: 'normal',
      createdAt: expect.any(String),
    });
    const ticket = await ticketOf(res.body);
    expect(ticket).toMatchObject({ channel: 'guest', requester: { name: guest.name, email: guest.email } });

    const { url, token } = await linkFromMail(guest.email, 'We received your request');
    expect(url).toBe(`${stack.baseUrl}/guest/t/${token}`);
    const opened = await openLink(token);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      id: ticket.id,
      number: ticket.number,
      title: 'My order never came',
      messages: [],
    });
    expect(opened.headers.get('set-cookie')).toBeNull();

    // Staff answer with an internal note and a public reply; the link shows only the reply.
    await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: agent.auth,
      body: { body: 'Internal: carrier lost it', internal: true },
    });
    const answer = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: agent.auth,
      body: { body: 'We are sending a new one.' },
    });
    expect(answer.status).toBe(201);
    const seen = await openLink(token);
    expect(seen.body.messages.map((m: { body: string }) => m.body)).toEqual(['We are sending a new one.']);

    // The reply e-mail carries a fresh link of its own, which works as well.
    const fresh = await linkFromMail(guest.email, 'New reply');
    expect((await openLink(fresh.token)).body.id).toBe(ticket.id);

    // Staff resolve it; the guest's reply counts as the customer's and reopens it.
    expect(
      (
        await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}`, {
          method: 'PATCH',
          headers: agent.auth,
          body: { status: 'resolved' },
        })
      ).status,
    ).toBe(200);
    const reply = await replyThrough(token, 'It arrived broken, actually.');
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      ticketId: ticket.id,
      body: 'It arrived broken, actually.',
      internal: false,
      // Customers see people by name on a ticket; the address is only the requester's, on the ticket.
      author: { name: guest.name },
    });
    expect(reply.body.author).not.toHaveProperty('email');
    await eventually(async () => expect((await openLink(token)).body.status).toBe('open'));
    const staffView = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/events`, { headers: agent.auth });
    expect(staffView.body).toContainEqual(expect.objectContaining({ type: 'reply_added', source: 'guest' }));

    // Guests cannot write internal notes, or anything else but a body.
    const sneaky = await requestJson(`${stack.baseUrl}/api/guest/tickets/${token}/messages`, {
      body: { body: 'x', internal: true },
    });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.details).toEqual([{ path: 'internal', message: 'is not a known field' }]);
  });

  it('reuse the user of the e-mail address, without telling who it belongs to, and open only their own ticket', async () => {
    const known = await createKeyedUser(stack.db, 'customer');
    const first = await submit({
      name: 'Someone Else',
      email: known.user.email.toUpperCase(),
      title: 'First',
      description: 'One',
    });
    expect(first.status).toBe(201);
    expect(JSON.stringify(first.body)).not.toContain(known.user.name);
    expect(first.body.ticket).not.toHaveProperty('requester');
    expect(first.body.ticket).not.toHaveProperty('id');
    const firstTicket = await ticketOf(first.body);
    // The account holder sees it among their tickets.
    const mine = await requestJson(`${stack.baseUrl}/api/tickets/${firstTicket.id}`, { headers: known.auth });
    expect(mine.status).toBe(200);
    expect(mine.body.requester.name).toBe(known.user.name);

    const guest = newGuest();
    const a = await submit({ ...guest, title: 'Ticket A', description: 'A' });
    const b = await submit({ ...guest, title: 'Ticket B', description: 'B' });
    const [ticketA, ticketB] = [await ticketOf(a.body), await ticketOf(b.body)];
    expect(ticketB.requester.id).toBe(ticketA.requester.id);
    const { token } = await linkFromMail(guest.email, 'Ticket A');
    expect((await openLink(token)).body.title).toBe('Ticket A');

    // The same signature with the other ticket's id opens nothing; neither do other tickets' ids.
    const [, expiry, signature] = token.split('.');
    for (const id of [ticketB.id, firstTicket.id]) {
      const swapped = await openLink(`${id}.${expiry}.${signature}`);
      expect(swapped.status).toBe(404);
      expect(swapped.body.error).toEqual({ code: 'not_found', message: 'This link was not found.' });
    }
  });

  it('answer 410 for an expired link and 404 for a tampered or unknown one, and store nothing', async () => {
    const guest = newGuest();
    const { body: receipt } = await submit({ ...guest, title: 'Expiring', description: 'Old link' });
    const body = { ticket: await ticketOf(receipt) };
    const key = guestLinkKey(stack.appSecretKey);
    const longAgo = Math.floor(Date.now() / 1000) - 60;
    const expired = signGuestToken(key, { ticketId: body.ticket.id, email: guest.email, expiresAt: longAgo });
    const gone = await openLink(expired);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('gone');
    expect(gone.body.error.message).toMatch(/expired/);
    expect((await replyThrough(expired, 'Hello?')).status).toBe(410);

    const valid = signGuestToken(key, {
      ticketId: body.ticket.id,
      email: guest.email,
      expiresAt: longAgo + guestLinkLifetimeSeconds,
    });
    const [id, expiry, signature] = valid.split('.') as [string, string, string];
    const tampered = [
      `${id}.${Number(expiry) + 3600}.${signature}`, // a longer life
      `${id}.${expiry}.${signature.slice(0, -4)}AAAA`,
      signGuestToken(guestLinkKey(Buffer.alloc(32, 7)), {
        ticketId: Number(id),
        email: guest.email,
        expiresAt: Number(expiry),
      }),
      signGuestToken(key, { ticketId: Number(id), email: 'someone-else@guest.example', expiresAt: Number(expiry) }),
      'not-a-token',
      `999999999.${expiry}.${signature}`,
    ];
    for (const token of tampered) {
      expect((await openLink(encodeURIComponent(token))).status, token).toBe(404);
      expect((await replyThrough(encodeURIComponent(token), 'Let me in')).status, token).toBe(404);
    }
    expect((await openLink(valid)).status).toBe(200);
    expect(await stack.db('ticket_messages').where({ ticket_id: body.ticket.id })).toHaveLength(0);
  });

  it('are rate-limited per client address, with Retry-After, and validated like any ticket', async () => {
    const ip = clientAddress();
    const guest = newGuest();
    const invalid = await submit({ name: '', email: 'not-an-address', title: 'Bad', description: 'x', extra: 1 }, ip);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'extra', 'name']);

    // The refused submission above counted too: the limit is on attempts, checked before the body.
    for (let i = 1; i < guestLimit.limit; i++)
      expect((await submit({ ...guest, title: `Flood ${i}`, description: 'x' }, ip)).status).toBe(201);
    const refused = await submit({ ...guest, title: 'Refused flood', description: 'x' }, ip);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(
      /Too many tickets were submitted from your network\. Try again in \d+ seconds\./,
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stack.db('tickets').where({ title: 'Refused flood' })).toHaveLength(0);

    // Another address is not affected.
    expect((await submit({ ...guest, title: 'Calm', description: 'x' }, '198.51.100.251')).status).toBe(201);
  });
});
