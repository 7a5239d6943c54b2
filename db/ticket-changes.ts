import type { Knex } from 'knex';
import type { EventSource } from '../domain/ticket-event-types.js';
import type { TicketLifecycleFields } from '../domain/ticket-lifecycle-fields.js';

/** Lifecycle fields the ticket workflow writes, with the audit entry explaining the change. */
export interface LifecycleUpdate {
  ticketId: number;
  version: number;
  fields: TicketLifecycleFields;
  event: { type: string; actorId: number | null; source: EventSource; before: unknown; after: unknown; idempotencyKey: string };
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
 * Writes a workflow decision to the ticket row and its audit entry in one transaction. The entry's
 * idempotency key makes a retried activity a no-op: returns false when it was applied before.
 */
export async function applyLifecycleUpdate(db: Knex, update: LifecycleUpdate): Promise<boolean> {
  return db.transaction(async (trx) => {
    const inserted = await trx('ticket_events')
      .insert({
        ticket_id: update.ticketId,
        actor_id: update.event.actorId,
        source: update.event.source,
        type: update.event.type,
        before: JSON.stringify(update.event.before),
        after: JSON.stringify(update.event.after),
        idempotency_key: update.event.idempotencyKey,
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    if (inserted.length === 0) return false;
    const row: Record<string, unknown> = { version: update.version, updated_at: trx.fn.now() };
    for (const [field, value] of Object.entries(update.fields)) row[columns[field as keyof typeof columns]] = value;
    await trx('tickets').where({ id: update.ticketId }).update(row);
    return true;
  });
}
