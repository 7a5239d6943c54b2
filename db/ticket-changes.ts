import type { Knex } from 'knex';
import type { EventSource, TicketEventType } from '../domain/ticket-event-types.js';
import type { TicketLifecycleFields } from '../domain/ticket-lifecycle-fields.js';

/** Lifecycle fields the ticket workflow writes, with the audit entry explaining the change. */
export interface LifecycleUpdate {
  ticketId: number;
  version: number;
  fields: TicketLifecycleFields;
  event: {
    type: TicketEventType;
    actorId: number | null;
    source: EventSource;
    before: unknown;
    after: unknown;
    idempotencyKey: string;
  };
}

const columns: Record<keyof TicketLifecycleFields, string> = {
  status: 'status',
  priority: 'priority',
  teamId: 'team_id',
  assigneeId: 'assignee_id',
  slaPolicyId: 'sla_policy_id',
  firstResponseDueAt: 'first_response_due_at',
  resolutionDueAt: 'resolution_due_at',
  firstRespondedAt: 'first_responded_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  slaBreached: 'sla_breached',
};

/**
 * Writes a workflow decision to the ticket row and its audit entry in one statement (one round trip:
 * this is on the path of every SLA breach). The entry's idempotency key makes a retried activity a
 * no-op: the row is updated only when the entry was inserted. Returns false when it was applied before.
 */
export async function applyLifecycleUpdate(db: Knex, update: LifecycleUpdate): Promise<boolean> {
  const row: Record<string, unknown> = { version: update.version, updated_at: db.fn.now() };
  for (const [field, value] of Object.entries(update.fields)) row[columns[field as keyof typeof columns]] = value;
  const updated = await db
    .with('inserted', (q) =>
      q
        .insert({
          ticket_id: update.ticketId,
          actor_id: update.event.actorId,
          source: update.event.source,
          type: update.event.type,
          before: JSON.stringify(update.event.before),
          after: JSON.stringify(update.event.after),
          idempotency_key: update.event.idempotencyKey,
        })
        .into('ticket_events')
        .onConflict('idempotency_key')
        .ignore()
        .returning('id'),
    )
    .from('tickets')
    .where({ id: update.ticketId })
    .whereExists((q) => q.select(db.raw('1')).from('inserted'))
    .update(row)
    .returning('id');
  return updated.length > 0;
}
