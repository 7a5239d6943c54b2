import { randomUUID } from 'node:crypto';

/** A request that the server answered with 2xx: it must be in the database exactly once afterwards. */
export interface Acknowledged {
  kind: 'ticket' | 'staff_reply' | 'customer_reply';
  /** The unique text the request carried (ticket title or reply body), to find it (and duplicates) by SQL. */
  tag: string;
  ticketId: number;
  messageId?: number;
  /** When the acknowledgement arrived. */
  at: number;
}

/** One answer that was not a success, with the phase it happened in. */
export interface Refusal {
  phase: string;
  what: string;
  status: number | 'network';
  code?: string;
}

/** What the load saw. */
export interface LoadRecord {
  acknowledged: Acknowledged[];
  refusals: Refusal[];
  /** Requests sent, retries included. */
  attempts: number;
  /** Logical operations given up after their retry budget (each also appears in `refusals`). */
  abandoned: number;
}

/** Who one client acts as: a customer (creates tickets, replies on them) and an agent (replies). */
export interface LoadCallers {
  customer: { authorization: string };
  agent: { authorization: string };
}

/** The load's settings. */
export interface LoadOptions {
  baseUrl: string;
  /** One pair of callers per client, so each stays within the per-caller rate limits. */
  callers: LoadCallers[];
  /** Shortest time between two ticket creations of one client (production allows 30 a minute per caller). */
  cycleMs: number;
  /** The current phase name, for labelling refusals (e.g. "server killed"). */
  phase: () => string;
  /** How long a logical operation is retried before it is given up. */
  retryBudgetMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one logical POST until it is acknowledged: lost answers (network errors) and 503s are
 * retried with the same Idempotency-Key, as a careful API client does; any other answer ends it.
 */
async function postUntilAcknowledged(
  options: LoadOptions,
  record: LoadRecord,
  what: string,
  url: string,
  auth: { authorization: string },
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  const key = randomUUID();
  const deadline = Date.now() + (options.retryBudgetMs ?? 60_000);
  for (;;) {
    record.attempts++;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      if (response.ok) return { status: response.status, body: parsed };
      const code = (parsed.error as { code?: string } | undefined)?.code;
      record.refusals.push({ phase: options.phase(), what, status: response.status, ...(code ? { code } : {}) });
      // 409: the same key is still claimed (by a server that died mid-request, until its lock
      // runs out); the answer says when to ask again, as 503 does.
      if (response.status !== 503 && response.status !== 502 && response.status !== 409) return null;
    } catch {
      record.refusals.push({ phase: options.phase(), what, status: 'network' });
    }
    if (Date.now() > deadline) {
      record.abandoned++;
      return null;
    }
    await sleep(300);
  }
}

/** Runs one client per caller pair until `signal` aborts; each creates a ticket, then replies as staff and as the customer. */
export async function runLoad(options: LoadOptions, signal: AbortSignal): Promise<LoadRecord> {
  const record: LoadRecord = { acknowledged: [], refusals: [], attempts: 0, abandoned: 0 };

  async function client(n: number, callers: LoadCallers) {
    const tickets: number[] = [];
    const pick = () => tickets[Math.floor(Math.random() * tickets.length)];
    for (let round = 0; !signal.aborted; round++) {
      const cycleStarted = Date.now();
      const title = `fault load ${n}-${round} ${randomUUID()}`;
      const created = await postUntilAcknowledged(
        options,
        record,
        'create ticket',
        `${options.baseUrl}/api/tickets`,
        callers.customer,
        { title, description: 'Created by the fault-injection load.' },
      );
      if (created) {
        const ticketId = Number(created.body.id);
        tickets.push(ticketId);
        record.acknowledged.push({ kind: 'ticket', tag: title, ticketId, at: Date.now() });
      }
      for (const kind of ['staff_reply', 'customer_reply'] as const) {
        const ticketId = kind === 'customer_reply' ? pick() : created ? Number(created.body.id) : pick();
        if (ticketId === undefined || signal.aborted) continue;
        const tag = `${kind} ${randomUUID()}`;
        const reply = await postUntilAcknowledged(
          options,
          record,
          kind.replace('_', ' '),
          `${options.baseUrl}/api/tickets/${ticketId}/messages`,
          kind === 'staff_reply' ? callers.agent : callers.customer,
          { body: tag },
        );
        if (reply) record.acknowledged.push({ kind, tag, ticketId, messageId: Number(reply.body.id), at: Date.now() });
      }
      if (!signal.aborted) await sleep(Math.max(0, options.cycleMs - (Date.now() - cycleStarted)));
    }
  }

  await Promise.all(options.callers.map((callers, n) => client(n, callers)));
  return record;
}
