import type { UserRole } from '../domain/roles.js';
import type { EventSource } from '../domain/ticket-event-types.js';
import type { ApiKeyScope } from '../domain/permissions.js';

/**
 * Who asks for a ticket command, whichever shell they came through: a signed-in user, an API key's
 * owner, someone following a guest link, a staff member in the back office, the mail intake.
 */
export interface TicketActor {
  userId: number;
  role: UserRole;
  /** Customers see their organization's tickets when it shares them. */
  organizationId: number | null;
  /** An API key's scopes; null for every other way in (the route already checked them). */
  scopes: readonly ApiKeyScope[] | null;
  /** How they came, recorded in the audit trail. */
  source: EventSource;
}
