import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTemporal, createTicketWorkflows } from '../../workflows/client.js';
import { runOutboxReconciler } from '../../workflows/outbox-relay.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { createLifecycleWorld, isolateWorld } from '../support/lifecycle-fixtures.js';
import { startOwnTemporal } from '../support/own-temporal.js';
import { startTestStack } from '../support/test-stack.js';

// Issue 10 item 2 and issue 11 item 4: a reply is never lost to the workflow, and requests fail
// over fast while Temporal does not answer.

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const timed = async <T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
};

describe('replies while Temporal is down', () => {
  it('reach their workflows once it is back: first response met at the reply’s time, a resolved ticket reopened, no breach', async () => {
    const temporal = await startOwnTemporal();
    cleanups.push(temporal.dispose);
    const isolated = await createIsolatedDatabase();
    cleanups.push(isolated.drop);
    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const stack = await startTestStack({
      databaseUrl: isolated.url,
      temporalAddress: temporal.address,
      logger,
      temporalRequestTimeoutMs: 2000,
    });
    cleanups.push(stack.close);
    // The first response is due 40 s after creation: long enough for an outage and a restart, short
    // enough to wait past it and see that no breach comes.
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 40, resolutionSeconds: 3600 });
    await isolateWorld(stack.db, world);
    const api = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
      requestJson(`${stack.baseUrl}/api${path}`, init);
    const events = (ticketId: number, type: string) => stack.db('ticket_events').where({ ticket_id: ticketId, type });

    // A new ticket waiting for its first response, and a resolved one.
    const waiting = (
      await api('/tickets', { headers: world.customer.auth, body: { title: 'Waiting', description: 'x' } })
    ).body.id as number;
    const resolved = (
      await api('/tickets', { headers: world.customer.auth, body: { title: 'Solved', description: 'y' } })
    ).body.id as number;
    await eventually(async () => {
      expect(await events(waiting, 'sla_planned')).toHaveLength(1);
      expect(await events(resolved, 'sla_planned')).toHaveLength(1);
    });
    expect(
      (await api(`/tickets/${resolved}`, { method: 'PATCH', headers: world.staff.auth, body: { status: 'resolved' } }))
        .status,
    ).toBe(200);
    const dueAt = (await stack.db('tickets').where({ id: waiting }).first()).first_response_due_at as Date;
    expect(dueAt).toBeInstanceOf(Date);

    await temporal.stop();

    // Replies answer 201 at once; the signals wait in the outbox.
    const staffReply = await timed(() =>
      api(`/tickets/${waiting}/messages`, { headers: world.staff.auth, body: { body: 'Looking into it now.' } }),
    );
    const customerReply = await timed(() =>
      api(`/tickets/${resolved}/messages`, { headers: world.customer.auth, body: { body: 'It broke again.' } }),
    );
    expect(staffReply.value.status).toBe(201);
    expect(customerReply.value.status).toBe(201);
    // At most the request deadline (TEMPORAL_REQUEST_TIMEOUT_MS, 2 s here) plus the database's share.
    expect(staffReply.ms).toBeLessThan(4000);
    expect(customerReply.ms).toBeLessThan(4000);
    const repliedAt = new Date(staffReply.value.body.createdAt as string);

    // A change that needs the workflow fails over fast with 503 and Retry-After (not after 20 s of retries).
    const change = await timed(() =>
      api(`/tickets/${waiting}`, { method: 'PATCH', headers: world.staff.auth, body: { priority: 'high' } }),
    );
    expect(change.value.status).toBe(503);
    expect(change.value.body.error.code).toBe('dependency_unavailable');
    expect(change.value.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(change.ms).toBeLessThan(4000);

    const pending = await stack.db('outbox').whereIn('ticket_id', [waiting, resolved]).whereNull('processed_at');
    expect(pending.map((e) => [e.ticket_id, e.topic])).toEqual([
      [waiting, 'ticket.message_added'],
      [resolved, 'ticket.message_added'],
    ]);
    // The relay said what it could not deliver, and readiness shows what waits.
    expect(logLines.some((l) => l.includes('outbox entry not delivered'))).toBe(true);
    const ready = await requestJson(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ postgres: true, temporal: false, outboxPending: 2 });

    await temporal.start();
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

    // The staff reply counts as the first response, at the time it was written, and opens the ticket.
    await eventually(async () => {
      const row = await stack.db('tickets').where({ id: waiting }).first();
      expect(row.first_responded_at?.toISOString()).toBe(repliedAt.toISOString());
      expect(row.status).toBe('open');
    });
    const [met] = await events(waiting, 'first_response_met');
    expect(met.after).toEqual({ firstRespondedAt: repliedAt.toISOString() });
    const sla = await api(`/tickets/${waiting}/sla`, { headers: world.staff.auth });
    expect(sla.body.firstResponse).toMatchObject({ metAt: repliedAt.toISOString(), breachedAt: null });

    // The customer's reply reopens the resolved ticket.
    await eventually(async () => {
      expect((await stack.db('tickets').where({ id: resolved }).first()).status).toBe('open');
      expect(await events(resolved, 'reopened_by_reply')).toHaveLength(1);
    });
    // An entry is marked processed only after its signal returned, so the workflow may act first.
    await eventually(async () =>
      expect(await stack.db('outbox').whereIn('ticket_id', [waiting, resolved]).whereNull('processed_at')).toHaveLength(
        0,
      ),
    );
    expect((await requestJson(`${stack.baseUrl}/readyz`)).body).toMatchObject({ status: 'ready', outboxPending: 0 });

    // Past the first-response deadline nothing is breached.
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now()) + 2000));
    expect((await stack.db('tickets').where({ id: waiting }).first()).sla_breached).toBe(false);
    expect(await events(waiting, 'sla_breached')).toHaveLength(0);
  }, 180_000);

  it('deliver a reply to a ticket created during the outage only after its workflow started, which counts it', async () => {
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
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
    await isolateWorld(stack.db, world);
    const api = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
      requestJson(`${stack.baseUrl}/api${path}`, init);

    await temporal.stop();
    const created = await api('/tickets', {
      headers: world.customer.auth,
      body: { title: 'Born offline', description: 'z' },
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.id as number;
    const reply = await api(`/tickets/${ticketId}/messages`, { headers: world.staff.auth, body: { body: 'On it.' } });
    expect(reply.status).toBe(201);
    const entries = await stack.db('outbox').where({ ticket_id: ticketId }).orderBy('id');
    expect(entries.map((e) => e.topic)).toEqual(['ticket.start_workflow', 'ticket.message_added']);

    await temporal.start();
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
      const row = await stack.db('tickets').where({ id: ticketId }).first();
      expect(row.first_responded_at?.toISOString()).toBe(reply.body.createdAt);
      expect(row.status).toBe('open');
    });
    // The reconciler marks the reply's entry processed only after its signal returned, so the workflow
    // may have opened the ticket while the entry is still being marked.
    await eventually(async () => {
      const delivered = await stack.db('outbox').where({ ticket_id: ticketId }).orderBy('id');
      expect(delivered.every((e) => e.processed_at !== null)).toBe(true);
      // In order: the workflow was started before it was told about the reply. (That the workflow runs its
      // start-up before a signal arriving with the start is the workflow's part: issue 11 item 1.)
      expect(delivered[0].processed_at.getTime()).toBeLessThanOrEqual(delivered[1].processed_at.getTime());
    });
  }, 120_000);
});
