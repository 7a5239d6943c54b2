import { countViewTickets } from '../db/view-tickets.js';
import {
  deleteSavedView,
  findSavedViewVisibleTo,
  insertSavedView,
  savedViewNameTaken,
  updateSavedView,
} from '../db/saved-views.js';
import { teamExists } from '../db/teams.js';
import type { CreateViewInput, UpdateViewInput, ViewSummary } from '../domain/ticket-views.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { describeSavedView, viewRunnerOf, viewsRefusal } from './ticket-views.js';

/** Saves a personal view of the actor's; only managers and admins may share one with a team. */
export async function saveView(
  deps: Pick<TicketDeps, 'db'>,
  input: CreateViewInput,
  actor: TicketActor,
): Promise<Outcome<ViewSummary>> {
  const refusal =
    viewsRefusal(actor, 'views:manage') ??
    (input.sharedWithTeamId === null ? null : viewsRefusal(actor, 'views:share'));
  if (refusal) return refusal;
  const issues = [];
  if (await savedViewNameTaken(deps.db, actor.userId, input.name))
    issues.push({ path: 'name', message: `you already have a view called "${input.name}"; choose another name` });
  if (input.sharedWithTeamId !== null && !(await teamExists(deps.db, input.sharedWithTeamId)))
    issues.push({ path: 'sharedWithTeamId', message: `there is no team ${input.sharedWithTeamId}` });
  if (issues.length) return refused('invalid_input', 'The view cannot be saved as it is.', { issues });
  const id = await insertSavedView(deps.db, { ownerId: actor.userId, ...input });
  const saved = await findSavedViewVisibleTo(deps.db, id, actor.userId);
  if (!saved) return notFound(`View ${id}`);
  const count = await countViewTickets(deps.db, saved.filters, await viewRunnerOf(deps, actor));
  return ok({ ...describeSavedView(saved, actor.userId), count });
}

/**
 * Changes one of the actor's views: renames it, replaces its filters or sort, shares it with a team
 * (managers and admins) or takes it back to the owner alone. A view shared with them is not theirs to change.
 */
export async function updateView(
  deps: Pick<TicketDeps, 'db'>,
  viewId: number,
  input: UpdateViewInput,
  actor: TicketActor,
): Promise<Outcome<ViewSummary>> {
  const refusal =
    viewsRefusal(actor, 'views:manage') ??
    (input.sharedWithTeamId === undefined || input.sharedWithTeamId === null
      ? null
      : viewsRefusal(actor, 'views:share'));
  if (refusal) return refusal;
  const current = await findSavedViewVisibleTo(deps.db, viewId, actor.userId);
  if (!current) return notFound(`View ${viewId}`);
  if (current.owner.id !== actor.userId) return refused('forbidden', 'Only the owner of a shared view may change it.');
  const issues = [];
  if (input.name !== undefined && (await savedViewNameTaken(deps.db, actor.userId, input.name, viewId)))
    issues.push({ path: 'name', message: `you already have a view called "${input.name}"; choose another name` });
  if (
    input.sharedWithTeamId !== undefined &&
    input.sharedWithTeamId !== null &&
    !(await teamExists(deps.db, input.sharedWithTeamId))
  )
    issues.push({ path: 'sharedWithTeamId', message: `there is no team ${input.sharedWithTeamId}` });
  if (issues.length) return refused('invalid_input', 'The view cannot be saved as it is.', { issues });
  if (!(await updateSavedView(deps.db, viewId, actor.userId, input))) return notFound(`View ${viewId}`);
  const saved = await findSavedViewVisibleTo(deps.db, viewId, actor.userId);
  if (!saved) return notFound(`View ${viewId}`);
  const count = await countViewTickets(deps.db, saved.filters, await viewRunnerOf(deps, actor));
  return ok({ ...describeSavedView(saved, actor.userId), count });
}

/** Deletes one of the actor's views; a view shared with them is not theirs to delete. */
export async function deleteView(
  deps: Pick<TicketDeps, 'db'>,
  viewId: number,
  actor: TicketActor,
): Promise<Outcome<null>> {
  const refusal = viewsRefusal(actor, 'views:manage');
  if (refusal) return refusal;
  if (await deleteSavedView(deps.db, viewId, actor.userId)) return ok(null);
  if (await findSavedViewVisibleTo(deps.db, viewId, actor.userId))
    return refused('forbidden', 'Only the owner of a shared view may delete it.');
  return notFound(`View ${viewId}`);
}
