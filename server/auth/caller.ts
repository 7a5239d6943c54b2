import type { Request } from 'express';
import type { ApiKeyScope } from '../../domain/permissions.js';
import type { UserRole } from '../../domain/roles.js';
import type { EventSource } from '../../domain/ticket-event-types.js';
import type { TicketActor } from '../../tickets/ticket-actor.js';
import { unauthenticated } from '../http-error.js';

/** Who is making a request and through what. */
export interface Caller {
  userId: number;
  role: UserRole;
  /** The caller's organization: customers see its tickets when it shares them. */
  organizationId: number | null;
  /** Present when the caller authenticated with an API key: what the key allows. */
  scopes: readonly ApiKeyScope[] | null;
  /** `guest_link`: someone without an account, acting as a ticket's requester through its signed link. */
  via: 'api_key' | 'session' | 'guest_link';
}

// Kept off the request object so no handler relies on an undeclared property.
const callers = new WeakMap<Request, Caller>();

/** Records the authenticated caller of a request. */
export function setCaller(req: Request, caller: Caller): void {
  callers.set(req, caller);
}

/** The authenticated caller, if any. */
export function findCaller(req: Request): Caller | undefined {
  return callers.get(req);
}

/** The authenticated caller, or a 401. */
export function requireCaller(req: Request): Caller {
  const caller = callers.get(req);
  if (!caller) throw unauthenticated();
  return caller;
}

const sourceOf = { api_key: 'api', session: 'portal', guest_link: 'guest' } as const satisfies Record<
  Caller['via'],
  EventSource
>;

/** The caller as ticket commands know them: the audit source says how they came. */
export function ticketActorOf(caller: Caller): TicketActor {
  return {
    userId: caller.userId,
    role: caller.role,
    organizationId: caller.organizationId,
    scopes: caller.scopes,
    source: sourceOf[caller.via],
  };
}
