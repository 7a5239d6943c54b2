import type { TicketPriority } from './ticket-priority.js';
import type { TicketStatus } from './ticket-status.js';
import type { TicketChannel } from './ticket-channels.js';
import type { UserRole } from './roles.js';

/** A person as other parties see them on a ticket. */
export interface PersonRef {
  id: number;
  name: string;
  email: string;
}

/** A team as shown on a ticket. */
export interface TeamRef {
  id: number;
  name: string;
}

/** The SLA part of a ticket: deadlines as ISO strings, null when no policy applies. */
export interface TicketSla {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  breached: boolean;
}

/** A ticket as the HTTP API returns it. */
export interface Ticket {
  id: number;
  number: string;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: string | null;
  channel: TicketChannel;
  requester: PersonRef;
  assignee: PersonRef | null;
  team: TeamRef | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  sla: TicketSla;
  workflowId: string;
  version: number;
}

/** The signed-in caller as `GET /api/me` returns it. */
export interface Me {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

/** Turns a ticket's numeric id into its human number, `TF-1001` style. */
export function formatTicketNumber(sequence: number): string {
  return `TF-${sequence}`;
}

/** The Temporal workflow id of a ticket; it doubles as the start's idempotency key. */
export function ticketWorkflowId(ticketId: number): string {
  return `ticket-${ticketId}`;
}
