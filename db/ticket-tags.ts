import type { Knex } from 'knex';

/**
 * Adds and removes tags on a ticket (a plain field, not a lifecycle one), keeping the order and never
 * a duplicate; answers the tags before and after. Locks the row, so concurrent edits do not lose tags.
 */
export async function updateTicketTags(
  db: Knex,
  ticketId: number,
  change: { add: readonly string[]; remove: readonly string[] },
): Promise<{ before: string[]; after: string[] } | null> {
  const row = await db('tickets').where({ id: ticketId }).forUpdate().first('tags');
  if (!row) return null;
  const before = (row as { tags: string[] }).tags;
  const after = [...new Set([...before, ...change.add])].filter((t) => !change.remove.includes(t));
  if (JSON.stringify(after) !== JSON.stringify(before))
    await db('tickets').where({ id: ticketId }).update({ tags: after, updated_at: db.fn.now() });
  return { before, after };
}
