import { randomUUID } from 'node:crypto';
import { socketBus } from '../../domain/socket-events.js';
import type { KeyedUser } from '../support/fixtures.js';
import { connectLive } from '../support/live-client.js';
import type { Topology } from './topology.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(t: Topology, path: string, caller: KeyedUser, body: unknown) {
  const res = await fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { ...caller.auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: number };
}

/**
 * Whether changes the worker makes still reach a subscribed socket after the faults: the worker
 * publishes them over PostgreSQL (NOTIFY) and the server's bus hears them on its LISTEN connection,
 * which every PostgreSQL restart ends (a NOTIFY sent before the server listens again is lost, as
 * NOTIFY is). So an agent's socket subscribes to a new ticket and the agent changes its priority
 * through the workflow every few seconds until the socket hears the change, or `timeoutMs` passes.
 * Answers null when it hears one, or what went wrong.
 */
/**
 * Whether the server LISTENs on both its channels again (access changes, and socket.io's bus) within
 * `timeoutMs`: each PostgreSQL restart ends both connections, and one the pool never got back would
 * leave its place taken, until a later restart left no place to listen from. Null when it does.
 */
export async function serverListensAgain(t: Topology, timeoutMs = 30_000): Promise<string | null> {
  const wanted = ['LISTEN ticketflow_access', `LISTEN "${socketBus.channelPrefix}#/"`];
  let listening: string[] = [];
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(500)) {
    const rows = await t.db
      .raw<{ rows: { query: string }[] }>(
        `select query from pg_stat_activity where application_name = 'ticketflow-server-bus' and query like 'LISTEN%'`,
      )
      .then((r) => r.rows)
      .catch(() => []);
    listening = rows.map((r) => r.query);
    if (wanted.every((w) => listening.includes(w))) return null;
  }
  return `the server listens on ${listening.join(' and ') || 'nothing'}, not on ${wanted.join(' and ')}`;
}

export async function workerEventsReachSockets(
  t: Topology,
  callers: { customer: KeyedUser; agent: KeyedUser },
  timeoutMs = 60_000,
): Promise<string | null> {
  const ticket = await post(t, '/api/tickets', callers.customer, {
    title: `live probe ${randomUUID()}`,
    description: 'Does the worker still reach the sockets?',
  });
  const started = Date.now();
  const routed = () =>
    t
      .db('ticket_events')
      .where({ ticket_id: ticket.id, type: 'assigned' })
      .first('id')
      // A pooled connection PostgreSQL's restart ended fails once; the next one is new.
      .catch(() => undefined);
  // The workflow's start-up is over once the ticket is routed: later changes are the agent's.
  while (!(await routed())) {
    if (Date.now() - started > timeoutMs) return `ticket ${ticket.id} was not routed within ${timeoutMs / 1000} s`;
    await sleep(200);
  }
  const live = await connectLive(t.baseUrl, { apiKey: callers.agent.key });
  try {
    const subscribed = await live.subscribe(ticket.id);
    if (!subscribed.ok) return `the agent's socket could not subscribe: ${subscribed.error}`;
    const tried: string[] = [];
    for (let attempt = 0; Date.now() - started < timeoutMs; attempt++) {
      const priority = attempt % 2 === 0 ? 'high' : 'low';
      const res = await fetch(`${t.baseUrl}/api/tickets/${ticket.id}`, {
        method: 'PATCH',
        headers: { ...callers.agent.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ priority }),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => null);
      tried.push(`${priority}: ${res?.status ?? 'no answer'}`);
      const asked = Date.now();
      while (Date.now() - asked < 3000) {
        if (live.tickets.some((seen) => seen.id === ticket.id && seen.priority === priority)) return null;
        await sleep(100);
      }
    }
    return (
      `no ticket.updated for ticket ${ticket.id} within ${timeoutMs / 1000} s of priority changes ` +
      `(${tried.join(', ')}; heard: ${live.tickets.map((seen) => `${seen.id}:${seen.priority}`).join(', ') || 'nothing'})`
    );
  } finally {
    live.close();
  }
}
