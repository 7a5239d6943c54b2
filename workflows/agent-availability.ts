import type { Db } from '../db/connection.js';
import { listOpenTicketIds } from '../db/tickets.js';
import type { Actor } from '../domain/ticket-event-types.js';
import type { TicketWorkflows } from './client.js';

/**
 * Asks the workflows of an agent's open tickets to reassign them, after the agent was made
 * unavailable or deactivated. Each workflow picks someone else by its team's strategy.
 */
export async function reassignOpenTicketsOf(db: Db, workflows: TicketWorkflows, userId: number, actor: Actor): Promise<number> {
  const ticketIds = await listOpenTicketIds(db, { assigneeId: userId });
  await Promise.all(ticketIds.map((id) => workflows.reassign(id, userId, actor)));
  return ticketIds.length;
}
