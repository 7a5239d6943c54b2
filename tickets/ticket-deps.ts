import type { Logger } from 'pino';
import type { Db } from '../db/connection.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { createOutboxRelay, type OutboxRelay } from '../workflows/outbox-relay.js';
import { noLiveEvents, type LiveEvents } from './live-events.js';

/** What ticket commands and queries are carried out with. */
export interface TicketDeps {
  db: Db;
  /** The ticket workflow door; every call is bounded by TEMPORAL_REQUEST_TIMEOUT_MS. */
  workflows: TicketWorkflows;
  /** Delivers what a command queued in the outbox (workflow starts, message signals). */
  relay: OutboxRelay;
  live: LiveEvents;
  logger: Logger;
}

/** Wires the dependencies of ticket commands; a shell builds this once. */
export function createTicketDeps(parts: {
  db: Db;
  workflows: TicketWorkflows;
  logger: Logger;
  live?: LiveEvents;
}): TicketDeps {
  return {
    db: parts.db,
    workflows: parts.workflows,
    relay: createOutboxRelay(parts.db, parts.workflows, parts.logger),
    live: parts.live ?? noLiveEvents,
    logger: parts.logger,
  };
}
