import type { Knex } from 'knex';
import type { TicketEventEntry } from '../domain/ticket.js';
import type { EventSource, TicketEventType } from '../domain/ticket-event-types.js';

export type { EventSource };

/** A row to append to a ticket's audit trail. */
export interface NewTicketEvent {
  ticketId: number;
  actorId: number | null;
  source: EventSource;
  type: TicketEventType;
  before?: unknown;
  after?: unknown;
  /** When set, a second insert with the same key is ignored (activity retries). */
  idempotencyKey?: string;
}

/** An entry of a ticket's audit trail. */
export interface TicketEvent {
  id: number;
  ticketId: number;
  actorId: number | null;
  source: EventSource;
  type: TicketEventType;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/** Appends an event to a ticket's audit trail; idempotent when a key is given. Answers its id (null when the key was used already). */
export async function insertTicketEvent(db: Knex, event: NewTicketEvent): Promise<number | null> {
  const [row] = (await db('ticket_events')
    .insert({
      ticket_id: event.ticketId,
      actor_id: event.actorId,
      source: event.source,
      type: event.type,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      idempotency_key: event.idempotencyKey ?? null,
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning('id')) as { id: number }[];
  return row?.id ?? null;
}

/**
 * Whether the ticket's team was last set in a change a person asked for: the workflow keys the
 * writes of an update (a PATCH, a macro, the back office) `<workflow>:update:<id>:…`, the team it
 * moved to and the routing within it alike. Teams set by rules (at start, after an edit, by an
 * escalation) are keyed otherwise, as are the writes of workflows from before keys said what.
 */
export async function teamLastSetByPerson(db: Knex, ticketId: number): Promise<boolean> {
  const last = await db('ticket_events')
    .where({ ticket_id: ticketId })
    .whereRaw(`after -> 'teamId' is not null`)
    .orderBy('id', 'desc')
    .first('idempotency_key');
  return typeof last?.idempotency_key === 'string' && /:update:[^:]+:/.test(last.idempotency_key);
}

/** The audit entry written under an idempotency key, or null when there is none yet. */
export async function findTicketEventByKey(db: Knex, idempotencyKey: string): Promise<TicketEvent | null> {
  const r = await db('ticket_events').where({ idempotency_key: idempotencyKey }).first();
  if (!r) return null;
  return {
    id: r.id,
    ticketId: r.ticket_id,
    actorId: r.actor_id,
    source: r.source,
    type: r.type,
    before: r.before,
    after: r.after,
    createdAt: r.created_at,
  };
}

/** The audit trail in the API's shape, with actor names, oldest first. */
export async function listTicketEventEntries(db: Knex, ticketId: number): Promise<TicketEventEntry[]> {
  const rows = await db('ticket_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .where('e.ticket_id', ticketId)
    .orderBy('e.id')
    .select('e.*', 'u.name as actor_name', 'u.email as actor_email');
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    source: r.source,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, email: r.actor_email } : null,
    before: r.before,
    after: r.after,
    createdAt: r.created_at.toISOString(),
  }));
}
