import { countViewTickets, listViewTickets, type ViewRunner } from '../db/view-tickets.js';
import { listTeamIdsOfMember } from '../db/teams.js';
import { findSavedViewVisibleTo, listSavedViewsVisibleTo, type SavedView } from '../db/saved-views.js';
import { builtInViews, findBuiltInView, savedViewNumber } from '../domain/built-in-views.js';
import { permissionRefusal } from '../domain/permissions.js';
import type { TicketListPage } from '../domain/ticket.js';
import type { ListTicketsQuery } from '../domain/ticket-schemas.js';
import { type ViewFilters, type ViewSort, type ViewSummary } from '../domain/ticket-views.js';
import { notFound, ok, refused, type Outcome, type Refusal } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';

/** A view as it runs: its filters and sort, and how `GET /api/views` describes it. */
type RunnableView = Omit<ViewSummary, 'count'> & { filters: ViewFilters; sort: ViewSort };

const listFilterKeys = ['status', 'priority', 'assigneeId', 'teamId', 'q'] as const;

/** Who runs views, with their teams (for `mine`), as of now. */
export async function viewRunnerOf(deps: Pick<TicketDeps, 'db'>, actor: TicketActor): Promise<ViewRunner> {
  return { userId: actor.userId, teamIds: await listTeamIdsOfMember(deps.db, actor.userId), now: new Date() };
}

/** Views are staff's: customers (and keys without the scope) are refused. */
export function viewsRefusal(
  actor: TicketActor,
  permission: 'views:read' | 'views:manage' | 'views:share',
): Refusal | null {
  const why = permissionRefusal(actor, permission, null);
  return why ? refused('forbidden', why) : null;
}

/** How a saved view is listed: `personal` for its owner, `shared` for the members of its team. */
export function describeSavedView(view: SavedView, viewerId: number): RunnableView {
  return {
    id: String(view.id),
    name: view.name,
    kind: view.owner.id === viewerId ? 'personal' : 'shared',
    filters: view.filters,
    sort: view.sort,
    owner: view.owner,
    sharedWithTeam: view.sharedWithTeam,
  };
}

const describeBuiltIn = (v: (typeof builtInViews)[number]): RunnableView => ({
  ...v,
  kind: 'built_in',
  owner: null,
  sharedWithTeam: null,
});

/** Every view the actor may use (built-in, their own, shared with their teams), each with its count. */
export async function listViews(deps: Pick<TicketDeps, 'db'>, actor: TicketActor): Promise<Outcome<ViewSummary[]>> {
  const refusal = viewsRefusal(actor, 'views:read');
  if (refusal) return refusal;
  const saved = await listSavedViewsVisibleTo(deps.db, actor.userId);
  const views = [...builtInViews.map(describeBuiltIn), ...saved.map((v) => describeSavedView(v, actor.userId))];
  const runner = await viewRunnerOf(deps, actor);
  // One indexed count per view, run side by side on the pool.
  const counts = await Promise.all(views.map((v) => countViewTickets(deps.db, v.filters, runner)));
  return ok(views.map((v, i) => ({ ...v, count: counts[i] ?? 0 })));
}

/** The view `viewId` when the actor may use it. */
async function findRunnableView(deps: Pick<TicketDeps, 'db'>, viewId: string, actor: TicketActor) {
  const builtIn = findBuiltInView(viewId);
  if (builtIn) return describeBuiltIn(builtIn);
  const number = savedViewNumber(viewId);
  const saved = number === null ? null : await findSavedViewVisibleTo(deps.db, number, actor.userId);
  return saved ? describeSavedView(saved, actor.userId) : null;
}

// A view may sort by columns that repeat and hold nulls, so its pages are counted by position:
// the cursor is the offset of the next page (views are worked from the top; deep pages are rare).
const encodeOffset = (offset: number) => Buffer.from(`v${offset}`).toString('base64url');
function decodeOffset(cursor: string): number | null {
  const match = /^v(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}

/** A page of the view's tickets in its order; a view the actor may not use is not found. */
export async function listViewPage(
  deps: Pick<TicketDeps, 'db'>,
  viewId: string,
  page: ListTicketsQuery,
  actor: TicketActor,
): Promise<Outcome<TicketListPage>> {
  const refusal = viewsRefusal(actor, 'views:read');
  if (refusal) return refusal;
  // A view carries its own filters: mixing in the list's would silently mean something else.
  const mixed = listFilterKeys.filter((key) => page[key] !== undefined);
  if (mixed.length)
    return refused('invalid_input', 'A view brings its own filters.', {
      issues: mixed.map((key) => ({ path: key, message: 'cannot be combined with view' })),
    });
  const offset = page.cursor === undefined ? 0 : decodeOffset(page.cursor);
  if (offset === null)
    return refused('invalid_input', 'The cursor is not one from a previous page.', {
      issues: [{ path: 'cursor', message: 'is not a cursor from a previous page' }],
    });
  const view = await findRunnableView(deps, viewId, actor);
  if (!view) return notFound(`View ${viewId}`);
  const { items, more } = await listViewTickets(deps.db, view, await viewRunnerOf(deps, actor), {
    limit: page.limit,
    offset,
  });
  return ok({ items, nextCursor: more ? encodeOffset(offset + items.length) : null });
}
