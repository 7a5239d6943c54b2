import { upsertRating } from '../db/ratings.js';
import type { TicketRating } from '../domain/ticket.js';
import { canRate } from '../domain/ticket-status.js';
import type { RatingInput } from '../domain/ticket-schemas.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { findTicketAccess, permissionRefusalOn } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';

/** The requester rates a resolved or closed ticket; a new rating replaces the previous one. */
export async function rateTicket(
  deps: TicketDeps,
  ticketId: number,
  input: RatingInput,
  actor: TicketActor,
): Promise<Outcome<TicketRating>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  const refusal = permissionRefusalOn(actor, 'tickets:rate', access);
  if (refusal) return refusal;
  if (!canRate(access.status)) return refused('not_resolved', 'A ticket can be rated once it is resolved.');
  return ok(
    await upsertRating(deps.db, {
      ticketId,
      userId: actor.userId,
      score: input.score,
      comment: input.comment ?? null,
      source: actor.source,
    }),
  );
}
