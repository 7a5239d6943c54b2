import type { Knex } from 'knex';

/** Ids of tickets that are not closed (their workflow must be running), in id order after `afterId`. */
export async function listOpenTicketIds(db: Knex, afterId: number, limit: number): Promise<number[]> {
  const rows = await db('tickets').whereNot({ status: 'closed' }).where('id', '>', afterId).orderBy('id').limit(limit);
  return rows.map((r: { id: number }) => r.id);
}
