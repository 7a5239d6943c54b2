import type { Knex } from 'knex';
import type { Ticket } from '../domain/ticket.js';
import type { ViewFilters, ViewSort } from '../domain/ticket-views.js';
import { prefixQuery } from './ticket-listing.js';
import { selectTickets, toStaffTicket } from './tickets.js';

/** Who runs a view and when: `me` and `mine` (their teams) are theirs, relative filters count from `now`. */
export interface ViewRunner {
  userId: number;
  teamIds: readonly number[];
  now: Date;
}

// Each filter key maps to a fixed condition whose values are bound parameters: nothing of a
// stored view or of a request ever becomes SQL text.
function applyViewFilters(q: Knex.QueryBuilder, filters: ViewFilters, runner: ViewRunner): void {
  if (filters.status) void q.whereIn('t.status', filters.status);
  if (filters.priority) void q.whereIn('t.priority', filters.priority);
  if (filters.assigneeId === 'none') void q.whereNull('t.assignee_id');
  else if (filters.assigneeId === 'me') void q.where('t.assignee_id', runner.userId);
  else if (filters.assigneeId !== undefined) void q.where('t.assignee_id', filters.assigneeId);
  if (filters.teamId === 'none') void q.whereNull('t.team_id');
  // The viewer's teams as values, not a subquery: the planner then knows how few rows match.
  else if (filters.teamId === 'mine') void q.whereIn('t.team_id', [...runner.teamIds]);
  else if (filters.teamId !== undefined) void q.where('t.team_id', filters.teamId);
  if (filters.tags) void q.whereRaw('t.tags @> ?::text[]', [filters.tags]);
  if (filters.q) {
    const tsquery = prefixQuery(filters.q);
    if (tsquery) void q.whereRaw("t.search @@ to_tsquery('simple', ?)", [tsquery]);
    else void q.whereRaw('false');
  }
  for (const [column, range] of [
    ['t.created_at', filters.created],
    ['t.updated_at', filters.updated],
  ] as const) {
    if (range?.from) void q.where(column, '>=', new Date(range.from));
    if (range?.to) void q.where(column, '<=', new Date(range.to));
  }
  if (filters.idleDays !== undefined)
    void q.where('t.updated_at', '<', new Date(runner.now.getTime() - filters.idleDays * 86_400_000));
  if (filters.slaDueWithinMinutes !== undefined) {
    const until = new Date(runner.now.getTime() + filters.slaDueWithinMinutes * 60_000);
    // Written to match the partial indexes of migration 20261202120100 (a deadline still to meet).
    void q.where((w) =>
      w
        .where((d) =>
          d
            .whereNull('t.first_responded_at')
            .where('t.sla_breached', false)
            .where('t.first_response_due_at', '>', runner.now)
            .where('t.first_response_due_at', '<=', until),
        )
        .orWhere((d) =>
          d
            .whereNull('t.resolved_at')
            .where('t.sla_breached', false)
            .where('t.resolution_due_at', '>', runner.now)
            .where('t.resolution_due_at', '<=', until),
        ),
    );
  }
}

// The next deadline still to meet; LEAST skips nulls.
const slaDueAt = `least(case when t.first_responded_at is null then t.first_response_due_at end,
  case when t.resolved_at is null then t.resolution_due_at end)`;
const priorityRank = "array_position(array['low','normal','high','urgent'], t.priority)";
const sortExpressions: Record<ViewSort['by'], string> = {
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  priority: priorityRank,
  slaDueAt,
};

/** How many tickets the view shows. */
export async function countViewTickets(db: Knex, filters: ViewFilters, runner: ViewRunner): Promise<number> {
  const q = db('tickets as t').count({ n: '*' });
  applyViewFilters(q, filters, runner);
  const row = (await q.first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

/** One page of the view's tickets in its order (ties: newest ticket first), and whether more follow. */
export async function listViewTickets(
  db: Knex,
  view: { filters: ViewFilters; sort: ViewSort },
  runner: ViewRunner,
  page: { limit: number; offset: number },
): Promise<{ items: Ticket[]; more: boolean }> {
  const direction = view.sort.direction === 'asc' ? 'asc' : 'desc';
  // Only the SLA deadline can be missing; NULLS LAST elsewhere would stop an index on the column
  // (ascending, so read backwards for DESC NULLS FIRST) from serving the order.
  const nullable = view.sort.by === 'slaDueAt';
  const q = selectTickets(db)
    .orderByRaw(`${sortExpressions[view.sort.by]} ${direction}${nullable ? ' nulls last' : ''}, t.id desc`)
    .limit(page.limit + 1)
    .offset(page.offset);
  applyViewFilters(q, view.filters, runner);
  const rows = await q;
  return { items: rows.slice(0, page.limit).map(toStaffTicket), more: rows.length > page.limit };
}
