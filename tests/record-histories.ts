import { execFile } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startBenchStack } from '../bench/local-stack.js';
import { createApiKey } from '../db/api-keys.js';
import { insertMessageWithOutbox } from '../db/messages.js';
import { markOutboxProcessed } from '../db/outbox.js';
import { findTicketLifecycleRow, insertTicketWithOutbox } from '../db/tickets.js';
import { ticketWorkflowId } from '../domain/ticket.js';
import { messageAddedSignal, type MessageAdded } from '../workflows/lifecycle/definitions.js';
import type { ticketLifecycle } from '../workflows/ticket-lifecycle.workflow.js';
import { insertUser } from '../db/users.js';
import { recordFieldsEdited } from '../tickets/record-field-edit.js';
import { classificationChangedSignal, type ClassificationChanged } from '../workflows/lifecycle/definitions.js';
import { createOutboxRelay } from '../workflows/outbox-relay.js';

// `npm run histories:record`: runs ticket scenarios on a throwaway stack and saves their event
// histories to workflows/histories/ for the replay test. Re-record only for a deliberate,
// patched() change; keep the old files so running tickets stay covered.

// Histories of each workflow code generation are kept side by side; name the current one here.
const historyVersion = 'v7-merge-notice';

const stack = await startBenchStack();
const api = async (path: string, key: string, body?: unknown, method?: string) => {
  const res = await fetch(`${stack.baseUrl}/api${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method ?? 'POST'} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ id: number }>;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
  const db = stack.db;
  const [calendar] = await db('business_calendars')
    .insert({
      name: '24x7',
      timezone: 'UTC',
      weekly_hours: JSON.stringify(
        Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
      ),
      holidays: '[]',
    })
    .returning('id');
  await db('sla_policies').insert([
    {
      name: 'Fast',
      position: 1,
      conditions: '{}',
      first_response_target_seconds: 2,
      resolution_target_seconds: 4,
      calendar_id: calendar.id,
      warning_thresholds: JSON.stringify([0.5]),
    },
    {
      // Low priority (scenario 5): room between the warning and the breach to store a reply.
      name: 'Low',
      position: 0,
      conditions: JSON.stringify({ priorities: ['low'] }),
      first_response_target_seconds: 6,
      resolution_target_seconds: 60,
      calendar_id: calendar.id,
      warning_thresholds: JSON.stringify([0.5]),
    },
  ]);
  const lead = await insertUser(db, { email: 'lead@rec.example', name: 'Lead', role: 'agent' });
  const agent = await insertUser(db, { email: 'agent@rec.example', name: 'Agent', role: 'agent' });
  const [team] = await db('teams').insert({ name: 'Recorded', lead_id: lead.id }).returning('id');
  await db('team_members').insert({ team_id: team.id, user_id: agent.id });
  await db('assignment_rules').insert({ name: 'All', conditions: '{}', team_id: team.id, strategy: 'round_robin' });
  await db('escalation_rules').insert([
    {
      name: 'Warn',
      trigger: 'sla_warning',
      level: 1,
      conditions: '{}',
      actions: JSON.stringify([{ type: 'notify', target: 'team_lead' }]),
    },
    {
      name: 'Breach',
      trigger: 'first_response_breach',
      level: 2,
      conditions: '{}',
      actions: JSON.stringify([{ type: 'notify', target: 'team_lead' }, { type: 'raise_priority' }]),
    },
  ]);
  // Scenario 6: a tag moves a ticket to its own policy, a custom field value to another team.
  await db('sla_policies').insert({
    name: 'VIP',
    position: -1,
    conditions: JSON.stringify({ tags: ['vip'] }),
    first_response_target_seconds: 30,
    resolution_target_seconds: 60,
    calendar_id: calendar.id,
    warning_thresholds: JSON.stringify([0.5]),
  });
  const specialist = await insertUser(db, { email: 'specialist@rec.example', name: 'Specialist', role: 'agent' });
  const [enterprise] = await db('teams').insert({ name: 'Enterprise', lead_id: lead.id }).returning('id');
  await db('team_members').insert({ team_id: enterprise.id, user_id: specialist.id });
  await db('assignment_rules').insert({
    name: 'Enterprise tier',
    position: 0,
    conditions: JSON.stringify({ customFields: [{ key: 'tier', anyOf: ['enterprise'] }] }),
    team_id: enterprise.id,
    strategy: 'round_robin',
  });
  const customer = await insertUser(db, { email: 'customer@rec.example', name: 'Customer', role: 'customer' });
  const staffKey = (await createApiKey(db, { userId: agent.id, name: 'rec' })).key;
  const customerKey = (await createApiKey(db, { userId: customer.id, name: 'rec' })).key;

  const scenarios: Record<string, number> = {};
  // 1. Breach and escalation, then a reply, resolution, a reopening reply, and closing.
  const breached = await api('/tickets', customerKey, { title: 'Breach then close', description: 'scenario' });
  await sleep(5000);
  await api(`/tickets/${breached.id}/messages`, staffKey, { body: 'On it' });
  await api(`/tickets/${breached.id}`, staffKey, { status: 'resolved' }, 'PATCH');
  await api(`/tickets/${breached.id}/messages`, customerKey, { body: 'Not fixed' });
  await sleep(500);
  await api(`/tickets/${breached.id}/close`, customerKey, undefined, 'POST');
  scenarios['breach-reply-resolve-reopen-close'] = breached.id;
  // 2. Pause and resume, priority and team changes, an internal note.
  const paused = await api('/tickets', customerKey, { title: 'Pause and resume', description: 'scenario' });
  await sleep(300);
  await api(`/tickets/${paused.id}`, staffKey, { status: 'pending' }, 'PATCH');
  await api(`/tickets/${paused.id}/messages`, staffKey, { body: 'note', internal: true });
  await api(`/tickets/${paused.id}`, staffKey, { status: 'open', priority: 'urgent' }, 'PATCH');
  await api(`/tickets/${paused.id}`, staffKey, { status: 'closed' }, 'PATCH');
  scenarios['pause-resume-priority-close'] = paused.id;
  // 3. A ticket closed straight away.
  const quick = await api('/tickets', customerKey, { title: 'Closed at once', description: 'scenario' });
  await sleep(300);
  await api(`/tickets/${quick.id}/close`, customerKey, undefined, 'POST');
  scenarios['closed-at-once'] = quick.id;
  // 4. A staff reply delivered in the same activation as the start (signalWithStart), then again
  //    (the outbox may deliver a signal twice), then resolved and closed.
  const { ticket: raced } = await insertTicketWithOutbox(
    db,
    {
      title: 'Reply with the start',
      description: 'scenario',
      priority: 'normal',
      requesterId: customer.id,
      channel: 'api',
    },
    { actorId: customer.id, source: 'api' },
  );
  // Stored with its outbox entry like any reply; the test delivers the signal itself.
  const { message: reply } = await insertMessageWithOutbox(
    db,
    { ticketId: raced.id, authorId: agent.id, body: 'Hi', internal: false, source: 'api' },
    (m) => ({ messageId: m.id, authorId: agent.id, byStaff: true, internal: false, at: m.createdAt, source: 'api' }),
  );
  const row = (await findTicketLifecycleRow(db, raced.id))!;
  const signal: MessageAdded = {
    messageId: reply.id,
    authorId: agent.id,
    byStaff: true,
    internal: false,
    at: reply.createdAt,
    source: 'api',
  };
  const handle = await stack.workflows.client.workflow.signalWithStart<typeof ticketLifecycle, [MessageAdded]>(
    'ticketLifecycle',
    {
      workflowId: ticketWorkflowId(raced.id),
      taskQueue: 'tickets',
      args: [
        {
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
        },
      ],
      signal: messageAddedSignal,
      signalArgs: [signal],
    },
  );
  await sleep(500);
  await handle.signal(messageAddedSignal, signal);
  await sleep(300);
  await api(`/tickets/${raced.id}`, staffKey, { status: 'resolved' }, 'PATCH');
  await api(`/tickets/${raced.id}/close`, customerKey, undefined, 'POST');
  scenarios['reply-with-start-twice-resolve-close'] = raced.id;

  // 5. A staff reply stored before the deadline whose signal has not come (Temporal was down for the
  //    request): the warning fires without it, the breach timer finds it and records the first response
  //    instead; then the late signal, resolved and closed.
  const { ticket: late } = await insertTicketWithOutbox(
    db,
    {
      title: 'Reply signalled late',
      description: 'scenario',
      priority: 'low',
      requesterId: customer.id,
      channel: 'api',
    },
    { actorId: customer.id, source: 'api' },
  );
  const lateRow = (await findTicketLifecycleRow(db, late.id))!;
  await stack.workflows.start(lateRow);
  const until = async (type: string) => {
    for (let i = 0; i < 200 && !(await db('ticket_events').where({ ticket_id: late.id, type }).first()); i++)
      await sleep(100);
  };
  await until('sla_warning');
  const { message: lateReply, outbox: lateEntry } = await insertMessageWithOutbox(
    db,
    { ticketId: late.id, authorId: agent.id, body: 'Sorry for the wait', internal: false, source: 'api' },
    (m) => ({ messageId: m.id, authorId: agent.id, byStaff: true, internal: false, at: m.createdAt, source: 'api' }),
  );
  // Nothing relays it: the scenario delivers the signal itself, after the breach timer.
  await markOutboxProcessed(db, lateEntry.id);
  await until('first_response_met');
  await stack.workflows.client.workflow.getHandle(ticketWorkflowId(late.id)).signal(messageAddedSignal, {
    messageId: lateReply.id,
    authorId: agent.id,
    byStaff: true,
    internal: false,
    at: lateReply.createdAt,
    source: 'api',
  });
  await sleep(500);
  await api(`/tickets/${late.id}`, staffKey, { status: 'resolved' }, 'PATCH');
  await api(`/tickets/${late.id}/close`, customerKey, undefined, 'POST');
  scenarios['reply-found-by-breach-timer-resolve-close'] = late.id;

  // 6. Unassigned, then tagged vip and given an enterprise tier in one edit: the SLA is re-planned on
  //    the VIP policy and the ticket routed to the Enterprise team; the signal is delivered twice (the
  //    outbox may repeat it); then resolved and closed.
  const edited = await api('/tickets', customerKey, { title: 'Reclassified', description: 'scenario' });
  await sleep(500);
  await api(`/tickets/${edited.id}`, staffKey, { assigneeId: null }, 'PATCH');
  await db.transaction(async (trx) => {
    const after = { tags: ['vip'], custom_fields: { tier: 'enterprise' } };
    await trx('tickets')
      .where({ id: edited.id })
      .update({ tags: after.tags, custom_fields: JSON.stringify(after.custom_fields) });
    await recordFieldsEdited(
      trx,
      edited.id,
      { userId: agent.id, source: 'api' },
      { tags: [], custom_fields: {} },
      after,
    );
  });
  await createOutboxRelay(db, stack.workflows).relayTicket(edited.id);
  for (let i = 0; i < 100 && (await db('tickets').where({ id: edited.id }).first()).team_id !== enterprise.id; i++)
    await sleep(100);
  const entry = await db('outbox').where({ ticket_id: edited.id, topic: 'ticket.classification_changed' }).first();
  await stack.workflows.client.workflow
    .getHandle(ticketWorkflowId(edited.id))
    .signal(classificationChangedSignal, entry.payload as ClassificationChanged);
  await sleep(500);
  await api(`/tickets/${edited.id}`, staffKey, { status: 'resolved' }, 'PATCH');
  await api(`/tickets/${edited.id}/close`, customerKey, undefined, 'POST');
  scenarios['classification-changed-replan-reroute-twice-close'] = edited.id;

  // 7. A duplicate merged into another ticket: it closes as merged and tells its requester where to
  //    follow (the notice queued after the close, delivered before the workflow completes).
  const original = await api('/tickets', customerKey, { title: 'Printer offline', description: 'scenario' });
  const duplicate = await api('/tickets', customerKey, { title: 'Printer offline again', description: 'scenario' });
  await sleep(500);
  await api(`/tickets/${duplicate.id}/merge`, staffKey, { into: original.id });
  await sleep(500);
  await api(`/tickets/${original.id}/close`, customerKey, undefined, 'POST');
  scenarios['merged-into-another'] = duplicate.id;

  await sleep(1000);
  await mkdir('workflows/histories', { recursive: true });
  for (const [name, id] of Object.entries(scenarios)) {
    // The CLI writes the same JSON history format Temporal's other tools read.
    const { stdout } = await promisify(execFile)(
      stack.temporalCli,
      ['workflow', 'show', '--workflow-id', `ticket-${id}`, '--address', stack.temporalAddress, '--output', 'json'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    await writeFile(`workflows/histories/${historyVersion}--${name}.json`, stdout);
    process.stdout.write(`recorded ${name} (${(JSON.parse(stdout) as { events: unknown[] }).events.length} events)\n`);
  }
} finally {
  await stack.close();
}
