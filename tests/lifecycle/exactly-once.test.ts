import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { crashedSteps } from '../support/crash-after-write.js';
import type { CrashingWorkerSettings } from '../support/crashing-worker-process.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { addEscalationRule, createLifecycleWorld, isolateWorld } from '../support/lifecycle-fixtures.js';
import { projectRoot } from '../support/run-command.js';
import { startTestStack } from '../support/test-stack.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

// Every kind of write of a ticket's life, in the order they happen: the worker is killed (SIGKILL)
// right after each one commits and before Temporal hears the activity completed. Two of the four
// e-mails are enough for deliveries (each remote crash costs the activity's 30 s timeout); the
// other two are still checked for exactly one row and one e-mail.
const writeSteps = [
  'recordWorkflowStarted',
  'persistTicketChange:sla_planned',
  'persistTicketChange:assigned',
  'deliverNotifications:created',
  'persistTicketChange:sla_breached',
  'persistTicketChange:escalated',
  'persistTicketChange:first_response_met',
  'persistTicketChange:status_changed',
  'deliverNotifications:replied',
];

describe('a worker killed right after each write', () => {
  it('leaves exactly one audit entry, one delivery and one e-mail per step', { timeout: 600_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'exactly-once-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const isolated = await createIsolatedDatabase();
    cleanups.push(isolated.drop);
    // The worker is killed and restarted under the test: Temporal may take longer than a request's deadline.
    const stack = await startTestStack({ databaseUrl: isolated.url, worker: false, temporalRequestTimeoutMs: 15_000 });
    cleanups.push(stack.close);
    const world = await createLifecycleWorld(stack.db, {
      firstResponseSeconds: 20,
      resolutionSeconds: 3600,
      agents: 2,
    });
    await isolateWorld(stack.db, world);
    await addEscalationRule(stack.db, {
      trigger: 'first_response_breach',
      actions: [{ type: 'notify', target: 'team_lead' }],
    });

    // A supervisor: whenever the worker dies, a new one takes over, like a process manager would.
    const settings: CrashingWorkerSettings = {
      databaseUrl: isolated.url,
      temporalAddress: inject('temporalAddress'),
      taskQueue: stack.taskQueue,
      captureUrl: stack.capture.url,
      publicUrl: stack.baseUrl,
      crashAfter: writeSteps,
      ledger: path.join(dir, 'crashed.json'),
    };
    const log = openSync(path.join(dir, 'worker.log'), 'a');
    let worker: ChildProcess;
    let stopped = false;
    let starts = 0;
    const startWorker = () => {
      starts += 1;
      worker = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/support/crashing-worker-process.ts', JSON.stringify(settings)],
        { cwd: projectRoot, stdio: ['ignore', log, log] },
      );
      worker.once('exit', () => {
        if (!stopped) startWorker();
      });
    };
    startWorker();
    cleanups.push(async () => {
      stopped = true;
      worker.kill('SIGKILL');
    });

    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Crash at every write', description: 'exactly once, please' },
    });
    expect(created.status).toBe(201);
    const ticket = created.body as { id: number; number: string };

    // The first response is missed (20 s) while the worker keeps dying; then staff reply.
    await eventually(
      async () =>
        expect(await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'escalated' })).toHaveLength(1),
      300_000,
      500,
    );
    const reply = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: world.staff.auth,
      body: { body: 'Sorry for the wait' },
    });
    expect(reply.status).toBe(201);
    await eventually(async () => expect(crashedSteps(settings.ledger)).toEqual(writeSteps), 300_000, 500);
    await eventually(
      async () =>
        expect(
          await stack.db('notifications').where({ ticket_id: ticket.id, template: 'replied', status: 'sent' }),
        ).toHaveLength(1),
      120_000,
      500,
    );
    // Give a duplicate every chance to appear before concluding there is none.
    await new Promise((r) => setTimeout(r, 3000));

    expect(starts).toBe(writeSteps.length + 1);
    const events = await stack.db('ticket_events').where({ ticket_id: ticket.id }).orderBy('id');
    const count = (type: string) => events.filter((e) => e.type === type).length;
    for (const type of [
      'workflow_started',
      'sla_planned',
      'assigned',
      'sla_breached',
      'escalated',
      'first_response_met',
      'status_changed',
    ])
      expect(count(type), `ticket_events of type ${type}`).toBe(1);

    // Round robin moved on once: a re-run after the crash kept the recorded choice.
    const row = await stack.db('tickets').where({ id: ticket.id }).first();
    const assignee = world.agents.find((a) => a.id === row.assignee_id)!;
    expect(assignee).toBeDefined();
    const deliveries = await stack.db('notifications').where({ ticket_id: ticket.id, kind: 'email' });
    const mails = stack.capture.messages().filter((m) => m.kind === 'email' && m.subject.includes(ticket.number));
    const expected = [
      { template: 'created', to: world.customer.user.email, subject: 'We received your request' },
      { template: 'assigned', to: assignee.email, subject: 'Assigned to you' },
      { template: 'breached', to: world.lead.email, subject: 'SLA breached' },
      { template: 'replied', to: world.customer.user.email, subject: 'New reply' },
    ];
    for (const { template, to, subject } of expected) {
      const rows = deliveries.filter((d) => d.template === template);
      expect(rows, `notifications for ${template}`).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'sent', recipient: to });
      expect(
        mails.filter((m) => m.to[0] === to && m.subject.includes(subject)),
        `e-mails "${subject}" to ${to}`,
      ).toHaveLength(1);
    }

    // The row, the workflow and the audit trail tell the same story.
    expect(row).toMatchObject({ status: 'open', sla_breached: true });
    expect(row.first_responded_at).not.toBeNull();
    const state = await stack.workflows.getState(ticket.id);
    expect(state).toMatchObject({ status: 'open', assigneeId: assignee.id, slaBreached: true });
    expect(mails.filter((m) => m.subject.includes('Assigned to you'))).toHaveLength(1);
  });
});
