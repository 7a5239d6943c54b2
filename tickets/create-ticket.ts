import { effectId, findIdempotentEffect, type RequestKey } from '../db/idempotency-keys.js';
import { insertTicketWithOutbox } from '../db/tickets.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketChannel } from '../domain/ticket-channels.js';
import type { CreateTicketInput } from '../domain/ticket-schemas.js';
import { ok, type Outcome } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { checkTicketTags, invalidFields, newTicketCustomFields, ticketAsSeenBy } from './ticket-field-checks.js';

/**
 * Who a ticket is for and where it starts, when staff raise it for a customer: by default the actor
 * is the requester and the workflow routes the ticket.
 */
export interface TicketPlacement {
  requesterId: number;
  teamId?: number | undefined;
  assigneeId?: number | undefined;
  tags?: string[] | undefined;
}

/**
 * Raises a ticket for the actor (or, with a `placement`, for the requester staff named): the row, its `created` audit event and the outbox entry asking for
 * its workflow commit together, then the workflow is started at once. When Temporal does not answer
 * in time the ticket still exists and the reconciler starts its workflow later, so creation never
 * fails because of Temporal. With a `requestKey` (the API's Idempotency-Key) the ticket and the key's
 * effect commit together. Custom field values and tags are checked first (definitions, the actor's
 * audience, fields required at creation, the tag list): a refusal writes nothing.
 */
export async function createTicket(
  deps: TicketDeps,
  input: CreateTicketInput,
  actor: TicketActor,
  channel: TicketChannel,
  requestKey?: RequestKey,
  placement?: TicketPlacement,
): Promise<Outcome<Ticket>> {
  // A retry of a keyed request whose first attempt committed (its answer was lost with its server)
  // gets that ticket, not a second one.
  const earlier = requestKey ? effectId(await findIdempotentEffect(deps.db, requestKey), 'ticket') : null;
  const existing = earlier === null ? null : await ticketAsSeenBy(deps.db, earlier, actor);
  if (existing) return ok(existing);
  const { customFields: rawCustomFields, ...fields } = input;
  const customFields = await newTicketCustomFields(deps.db, rawCustomFields, actor);
  const tags = placement?.tags
    ? await checkTicketTags(deps.db, placement.tags)
    : { ok: true as const, value: [] as string[] };
  const issues = [...(customFields.ok ? [] : customFields.issues), ...(tags.ok ? [] : tags.issues)];
  if (!customFields.ok || !tags.ok) return invalidFields(issues);
  const { ticket } = await insertTicketWithOutbox(
    deps.db,
    {
      ...fields,
      customFields: customFields.value,
      channel,
      requesterId: placement?.requesterId ?? actor.userId,
      ...(placement?.teamId ? { teamId: placement.teamId } : {}),
      ...(placement?.assigneeId ? { assigneeId: placement.assigneeId } : {}),
      ...(placement?.tags ? { tags: tags.value } : {}),
    },
    { actorId: actor.userId, source: actor.source, ...(requestKey ? { requestKey } : {}) },
  );
  await deps.relay.relayTicket(ticket.id);
  return ok((await ticketAsSeenBy(deps.db, ticket.id, actor)) ?? ticket);
}
