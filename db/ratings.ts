import type { Knex } from 'knex';
import type { TicketRating } from '../domain/ticket.js';

/** Stores the requester's rating of a ticket; a new rating replaces the previous one. */
export async function upsertRating(db: Knex, input: { ticketId: number; userId: number; score: number; comment: string | null }): Promise<TicketRating> {
  const [row] = await db('satisfaction_ratings')
    .insert({ ticket_id: input.ticketId, user_id: input.userId, score: input.score, comment: input.comment })
    .onConflict('ticket_id')
    .merge({ score: input.score, comment: input.comment, user_id: input.userId, updated_at: db.fn.now() })
    .returning('*');
  return { score: row.score, comment: row.comment, createdAt: row.created_at.toISOString() };
}

/** The ticket's rating, if it has one. */
export async function findRating(db: Knex, ticketId: number): Promise<TicketRating | null> {
  const row = await db('satisfaction_ratings').where({ ticket_id: ticketId }).first();
  return row ? { score: row.score, comment: row.comment, createdAt: row.created_at.toISOString() } : null;
}
