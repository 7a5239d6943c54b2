import type { Client } from '@temporalio/client';
import type { CapturedMessage } from '../../dev/capture-server.js';
import type { Db } from '../../db/connection.js';
import type { LoadRecord } from './load.js';

/** One broken promise, with a few examples to start debugging from. */
export interface Violation {
  invariant: string;
  count: number;
  examples: string[];
}

/** What the invariants are checked against. */
export interface InvariantInputs {
  db: Db;
  temporal: Client;
  mails: CapturedMessage[];
  load: LoadRecord;
  /** The staff members who reply (their public replies count as first responses). */
  staffIds: number[];
  /** When the worker was killed (epoch ms, once it had exited). */
  workerKilledAt: readonly number[];
}

// An e-mail the provider accepted moments before the worker was killed, before the worker could
// record it as sent, is sent again by the retry: no provider we send through takes an idempotency
// key, so that window cannot be closed (it is a few milliseconds wide; under load up to a second or
// two). One repeat of one delivery (same idempotency key) whose first copy was accepted this soon
// before a kill is that window; any other repeat is a resend the invariants count.
const crashWindowMs = 2000;

/** How many e-mails `copies` count as: repeats of one delivery from the crash window count once. */
export function countDeliveries(copies: CapturedMessage[], workerKilledAt: readonly number[]): number {
  const byKey = new Map<string, number[]>();
  copies.forEach((m, i) => {
    const key = m.headers['X-TicketFlow-Idempotency-Key'] ?? `unkeyed-${i}`;
    byKey.set(key, [...(byKey.get(key) ?? []), Date.parse(m.receivedAt)]);
  });
  let count = 0;
  for (const times of byKey.values()) {
    const first = Math.min(...times);
    const crashed = times.length > 1 && workerKilledAt.some((k) => first <= k && k - first <= crashWindowMs);
    count += times.length - (crashed ? 1 : 0);
  }
  return count;
}

interface TicketRow {
  id: number;
  number: string;
  title: string;
  status: string;
  requester_email: string;
  assignee_email: string | null;
  first_responded_at: Date | null;
}

function collect(violations: Violation[], invariant: string, failures: string[]) {
  if (failures.length > 0) violations.push({ invariant, count: failures.length, examples: failures.slice(0, 5) });
}

/** Every open ticket's workflow id that Temporal reports running. */
async function runningWorkflowIds(temporal: Client): Promise<Map<string, number>> {
  const running = new Map<string, number>();
  for await (const execution of temporal.workflow.list({
    query: "WorkflowType = 'ticketLifecycle' AND ExecutionStatus = 'Running'",
  })) {
    running.set(execution.workflowId, (running.get(execution.workflowId) ?? 0) + 1);
  }
  return running;
}

/**
 * Checks, by SQL and the Temporal client, what the fault suite promises: nothing lost, nothing
 * doubled, every open ticket driven by exactly one workflow, one e-mail per event, first
 * responses at the reply's time, and never a 5xx other than 503.
 */
