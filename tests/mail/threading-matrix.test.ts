import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from '../support/fixtures.js';
import { mailClients, renderFixture, type MailClient } from '../support/mail-fixtures.js';
import { createImapMailbox, mailsTo, threadingOf, type TestImapMailbox } from '../support/mail-stack.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Every client shape × every way a conversation continues, delivered to a real IMAP server
// (dovecot) and fetched by the mailbox's polling workflow: each lands on the ticket it belongs to.
let stack: TestStack;
let dovecot: Dovecot;
let inbox: TestImapMailbox;
let agent: KeyedUser;

beforeAll(async () => {
  dovecot = await startDovecot();
  // The dovecot on 127.0.0.1 is a private address: the test allows exactly its port.
  stack = await startTestStack({ mail: { allowHosts: [`${dovecot.host}:${dovecot.port}`] } });
  agent = await createKeyedUser(stack.db, 'agent');
});
afterAll(async () => {
  await stack?.close();
  await dovecot?.stop();
});

const ticketCountFor = async (email: string) =>
  Number(
    (
      await stack
        .db('tickets as t')
        .join('users as u', 'u.id', 't.requester_id')
        .whereRaw('lower(u.email) = lower(?)', [email])
        .count('* as n')
    )[0]!.n,
  );

async function messagesOf(ticketId: number) {
  return stack
    .db('ticket_messages')
    .where({ ticket_id: ticketId })
    .orderBy('id')
    .select('body', 'internal', 'author_id');
}

/** The newest mail to `address` whose subject matches, and whose text holds `containing` when given. */
async function latestMailTo(address: string, predicate: (subject: string) => boolean, containing?: string) {
  return eventually(async () => {
    const found = mailsTo(stack, address).filter(
      (m) => predicate(m.subject) && (containing === undefined || m.text.includes(containing)),
    );
    expect(found.length).toBeGreaterThan(0);
    return found.at(-1)!;
  });
}

