import { afterAll, describe, expect, it } from 'vitest';
import { connectTemporal, createTicketWorkflows } from '../../workflows/client.js';
import { runOutboxReconciler } from '../../workflows/outbox-relay.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { addEscalationRule, createLifecycleWorld, isolateWorld } from '../support/lifecycle-fixtures.js';
import { startOwnTemporal } from '../support/own-temporal.js';
import { startTestStack } from '../support/test-stack.js';

// Issue 11: a staff reply made while Temporal is down waits in the outbox. When the first-response
// deadline passes before Temporal is back, the overdue timer reaches the workflow before the reply's
// signal does; the reply was made in time, so it is the first response, not a breach.

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a staff reply made while Temporal is down', () => {
  it('meets the first response at its own time when the deadline passes before Temporal is back: no breach, no escalation', async () => {
    const temporal = await startOwnTemporal();
    cleanups.push(temporal.dispose);
    const isolated = await createIsolatedDatabase();
    cleanups.push(isolated.drop);
    const stack = await startTestStack({
      databaseUrl: isolated.url,
      temporalAddress: temporal.address,
      temporalRequestTimeoutMs: 2000,
    });
    cleanups.push(stack.close);
    // 24×7, so the deadline is 15 s of wall-clock time after creation: enough to stop Temporal and reply.
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 15, resolutionSeconds: 3600 });
    await isolateWorld(stack.db, world);
    await addEscalationRule(stack.db, {
      trigger: 'first_response_breach',
      name: `Breach ${world.policyId}`,
      actions: [{ type: 'notify', roles: ['manager'] }],
    });
    const api = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
      requestJson(`${stack.baseUrl}/api${path}`, init);
    const events = (ticketId: number, ...types: string[]) =>
      stack.db('ticket_events').where({ ticket_id: ticketId }).whereIn('type', types).orderBy('id');

    const created = await api('/tickets', {
      headers: world.customer.auth,
      body: { title: 'Printer on fire', description: 'smoke' },
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.id as number;
    const ticketNumber = created.body.number as string;
    // Routing is the last step of the workflow's start-up: the deadline and its timer are set.
    await eventually(async () => expect(await events(ticketId, 'assigned')).toHaveLength(1));
    const dueAt = (await stack.db('tickets').where({ id: ticketId }).first()).first_response_due_at as Date;
    expect(dueAt).toBeInstanceOf(Date);

    await temporal.stop();
    const reply = await api(`/tickets/${ticketId}/messages`, {
      headers: world.staff.auth,
      body: { body: 'Fire brigade is on its way.' },
    });
    expect(reply.status).toBe(201);
    const repliedAt = new Date(reply.body.createdAt as string);
    expect(repliedAt.getTime()).toBeLessThan(dueAt.getTime());

    // Temporal stays down until the deadline has passed, so its timer is overdue when it comes back.
    await sleep(Math.max(0, dueAt.getTime() - Date.now()) + 1500);
    await temporal.start();
    // Nothing relays the reply yet (this stack runs no reconciler, and the request's own delivery
    // failed): the workflow handles the overdue timer first, as it would when the timer's task wins
    // the race against the relay.
    await eventually(
      async () => expect((await events(ticketId, 'sla_breached', 'first_response_met')).length).toBeGreaterThan(0),
      60_000,
      250,
    );

    // Now the relay delivers the reply's signal: it opens the ticket and tells the customer.
    const reconcilerClient = createTicketWorkflows(
      await connectTemporal({ address: temporal.address, namespace: 'default' }),
      { taskQueue: stack.taskQueue, requestTimeoutMs: 2000 },
    );
    const stop = new AbortController();
    const reconciler = runOutboxReconciler(stack.db, reconcilerClient, { intervalMs: 200, signal: stop.signal });
    cleanups.push(async () => {
      stop.abort();
      await reconciler;
      await reconcilerClient.close();
    });
    await eventually(async () => {
      expect((await stack.db('tickets').where({ id: ticketId }).first()).status).toBe('open');
      // Notifications go out in the order the workflow queued them: a breach notice would come first.
      expect(
        await stack.db('notifications').where({ ticket_id: ticketId, template: 'replied', kind: 'email' }),
      ).toHaveLength(1);
    });

    // The first response was met when the reply was written, once, and nothing was breached.
    const row = await stack.db('tickets').where({ id: ticketId }).first();
    expect(row.first_responded_at?.toISOString()).toBe(repliedAt.toISOString());
    expect(row.sla_breached).toBe(false);
    const met = await events(ticketId, 'first_response_met');
    expect(met).toHaveLength(1);
    expect(met[0].after).toEqual({ firstRespondedAt: repliedAt.toISOString() });
    expect(met[0].actor_id).toBe(world.staff.user.id);
    expect(await events(ticketId, 'sla_breached', 'escalated')).toHaveLength(0);
    const sla = await api(`/tickets/${ticketId}/sla`, { headers: world.staff.auth });
    expect(sla.body.firstResponse).toMatchObject({ metAt: repliedAt.toISOString(), breachedAt: null });
    expect(sla.body.breached).toBe(false);
    expect(
      await stack.db('notifications').where({ ticket_id: ticketId }).whereIn('template', ['breached', 'escalated']),
    ).toHaveLength(0);
    expect(
      stack.capture.messages().filter((m) => m.subject.includes(ticketNumber) && m.subject.includes('SLA')),
    ).toEqual([]);
    await eventually(async () =>
      expect(await stack.db('outbox').where({ ticket_id: ticketId }).whereNull('processed_at')).toHaveLength(0),
    );
  }, 180_000);
});
