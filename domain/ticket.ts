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

/** A file attached to a ticket or one of its messages. */
export interface AttachmentRef {
  id: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  /** Download URL (`GET /api/attachments/:id`), served as an attachment. */
  url: string;
  messageId: number | null;
  createdAt: string;
}

/** A reply on a ticket; internal notes never reach customers. */
export interface TicketMessage {
  id: number;
  ticketId: number;
  author: PersonRef | null;
  body: string;
  internal: boolean;
  createdAt: string;
  attachments: AttachmentRef[];
}

/** A customer's satisfaction rating of a resolved ticket. */
export interface TicketRating {
  score: number;
  comment: string | null;
  createdAt: string;
}

/** `GET /api/tickets/:id`: the ticket with its conversation (public only, for customers). */
export interface TicketDetail extends Ticket {
  messages: TicketMessage[];
  attachments: AttachmentRef[];
  rating: TicketRating | null;
}

/** `POST /api/guest/tickets`: the ticket raised without an account, and a note to look for the e-mailed link. */
export interface GuestTicketReceipt {
  ticket: Ticket;
  message: string;
}

/** One page of `GET /api/tickets`; pass `nextCursor` as `cursor` for the next page. */
export interface TicketListPage {
  items: Ticket[];
  nextCursor: string | null;
}

/** One SLA target (first response or resolution) as the workflow sees it now. */
export interface SlaTargetState {
  dueAt: string | null;
  /** Business seconds left before the deadline; negative once breached; null when met or no target. */
  remainingSeconds: number | null;
  metAt: string | null;
  breachedAt: string | null;
}

/** `GET /api/tickets/:id/sla`: the live SLA state from the workflow query. */
export interface SlaState {
  policy: { id: number; name: string } | null;
  calendar: { id: number; name: string; timezone: string } | null;
  paused: boolean;
  breached: boolean;
  firstResponse: SlaTargetState;
  resolution: SlaTargetState;
  /** The next thing the workflow's timers will do, e.g. a warning or a breach. */
  nextTimer: { kind: string; at: string } | null;
}

/** An entry of `GET /api/tickets/:id/events`, the audit trail. */
export interface TicketEventEntry {
  id: number;
  type: string;
  source: string;
  actor: PersonRef | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}
