import type { Logger } from 'pino';
import type { Db } from '../db/connection.js';
import { findTicketAudience, findTicketById, insertTicketWithOutbox } from '../db/tickets.js';
import { findUserById } from '../db/users.js';
import { isStaff } from '../domain/roles.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketChannel } from '../domain/ticket-channels.js';
import type { CreateTicketInput } from '../domain/ticket-schemas.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { relayNow } from '../workflows/outbox-relay.js';
import type { Caller } from './auth/caller.js';
import { notFound } from './http-error.js';
import { recordTicketCreated } from './metrics.js';

/** Ticket use cases behind the API routes. */
export interface TicketService {
  create(input: CreateTicketInput, caller: Caller, channel: TicketChannel): Promise<Ticket>;
  /** The ticket if the caller may see it; a 404 otherwise, so existence is not revealed. */
  findVisible(id: number, caller: Caller): Promise<Ticket>;
}

/** Builds the ticket use cases over the database and the workflow door. */
export function createTicketService(deps: { db: Db; workflows: TicketWorkflows; logger: Logger }): TicketService {
  const { db, workflows, logger } = deps;

  async function canSee(ticketId: number, caller: Caller): Promise<boolean> {
    if (isStaff(caller.role)) return true;
    const audience = await findTicketAudience(db, ticketId);
    if (!audience) return false;
    if (audience.requesterId === caller.userId) return true;
    if (!audience.organizationShares || audience.organizationId === null) return false;
    const user = await findUserById(db, caller.userId);
    return user?.organizationId === audience.organizationId;
  }

  return {
    async create(input, caller, channel) {
      const { ticket, outbox } = await insertTicketWithOutbox(
        db,
        { ...input, requesterId: caller.userId, channel },
        { actorId: caller.userId, source: channel === 'api' ? 'api' : 'portal' },
      );
      recordTicketCreated(channel);
      // The ticket is committed; if Temporal is unreachable now the reconciler starts the workflow later.
      if (!(await relayNow(db, workflows, outbox))) {
        logger.warn({ ticketId: ticket.id }, 'workflow start deferred to the outbox reconciler');
      }
      return ticket;
    },
    async findVisible(id, caller) {
      if (!(await canSee(id, caller))) throw notFound(`Ticket ${id}`);
      const ticket = await findTicketById(db, id);
      if (!ticket) throw notFound(`Ticket ${id}`);
      return ticket;
    },
  };
}
