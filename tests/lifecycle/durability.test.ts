import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connectTemporal, createTicketWorkflows } from '../../workflows/client.js';
import { runOutboxReconciler } from '../../workflows/outbox-relay.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { addEscalationRule, createLifecycleWorld } from '../support/lifecycle-fixtures.js';
import { startOwnTemporal } from '../support/own-temporal.js';
import { projectRoot } from '../support/run-command.js';
import { startTestStack } from '../support/test-stack.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('ticket creation while Temporal is down', () => {
  it('still creates the tickets, and the reconciler starts every workflow once Temporal is back', async () => {
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
    const world = await createLifecycleWorld(stack.db);

    await temporal.stop();
    const created: number[] = [];
    for (const title of ['Outage one', 'Outage two', 'Outage three']) {
      const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
        headers: world.customer.auth,
        body: { title, description: 'Temporal is down' },
      });
      expect(res.status).toBe(201);
      created.push(res.body.id as number);
    }
    expect(await stack.db('outbox').whereIn('ticket_id', created).whereNull('processed_at')).toHaveLength(3);
    expect((await requestJson(`${stack.baseUrl}/readyz`)).status).toBe(503);

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
      for (const id of created) {
        const description = await reconcilerClient.client.workflow.getHandle(`ticket-${id}`).describe();
        expect(description.status.name).toBe('RUNNING');
      }
    });
    // The reconciler marks an outbox row processed only after its workflow start returned, so a
    // workflow can already run while its row is still being marked.
    await eventually(async () =>
      expect(await stack.db('outbox').whereIn('ticket_id', created).whereNull('processed_at')).toHaveLength(0),
    );
    await eventually(async () =>
      expect(
        await stack.db('ticket_events').whereIn('ticket_id', created).where({ type: 'workflow_started' }),
      ).toHaveLength(3),
    );
  });
});

describe('a worker killed between a timer and its escalation', () => {
  it('escalates exactly once after restart, with exactly one e-mail', { timeout: 240_000 }, async () => {
    const isolated = await createIsolatedDatabase();
    cleanups.push(isolated.drop);
    // The child worker runs the production task queue; this stack only serves HTTP and captures mail.
    const stack = await startTestStack({ databaseUrl: isolated.url, worker: false, taskQueue: 'tickets' });
    cleanups.push(stack.close);
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 5, resolutionSeconds: 600 });
    await addEscalationRule(stack.db, {
      trigger: 'first_response_breach',
      actions: [{ type: 'notify', target: 'team_lead' }],
    });

    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: isolated.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      APP_SECRET_KEY: randomBytes(32).toString('base64'),
      SENDGRID_API_KEY: 'SG.test',
      SENDGRID_API_URL: stack.capture.url,
      PUBLIC_URL: 'http://localhost:3000',
      LOG_LEVEL: 'warn',
    };
    const startWorker = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'workflows/worker-process.ts'], {
        cwd: projectRoot,
        env,
        stdio: 'ignore',
      });
    let worker = startWorker();
    cleanups.push(async () => worker.kill('SIGKILL'));

    const create = async (title: string) => {
      const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
        headers: world.customer.auth,
        body: { title, description: 'Timers must survive' },
      });
      expect(res.status).toBe(201);
      return res.body as { id: number; number: string };
    };
    const planned = (ticketId: number, timeoutMs: number) =>
      eventually(
        async () =>
          expect(await stack.db('ticket_events').where({ ticket_id: ticketId, type: 'sla_planned' })).toHaveLength(1),
        timeoutMs,
      );
    // A worker process's start (TypeScript loaded, the workflow bundle built) takes seconds alone and
    // tens of seconds on two cores shared with the rest of the suite: a first ticket shows it is
    // working, so the ticket under test is planned well before its 5 s deadline.
    await planned((await create('Warm-up')).id, 120_000);
    const { id: ticketId, number } = await create('Killed worker');
    await planned(ticketId, 20_000);

    // The breach timer is pending in Temporal; the worker dies without a chance to clean up.
    worker.kill('SIGKILL');
    const dueAt = (await stack.db('tickets').where({ id: ticketId }).first()).first_response_due_at as Date;
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now()) + 1000));
    expect(await stack.db('ticket_events').where({ ticket_id: ticketId, type: 'escalated' })).toHaveLength(0);

    worker = startWorker();
    await eventually(
      async () =>
        expect(await stack.db('ticket_events').where({ ticket_id: ticketId, type: 'escalated' })).toHaveLength(1),
      90_000,
    );
    await eventually(async () =>
      expect(
        stack.capture
          .messages()
          .filter((m) => m.to[0] === world.lead.email && m.subject.startsWith(`[${number}] SLA breached`)),
      ).toHaveLength(1),
    );
    // Give a duplicate every chance to appear before concluding there is none.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await stack.db('ticket_events').where({ ticket_id: ticketId, type: 'sla_breached' })).toHaveLength(1);
    expect(await stack.db('ticket_events').where({ ticket_id: ticketId, type: 'escalated' })).toHaveLength(1);
    expect(
      stack.capture
        .messages()
        .filter((m) => m.to[0] === world.lead.email && m.subject.startsWith(`[${number}] SLA breached`)),
    ).toHaveLength(1);
  });
});
