import { WithStartWorkflowOperation } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMessageWithOutbox } from '../../db/messages.js';
import { findTicketLifecycleRow, insertTicketWithOutbox } from '../../db/tickets.js';
import { ticketWorkflowId } from '../../domain/ticket.js';
import type { MessageAdded, TicketLifecycleInput } from '../../workflows/lifecycle/definitions.js';
import { changeTicketUpdate, messageAddedSignal } from '../../workflows/lifecycle/definitions.js';
import type { ticketLifecycle } from '../../workflows/ticket-lifecycle.workflow.js';
import { eventually } from '../support/eventually.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let world: LifecycleWorld;
let dropDb: () => Promise<void>;
beforeAll(async () => {
  const isolated = await createIsolatedDatabase();
  dropDb = isolated.drop;
  stack = await startTestStack({ databaseUrl: isolated.url });
  world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600 });
  await isolateWorld(stack.db, world);
});
afterAll(async () => {
  await stack?.close();
  await dropDb?.();
});

/** A committed ticket whose workflow has not started yet, and a staff reply already on it. */
async function ticketWithEarlyReply() {
  const { ticket } = await insertTicketWithOutbox(
    stack.db,
    {
      title: 'Reply races the start',
      description: 'staff answered at once',
      priority: 'normal',
      requesterId: world.customer.user.id,
      channel: 'api',
    },
    { actorId: world.customer.user.id, source: 'api' },
  );
  // Stored with its outbox entry like any reply; the test delivers the signal itself.
  const { message: reply } = await insertMessageWithOutbox(
    stack.db,
    { ticketId: ticket.id, authorId: world.agents[0]!.id, body: 'We are on it', internal: false, source: 'api' },
    (m) => ({
      messageId: m.id,
      authorId: world.agents[0]!.id,
      byStaff: true,
      internal: false,
      at: m.createdAt,
      source: 'api',
    }),
  );
  const row = (await findTicketLifecycleRow(stack.db, ticket.id))!;
  const input: TicketLifecycleInput = {
    ticketId: row.id,
    number: row.number,
    status: row.status,
    priority: row.priority,
    teamId: row.teamId,
    assigneeId: row.assigneeId,
    organizationId: row.organizationId,
    category: row.category,
    requesterId: row.requesterId,
    version: row.version,
    createdAt: row.createdAt,
    firstRespondedAt: row.firstRespondedAt,
    resolvedAt: row.resolvedAt,
  };
  const signal: MessageAdded = {
    messageId: reply.id,
    authorId: world.agents[0]!.id,
    byStaff: true,
    internal: false,
    at: reply.createdAt,
    source: 'api',
  };
  return { ticket, input, signal };
}

const events = (ticketId: number) =>
  stack.db('ticket_events').where({ ticket_id: ticketId }).orderBy('id').select('id', 'type');

describe('a reply delivered in the same activation as the start', () => {
  it('is applied after the start-up: creation e-mail, first-response deadline, then the first response', async () => {
    const { ticket, input, signal } = await ticketWithEarlyReply();
    // signalWithStart puts the start and the signal into the workflow's very first activation.
    const handle = await stack.workflows.client.workflow.signalWithStart<typeof ticketLifecycle, [MessageAdded]>(
      'ticketLifecycle',
      {
        workflowId: ticketWorkflowId(ticket.id),
        taskQueue: stack.taskQueue,
        args: [input],
        signal: messageAddedSignal,
        signalArgs: [signal],
      },
    );

    await eventually(async () => {
      const types = (await events(ticket.id)).map((e) => e.type);
      expect(types).toContain('first_response_met');
      expect(types).toContain('status_changed');
    });
    const types = (await events(ticket.id)).map((e) => e.type);
    // The deadline is planned before the reply is applied, and the reply still counts.
    expect(types.indexOf('sla_planned')).toBeGreaterThan(-1);
    expect(types.indexOf('sla_planned')).toBeLessThan(types.indexOf('first_response_met'));
    expect(types.filter((t) => t === 'first_response_met')).toHaveLength(1);
    const row = await stack.db('tickets').where({ id: ticket.id }).first();
    expect(row.first_response_due_at).not.toBeNull();
    expect(row.first_responded_at.toISOString()).toBe(signal.at);
    expect(row.status).toBe('open');
    const sla = await stack.workflows.getSla(ticket.id);
    expect(sla?.clock?.firstResponse).toMatchObject({ metAt: signal.at, breachedAt: null });
    expect(sla?.clock?.firstResponse.dueAt).not.toBeNull();

    // The customer hears "we received your request" first, then the reply.
    const mailFor = () =>
      stack.capture
        .messages()
        .filter(
          (m) => m.kind === 'email' && m.to[0] === world.customer.user.email && m.subject.includes(ticket.number),
        );
    await eventually(async () => expect(mailFor()).toHaveLength(2));
    expect(mailFor().map((m) => m.subject.split(': ')[0])).toEqual([
      `[${ticket.number}] We received your request`,
      `[${ticket.number}] New reply`,
    ]);

    // The outbox may deliver the same signal again: the workflow applies each message once.
    await handle.signal(messageAddedSignal, signal);
    await handle.query('ticketState');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await events(ticket.id)).filter((e) => e.type === 'first_response_met')).toHaveLength(1);
    expect(mailFor()).toHaveLength(2);
  });

  it('answers queries while the start-up is still running, with the state as it is', async () => {
    const { ticket, input, signal } = await ticketWithEarlyReply();
    const handle = await stack.workflows.client.workflow.signalWithStart<typeof ticketLifecycle, [MessageAdded]>(
      'ticketLifecycle',
      {
        workflowId: ticketWorkflowId(ticket.id),
        taskQueue: stack.taskQueue,
        args: [input],
        signal: messageAddedSignal,
        signalArgs: [signal],
      },
    );
    const first = await stack.workflows.getState(ticket.id);
    expect(first?.ticketId).toBe(ticket.id);
    await eventually(async () => expect((await stack.workflows.getState(ticket.id))?.status).toBe('open'));
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('applies an update sent with the start after the start-up too, and answers with the state after both', async () => {
    const { ticket, input } = await ticketWithEarlyReply();
    const start = new WithStartWorkflowOperation<typeof ticketLifecycle>('ticketLifecycle', {
      workflowId: ticketWorkflowId(ticket.id),
      taskQueue: stack.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const state = await stack.workflows.client.workflow.executeUpdateWithStart(changeTicketUpdate, {
      args: [{ status: 'pending', actor: { userId: world.agents[0]!.id, source: 'api' } }],
      startWorkflowOperation: start,
    });
    // The answer already has the start-up's deadlines and routing, and the change on top.
    expect(state).toMatchObject({ status: 'pending', teamId: world.teamId });
    expect(state.firstResponseDueAt).not.toBeNull();
    const types = (await events(ticket.id)).map((e) => e.type);
    expect(types.indexOf('sla_planned')).toBeLessThan(types.indexOf('status_changed'));
    await eventually(async () =>
      expect(
        stack.capture
          .messages()
          .filter(
            (m) => m.kind === 'email' && m.subject === `[${ticket.number}] We received your request: ${ticket.title}`,
          ),
      ).toHaveLength(1),
    );
  });
});