describe.each(mailClients)('threading matrix: %s', (client: MailClient) => {
  const tag = randomUUID().slice(0, 6);
  const customer = `Alex ${tag} <alex-${client}-${tag}@customer.test>`;
  const customerAddress = `alex-${client}-${tag}@customer.test`;
  const colleague = `colleague-${client}-${tag}@customer.test`;
  let ticket: { id: number; number: string; title: string };

  it('a new mail opens a ticket on the email channel and gets a threaded acknowledgement', async () => {
    inbox ??= await createImapMailbox(stack, dovecot);
    const subject = `Printer ${tag} is on fire`;
    await inbox.deliver(
      renderFixture(`${client}-new`, { from: customer, to: inbox.address, subject, body: `First report ${tag}` }),
    );
    ticket = await eventually(async () => {
      const row = await stack
        .db('tickets as t')
        .join('users as u', 'u.id', 't.requester_id')
        .where('u.email', customerAddress)
        .first('t.id', 't.number', 't.title', 't.channel');
      expect(row?.channel).toBe('email');
      return row;
    });
    const ack = await latestMailTo(customerAddress, (s) => s.includes(`[${ticket.number}]`));
    const thread = threadingOf(ack);
    expect(thread.messageId).toMatch(/@acme\.test$/);
    expect(thread.replyTo).toMatch(new RegExp(`^support-[0-9a-f]+\\+t[0-9a-z]+-[0-9a-z]+-[0-9a-f]{20}@acme\\.test$`));
    expect(ack.headers['In-Reply-To']).toBeTruthy();
    expect(ack.headers['Auto-Submitted']).toBe('auto-replied');
  });

  it('a reply to the acknowledgement lands on the ticket, quotes stripped', async () => {
    const ack = threadingOf(await latestMailTo(customerAddress, (s) => s.includes(`[${ticket.number}]`)));
    await inbox.deliver(
      renderFixture(`${client}-reply`, {
        from: customer,
        to: ack.replyTo,
        subject: `[${ticket.number}] ${ticket.title}`,
        body: `Reply to ack ${tag}`,
        inReplyTo: ack.messageId,
        references: [...ack.references, ack.messageId],
      }),
    );
    await eventually(async () => {
      const bodies = (await messagesOf(ticket.id)).map((m) => m.body);
      expect(bodies.some((b) => b.startsWith(`Reply to ack ${tag}`))).toBe(true);
      expect(bodies.join('\n')).not.toMatch(
        /We received your request|wir haben Ihre Anfrage|Nous avons bien|お問い合わせを受け付けました/,
      );
    });
  });

  it("a reply to the agent's reply, and a reply-all with a CC, land on the ticket; the CC becomes a participant", async () => {
    const sent = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: agent.auth,
      body: { body: `Agent answer ${tag}` },
    });
    expect(sent.status).toBe(201);
    const reply = await latestMailTo(customerAddress, (s) => s.includes('New reply'));
    expect(reply.text).toContain(`Agent answer ${tag}`);
    const t = threadingOf(reply);
    await inbox.deliver(
      renderFixture(`${client}-reply`, {
        from: customer,
        to: t.replyTo,
        cc: colleague,
        subject: `[${ticket.number}] ${ticket.title}`,
        body: `Reply all ${tag}`,
        inReplyTo: t.messageId,
        references: [...t.references, t.messageId],
      }),
    );
    await eventually(async () => {
      expect((await messagesOf(ticket.id)).some((m) => m.body.startsWith(`Reply all ${tag}`))).toBe(true);
      const participants = await stack
        .db('ticket_participants as p')
        .join('users as u', 'u.id', 'p.user_id')
        .where('p.ticket_id', ticket.id)
        .pluck('u.email');
      expect(participants).toEqual([colleague]);
    });
  });

  it('the CC receives the next agent reply, and their reply lands on the ticket', async () => {
    await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: agent.auth,
      body: { body: `Second answer ${tag}` },
    });
    const toColleague = await latestMailTo(colleague, (s) => s.includes('New reply'));
    expect(toColleague.text).toContain(`Second answer ${tag}`);
    // The agent's reply goes to the requester and the participant, never to "whoever wrote last" alone.
    await latestMailTo(customerAddress, (s) => s.includes('New reply'), `Second answer ${tag}`);
    const t = threadingOf(toColleague);
    await inbox.deliver(
      renderFixture(`${client}-reply`, {
        from: `Colleague <${colleague}>`,
        to: t.replyTo,
        subject: `[${ticket.number}] ${ticket.title}`,
        body: `Colleague here ${tag}`,
        inReplyTo: t.messageId,
        references: [...t.references, t.messageId],
      }),
    );
    await eventually(
      async () =>
        expect((await messagesOf(ticket.id)).some((m) => m.body.startsWith(`Colleague here ${tag}`))).toBe(true),
      30_000,
    );
  });

  it('a forward by the requester to the plain support address lands on the ticket', async () => {
    const last = threadingOf(await latestMailTo(customerAddress, (s) => s.includes('New reply')));
    await inbox.deliver(
      renderFixture(`${client}-forward`, {
        from: customer,
        to: inbox.address,
        subject: `[${ticket.number}] ${ticket.title}`,
        body: `Forwarding ${tag}`,
        inReplyTo: last.messageId,
        references: [...last.references, last.messageId],
      }),
    );
    await eventually(
      async () => expect((await messagesOf(ticket.id)).some((m) => m.body.startsWith(`Forwarding ${tag}`))).toBe(true),
      30_000,
    );
  });

  it("a stranger using the ticket's subject token opens a new ticket instead of posting into it", async () => {
    const stranger = `stranger-${client}-${tag}@elsewhere.test`;
    await inbox.deliver(
      renderFixture(`${client}-new`, {
        from: stranger,
        to: inbox.address,
        subject: `[${ticket.number}] ${ticket.title}`,
        body: `Let me in ${tag}`,
      }),
    );
    await eventually(async () => expect(await ticketCountFor(stranger)).toBe(1));
    expect((await messagesOf(ticket.id)).some((m) => m.body.includes(`Let me in ${tag}`))).toBe(false);
    // Nothing was duplicated along the way: one ticket for the customer, five mails on it.
    expect(await ticketCountFor(customerAddress)).toBe(1);
    expect((await messagesOf(ticket.id)).filter((m) => !m.internal && m.author_id !== agent.user.id)).toHaveLength(4);
  });
});
