import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { mentionHandleOf } from '../domain/mentions.js';
import { ticketWorkflowId } from '../domain/ticket.js';
import { workflowBundle } from '../workflows/worker.js';
import { eventually } from './support/eventually.js';
import { requestJson } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { useTestStack } from './support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin/admin-session.js';

// Issue 13 item 7: `@name` in an internal note tells that staff member, by e-mail and in-app, through
// the workflow's idempotent notifications, with a link to the note.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
// The manager is signed in to the back office, to find the mention on their dashboard.
let managerDesk: AdminSession;
let manager: { id: number; email: string };

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  managerDesk = await adminSession(stack, 'manager');
  manager = await stack.db('users').where({ id: managerDesk.userId }).first('id', 'email');
});

/** The "mentioned you" e-mails about `ticketNumber` the capture server received, by recipient. */
const mentionMails = (ticketNumber: string) =>
  stack.capture
    .messages()
    .filter(
      (m) => m.kind === 'email' && m.subject.startsWith(`[${ticketNumber}]`) && m.subject.includes('mentioned you'),
    );

describe('mentions in internal notes', () => {
  it('e-mail each mentioned staff member once with a link to the note, and no one else', async () => {
    const author = world.staff;
    const [, colleague] = world.agents;
    const { customer } = world;
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: customer.auth,
      body: { title: 'Refund for a double charge', description: 'I was charged twice in March.' },
    });
    expect(created.status).toBe(201);
    const ticket = created.body as { id: number; number: string };
    await eventually(async () => {
      expect((await stack.db('tickets').where({ id: ticket.id }).first()).assignee_id).not.toBeNull();
    });

    // Two colleagues by the chosen syntax (any case), the customer's address and handle, the author
    // themselves, an unknown name and a mention inside a code span.
    const body = [
      `@${mentionHandleOf(colleague!.email)} and @${mentionHandleOf(manager.email).toUpperCase()}: can we refund this?`,
      `The customer wrote from ${customer.user.email}; @${mentionHandleOf(customer.user.email)} must not hear of it.`,
      `Noted by @${mentionHandleOf(author.user.email)}. Ask @nobody-${randomUUID().slice(0, 8)} too.`,
      `Run \`refund --notify @${mentionHandleOf(colleague!.email)}\` afterwards.`,
    ].join('\n');
    const idempotencyKey = randomUUID();
    const post = () =>
      requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
        headers: { ...author.auth, 'idempotency-key': idempotencyKey },
        body: { body, internal: true },
      });
    const first = await post();
    expect(first.status).toBe(201);
    const noteId = first.body.id as number;

    const link = `${stack.baseUrl}/admin/resources/tickets/records/${ticket.id}/show#message-${noteId}`;
    const mails = await eventually(async () => {
      const sent = mentionMails(ticket.number);
      expect(
        sent
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual([colleague!.email, manager.email].sort());
      return sent;
    });
    for (const mail of mails) {
      expect(mail.subject).toBe(`[${ticket.number}] ${author.user.name} mentioned you: Refund for a double charge`);
      expect(mail.text).toContain(`${author.user.name} mentioned you in an internal note on ${ticket.number}`);
      expect(mail.text).toContain('> @');
      expect(mail.text).toContain(link);
    }
    // Each of them also got it in-app (their socket.io room), each delivery logged once.
    // The worker logs a recipient's in-app delivery after their e-mail went out: the last one may trail the mail.
    await eventually(async () => {
      const delivered = await stack.db('notifications').where({ ticket_id: ticket.id, template: 'mentioned' });
      expect(delivered.map((d) => `${d.kind}:${d.recipient_user_id}`).sort()).toEqual(
        [`email:${colleague!.id}`, `email:${manager.id}`, `in_app:${colleague!.id}`, `in_app:${manager.id}`].sort(),
      );
    });

    // The same request again (a client retry) is the same note, and tells no one anything new.
    const again = await post();
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(noteId);
    expect(await stack.db('ticket_messages').where({ ticket_id: ticket.id, internal: true })).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(mentionMails(ticket.number)).toHaveLength(2);
    expect(
      stack.capture.messages().filter((m) => m.to.includes(customer.user.email) && /mention/i.test(m.subject)),
    ).toEqual([]);

    // In the back office: the manager's dashboard lists the mention, linked to the note; the ticket
    // page highlights the mentions that name staff (the author's too), not the customer, the unknown
    // name or the code.
    const dashboard = await managerDesk.get('/api/dashboard');
    expect(dashboard.body.mentions).toEqual([
      expect.objectContaining({ ticketId: ticket.id, number: ticket.number, messageId: noteId }),
    ]);
    const page = await managerDesk.get(`/api/resources/tickets/records/${ticket.id}/overview`);
    expect(page.status).toBe(200);
    const note = page.body.overview.messages.find((m: { id: number }) => m.id === noteId);
    const highlighted = (note.mentions as { start: number; end: number }[]).map((span) =>
      body.slice(span.start, span.end).toLowerCase(),
    );
    expect(highlighted).toEqual([
      `@${mentionHandleOf(colleague!.email)}`,
      `@${mentionHandleOf(manager.email)}`,
      `@${mentionHandleOf(author.user.email)}`,
    ]);

    // The workflow's history, with the mention notice in it, replays against the current code.
    const history = await stack.workflows.client.workflow.getHandle(ticketWorkflowId(ticket.id)).fetchHistory();
    await expect(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, ticketWorkflowId(ticket.id)),
    ).resolves.toBeUndefined();
  });
});
