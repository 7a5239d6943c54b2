import type { Knex } from 'knex';
import type { TicketListPage } from '../domain/ticket.js';
import type { ListTicketsQuery } from '../domain/ticket-schemas.js';
import { selectTickets, toStaffTicket, toTicket } from './tickets.js';

/** Whose tickets a list may show: everything (staff) or a customer's own and shared ones. */
export type TicketScope = { kind: 'all' } | { kind: 'customer'; userId: number; organizationId: number | null };

// Cursors are opaque to clients: the id of the last ticket of the previous page.
const encodeCursor = (id: number) => Buffer.from(`t${id}`).toString('base64url');

/** Decodes a cursor; null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const match = /^t(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}

// Every word must match, each as a prefix ("prin" finds "printer"); only letters and digits
// reach to_tsquery, so user input can never break the query syntax.
/** A tsquery of every word of `q` as a prefix, or null when `q` has no word. */
export function prefixQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words?.length
    ? words
        .slice(0, 8)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}

/** One page of tickets, newest first, filtered and searched; ordered by id so paging is stable. */
export async function listTickets(
  db: Knex,
  scope: TicketScope,
  query: ListTicketsQuery & { afterId: number | null },
): Promise<TicketListPage> {
  const q = selectTickets(db)
    .orderBy('t.id', 'desc')
    .limit(query.limit + 1);
  if (scope.kind === 'customer') {
    void q.where((w) => {
      void w.where('t.requester_id', scope.userId);
      if (scope.organizationId !== null) {
        void w.orWhere((o) =>
          o
            .where('t.organization_id', scope.organizationId)
            .whereExists(db('organizations as o').whereRaw('o.id = t.organization_id').where('o.shares_tickets', true)),
        );
      }
    });
  }
  if (query.status) void q.whereIn('t.status', query.status);
  if (query.priority) void q.whereIn('t.priority', query.priority);
  if (query.assigneeId === 'none') void q.whereNull('t.assignee_id');
  else if (query.assigneeId !== undefined) void q.where('t.assignee_id', query.assigneeId);
  if (query.teamId === 'none') void q.whereNull('t.team_id');
  else if (query.teamId !== undefined) void q.where('t.team_id', query.teamId);
  if (query.q) {
    const tsquery = prefixQuery(query.q);
    if (tsquery) void q.whereRaw("t.search @@ to_tsquery('simple', ?)", [tsquery]);
    else void q.whereRaw('false');
  }
  if (query.afterId !== null) void q.where('t.id', '<', query.afterId);
  const rows = await q;
  const items = rows.slice(0, query.limit).map(scope.kind === 'all' ? toStaffTicket : toTicket);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
}
