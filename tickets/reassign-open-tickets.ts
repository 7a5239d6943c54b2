import type { Db } from '../db/connection.js';
import { insertOutboxEntries } from '../db/outbox.js';
import { listOpenTicketIds } from '../db/tickets.js';
import type { Actor } from '../domain/ticket-event-types.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { createOutboxRelay, type RelayLogger } from '../workflows/outbox-relay.js';

/**
 * Asks the workflows of an agent's open tickets to reassign them, after the agent was made
 * unavailable or deactivated. Each workflow picks someone else by its team's strategy. The requests
 * go through the outbox: when Temporal does not answer now, they are delivered when it does.
 */
export async function reassignOpenTicketsOf(
  db: Db,
  workflows: TicketWorkflows,
  userId: number,
  actor: Actor,
  logger?: RelayLogger,
): Promise<number> {
  const ticketIds = await listOpenTicketIds(db, { assigneeId: userId });
  await insertOutboxEntries(
    db,
    ticketIds.map((ticketId) => ({ topic: 'ticket.reassign', ticketId, payload: { excludeUserId: userId, actor } })),
  );
  const relay = createOutboxRelay(db, workflows, logger);
  await Promise.all(ticketIds.map((id) => relay.relayTicket(id)));
  return ticketIds.length;
}
