import type { z } from 'zod';
import type * as wire from './api-response-schemas.js';

// The HTTP contract's wire types, inferred from the response schemas (api-response-schemas.ts) that
// also generate the API documentation: one definition per shape, used by server, CLI and portal.

/** A person as other parties see them on a ticket. */
export type PersonRef = z.infer<typeof wire.personRef>;

/** A team as shown on a ticket. */
export type TeamRef = z.infer<typeof wire.teamRef>;

/** The SLA part of a ticket: deadlines as ISO strings, null when no policy applies. */
export type TicketSla = z.infer<typeof wire.ticketSla>;

/** A ticket as the HTTP API returns it. */
export type Ticket = z.infer<typeof wire.ticketResponse>;

/** The signed-in caller as `GET /api/me` returns it. */
export type Me = z.infer<typeof wire.meResponse>;

/** A file attached to a ticket or one of its messages; `url` downloads it. */
export type AttachmentRef = z.infer<typeof wire.attachmentResponse>;

/** A reply on a ticket; internal notes never reach customers. */
export type TicketMessage = z.infer<typeof wire.messageResponse>;

/** A customer's satisfaction rating of a resolved ticket. */
export type TicketRating = z.infer<typeof wire.ratingResponse>;

/** `GET /api/tickets/:id`: the ticket with its conversation (public only, for customers). */
export type TicketDetail = z.infer<typeof wire.ticketDetailResponse>;

/** `POST /api/guest/tickets`: the ticket raised without an account, and a note to look for the e-mailed link. */
export type GuestTicketReceipt = z.infer<typeof wire.guestTicketReceiptResponse>;

/** One page of `GET /api/tickets`; pass `nextCursor` as `cursor` for the next page. */
export type TicketListPage = z.infer<typeof wire.ticketListResponse>;

/** One SLA target (first response or resolution) as the workflow sees it now. */
export type SlaTargetState = z.infer<typeof wire.slaTarget>;

/** `GET /api/tickets/:id/sla`: the live SLA state from the workflow query. */
export type SlaState = z.infer<typeof wire.slaStateResponse>;

/** `POST /api/tickets/:id/merge`: both tickets after a merge and what it copied. */
export type TicketMerge = z.infer<typeof wire.ticketMergeResponse>;

/** An entry of `GET /api/tickets/:id/events`, the audit trail. */
export type TicketEventEntry = z.infer<typeof wire.ticketEventEntry>;

/** The Temporal workflow id of a ticket; it doubles as the start's idempotency key. */
export function ticketWorkflowId(ticketId: number): string {
  return `ticket-${ticketId}`;
}