export async function checkInvariants(inputs: InvariantInputs): Promise<Violation[]> {
  const { db, load, mails } = inputs;
  const violations: Violation[] = [];
  const acknowledgedTickets = load.acknowledged.filter((a) => a.kind === 'ticket');

  // 1. Every acknowledged ticket exists, once, with one `created` event; no request made two tickets.
  const rows = (await db('tickets as t')
    .join('users as r', 'r.id', 't.requester_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .where('t.title', 'like', 'fault load %')
    .select(
      't.id',
      't.number',
      't.title',
      't.status',
      't.first_responded_at',
      'r.email as requester_email',
      'a.email as assignee_email',
    )) as TicketRow[];
  const byTitle = new Map<string, TicketRow[]>();
  for (const row of rows) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row]);
  collect(
    violations,
    'acknowledged ticket exists',
    acknowledgedTickets
      .filter((a) => !rows.some((r) => r.id === a.ticketId))
      .map((a) => `ticket ${a.ticketId} (${a.tag})`),
  );
  collect(
    violations,
    'one ticket per creation request (no duplicates from retries)',
    [...byTitle.entries()]
      .filter(([, r]) => r.length > 1)
      .map(([title, r]) => `${r.length} tickets titled "${title}": ${r.map((x) => x.number).join(', ')}`),
  );
  const createdEvents = (await db('ticket_events')
    .whereIn(
      'ticket_id',
      rows.map((r) => r.id),
    )
    .where({ type: 'created' })
    .groupBy('ticket_id')
    .select('ticket_id')
    .count<{ ticket_id: number; count: number }[]>('* as count')) as { ticket_id: number; count: number }[];
  const createdCount = new Map(createdEvents.map((e) => [e.ticket_id, Number(e.count)]));
  collect(
    violations,
    'one `created` event per ticket',
    rows
      .filter((r) => createdCount.get(r.id) !== 1)
      .map((r) => `${r.number}: ${createdCount.get(r.id) ?? 0} created events`),
  );

  // 2. Every acknowledged reply exists once (a retried reply must not be stored twice).
  const replies = load.acknowledged.filter((a) => a.kind !== 'ticket');
  const messageRows = (await db('ticket_messages')
    .whereIn(
      'ticket_id',
      rows.map((r) => r.id),
    )
    .select('id', 'ticket_id', 'author_id', 'body', 'internal', 'created_at')) as {
    id: number;
    ticket_id: number;
    author_id: number;
    body: string;
    internal: boolean;
    created_at: Date;
  }[];
  const messagesByBody = new Map<string, number>();
  for (const m of messageRows) messagesByBody.set(m.body, (messagesByBody.get(m.body) ?? 0) + 1);
  collect(
    violations,
    'acknowledged reply exists',
    replies
      .filter((a) => !messagesByBody.has(a.tag))
      .map((a) => `${a.kind} "${a.tag}" acknowledged as message ${a.messageId} on ticket ${a.ticketId}`),
  );
  collect(
    violations,
    'one message per reply request (no duplicates from retries)',
    [...messagesByBody.entries()].filter(([, n]) => n > 1).map(([body, n]) => `${n} messages "${body}"`),
  );

  // 3. Every open ticket has exactly one running workflow (and closed ones none).
  const running = await runningWorkflowIds(inputs.temporal);
  collect(
    violations,
    'every open ticket has exactly one running workflow',
    rows
      .filter((r) => r.status !== 'closed' && running.get(`ticket-${r.id}`) !== 1)
      .map((r) => `${r.number} (${r.status}): ${running.get(`ticket-${r.id}`) ?? 0} running`),
  );

  // 4. One creation e-mail per ticket; one e-mail per public reply (staff → requester, customer → assignee).
  const mailsFor = (number: string, subjectPart: string, to: string | null) =>
    countDeliveries(
      mails.filter(
        (m) =>
          m.kind === 'email' && m.subject.startsWith(`[${number}] ${subjectPart}`) && to !== null && m.to.includes(to),
      ),
      inputs.workerKilledAt,
    );
  collect(
    violations,
    'one creation e-mail per ticket',
    rows
      .map((r) => ({ r, n: mailsFor(r.number, 'We received your request', r.requester_email) }))
      .filter(({ n }) => n !== 1)
      .map(({ r, n }) => `${r.number}: ${n} creation e-mails`),
  );
  const publicReplies = (ticketId: number, byStaff: boolean) =>
    messageRows.filter(
      (m) => m.ticket_id === ticketId && !m.internal && inputs.staffIds.includes(m.author_id) === byStaff,
    );
  // Which deliveries the e-mails were, and when they arrived: a repeat of one key is a resend, two
  // keys are two notifications for one reply.
  const mailKeys = (number: string, to: string | null) =>
    JSON.stringify(
      mails
        .filter((m) => m.kind === 'email' && m.subject.startsWith(`[${number}] New reply`) && to && m.to.includes(to))
        .map((m) => `${m.headers['X-TicketFlow-Idempotency-Key'] ?? '?'} at ${m.receivedAt}`),
    );
  const replyMailFailures: string[] = [];
  for (const r of rows) {
    const staff = publicReplies(r.id, true).length;
    const customer = publicReplies(r.id, false).length;
    const toRequester = mailsFor(r.number, 'New reply', r.requester_email);
    const toAssignee = mailsFor(r.number, 'New reply', r.assignee_email);
    if (toRequester !== staff)
      replyMailFailures.push(
        `${r.number}: ${staff} staff replies, ${toRequester} e-mails to the requester ${mailKeys(r.number, r.requester_email)}`,
      );
    if (toAssignee !== customer)
      replyMailFailures.push(
        `${r.number}: ${customer} customer replies, ${toAssignee} e-mails to the assignee (${r.assignee_email ?? 'none'}) ${mailKeys(r.number, r.assignee_email)}`,
      );
  }
  collect(violations, 'one e-mail per reply', replyMailFailures);

  // 5. The first response is recorded at the first public staff reply's time.
  const firstResponseFailures: string[] = [];
  for (const r of rows) {
    const staff = publicReplies(r.id, true).sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    const expected = staff[0]?.created_at.toISOString() ?? null;
    const actual = r.first_responded_at?.toISOString() ?? null;
    if (expected !== actual)
      firstResponseFailures.push(`${r.number}: first reply at ${expected}, first response recorded ${actual}`);
  }
  collect(violations, 'first response recorded at the reply time', firstResponseFailures);

  // 6. Outages answer 503 (or the connection is refused while a process is down), never another 5xx.
  collect(
    violations,
    'only 503 during an outage (never 500)',
    load.refusals
      .filter((f) => f.status !== 'network' && f.status >= 500 && f.status !== 503)
      .map((f) => `${f.what} during "${f.phase}": ${f.status} ${f.code ?? ''}`),
  );
  collect(violations, 'no request refused outright (4xx) or given up', [
    ...load.refusals
      // 409 "still being processed, retry after 1 s" is an answer to wait, retried like 503.
      .filter((f) => f.status !== 'network' && f.status < 500 && f.status !== 409)
      .map((f) => `${f.what} during "${f.phase}": ${f.status} ${f.code ?? ''}`),
    ...(load.abandoned > 0 ? [`${load.abandoned} operations given up after their retry budget`] : []),
  ]);
  return violations;
}
