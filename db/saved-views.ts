import type { Knex } from 'knex';
import { viewFilters, viewSort, type ViewFilters, type ViewSort } from '../domain/ticket-views.js';

/** A personal view as stored, with the names the list shows. */
export interface SavedView {
  id: number;
  name: string;
  filters: ViewFilters;
  sort: ViewSort;
  owner: { id: number; name: string };
  sharedWithTeam: { id: number; name: string } | null;
}

interface SavedViewRow {
  id: number;
  name: string;
  filters: unknown;
  sort: unknown;
  owner_id: number;
  owner_name: string;
  shared_with_team_id: number | null;
  team_name: string | null;
}

function selectSavedViews(db: Knex) {
  return db('saved_views as v')
    .join('users as o', 'o.id', 'v.owner_id')
    .leftJoin('teams as tm', 'tm.id', 'v.shared_with_team_id')
    .select(
      'v.id',
      'v.name',
      'v.filters',
      'v.sort',
      'v.owner_id',
      'o.name as owner_name',
      'v.shared_with_team_id',
      'tm.name as team_name',
    );
}

// Parsed again on the way out: only the whitelisted shape ever reaches the query that runs a view.
function toSavedView(r: SavedViewRow): SavedView {
  return {
    id: r.id,
    name: r.name,
    filters: viewFilters.parse(r.filters),
    sort: viewSort.parse(r.sort),
    owner: { id: r.owner_id, name: r.owner_name },
    sharedWithTeam:
      r.shared_with_team_id === null
        ? null
        : { id: r.shared_with_team_id, name: r.team_name ?? `#${r.shared_with_team_id}` },
  };
}

// A user sees their own views and those shared with a team they belong to.
function visibleTo(q: Knex.QueryBuilder, db: Knex, userId: number): Knex.QueryBuilder {
  return q.where((w) =>
    w
      .where('v.owner_id', userId)
      .orWhereIn('v.shared_with_team_id', db('team_members').select('team_id').where('user_id', userId)),
  );
}

/** The views `userId` may use besides the built-in ones, their own first, by name. */
export async function listSavedViewsVisibleTo(db: Knex, userId: number): Promise<SavedView[]> {
  const rows = await visibleTo(selectSavedViews(db), db, userId)
    .orderByRaw('(v.owner_id = ?) desc, v.name, v.id', [userId])
    .limit(200);
  return rows.map(toSavedView);
}

/** The saved view `id` when `userId` may use it, else null. */
export async function findSavedViewVisibleTo(db: Knex, id: number, userId: number): Promise<SavedView | null> {
  const row = await visibleTo(selectSavedViews(db).where('v.id', id), db, userId).first();
  return row ? toSavedView(row) : null;
}

/** True when `ownerId` already has a view called `name` (other than `exceptId`, the one being renamed). */
export async function savedViewNameTaken(db: Knex, ownerId: number, name: string, exceptId?: number): Promise<boolean> {
  const q = db('saved_views').where({ owner_id: ownerId, name });
  if (exceptId !== undefined) q.whereNot('id', exceptId);
  return Boolean(await q.first('id'));
}

/** Changes `ownerId`'s view `id`; false when they own no such view. */
export async function updateSavedView(
  db: Knex,
  id: number,
  ownerId: number,
  change: { name?: string; filters?: ViewFilters; sort?: ViewSort; sharedWithTeamId?: number | null },
): Promise<boolean> {
  const row = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.filters !== undefined ? { filters: JSON.stringify(change.filters) } : {}),
    ...(change.sort !== undefined ? { sort: JSON.stringify(change.sort) } : {}),
    ...(change.sharedWithTeamId !== undefined ? { shared_with_team_id: change.sharedWithTeamId } : {}),
  };
  return (await db('saved_views').where({ id, owner_id: ownerId }).update(row)) > 0;
}

/** Stores a personal view; returns its id. */
export async function insertSavedView(
  db: Knex,
  view: { ownerId: number; name: string; filters: ViewFilters; sort: ViewSort; sharedWithTeamId: number | null },
): Promise<number> {
  const [row] = await db('saved_views')
    .insert({
      owner_id: view.ownerId,
      name: view.name,
      filters: JSON.stringify(view.filters),
      sort: JSON.stringify(view.sort),
      shared_with_team_id: view.sharedWithTeamId,
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** Deletes `ownerId`'s view `id`; false when they own no such view. */
export async function deleteSavedView(db: Knex, id: number, ownerId: number): Promise<boolean> {
  return (await db('saved_views').where({ id, owner_id: ownerId }).delete()) > 0;
}
