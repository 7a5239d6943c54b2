import type { Knex } from 'knex';
import type { TicketRating } from '../domain/ticket.js';
import type { EventSource } from '../domain/ticket-event-types.js';
import { insertTicketEvent } from './ticket-events.js';

/**
 * Stores the requester's rating of a ticket (a new rating replaces the previous one) and its `rated`
 * audit entry in one transaction; the entry is what outbound webhooks make `ticket.rated` from.
 */
export async function upsertRating(
  db: Knex,
  input: { ticketId: number; userId: number; score: number; comment: string | null; source: EventSource },
): Promise<TicketRating> {
  return db.transaction(async (trx) => {
    const [row] = await trx('satisfaction_ratings')
      .insert({ ticket_id: input.ticketId, user_id: input.userId, score: input.score, comment: input.comment })
      .onConflict('ticket_id')
      .merge({ score: input.score, comment: input.comment, user_id: input.userId, updated_at: trx.fn.now() })
      .returning('*');
    await insertTicketEvent(trx, {
      ticketId: input.ticketId,
      actorId: input.userId,
      source: input.source,
      type: 'rated',
      after: { score: input.score, comment: input.comment },
    });
    return { score: row.score, comment: row.comment, createdAt: row.created_at.toISOString() };
  });
}

/** The ticket's rating, if it has one. */
export async function findRating(db: Knex, ticketId: number): Promise<TicketRating | null> {
  const row = await db('satisfaction_ratings').where({ ticket_id: ticketId }).first();
  return row ? { score: row.score, comment: row.comment, createdAt: row.created_at.toISOString() } : null;
}
