import { z } from 'zod';
import { apiErrorStatus, type ApiErrorBody } from './api-error.js';
import { userRoles } from './roles.js';
import type { AttachmentRef, GuestTicketReceipt, Me, SlaState, Ticket, TicketDetail, TicketEventEntry, TicketListPage, TicketMessage, TicketRating } from './ticket.js';
import { ticketChannels } from './ticket-channels.js';
import { ticketPriorities } from './ticket-priority.js';
import { ticketStatuses } from './ticket-status.js';

// Response shapes as zod schemas, for the API documentation. The checks at the bottom make the
// compiler refuse any drift between them and the wire types in ticket.ts and api-error.ts.

const personRef = z.object({ id: z.number().int(), name: z.string(), email: z.string() });
const isoDateTime = z.iso.datetime();

/** `GET /api/me`. */
export const meResponse = z.object({ id: z.number().int(), email: z.string(), name: z.string(), role: z.enum(userRoles) });

/** A ticket as the API returns it. */
export const ticketResponse = z.object({
  id: z.number().int(),
  number: z.string().describe('Human ticket number, e.g. TF-1001'),
  title: z.string(),
  description: z.string(),
  status: z.enum(ticketStatuses),
  priority: z.enum(ticketPriorities),
  category: z.string().nullable(),
  channel: z.enum(ticketChannels),
  requester: personRef,
  assignee: personRef.nullable(),
  team: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  sla: z.object({ firstResponseDueAt: isoDateTime.nullable(), resolutionDueAt: isoDateTime.nullable(), breached: z.boolean() }),
  workflowId: z.string(),
  version: z.number().int(),
});

/** A file attached to a ticket. */
export const attachmentResponse = z.object({
  id: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  url: z.string().describe('GET it to download (served as an attachment)'),
  messageId: z.number().int().nullable(),
  createdAt: isoDateTime,
});

/** A reply or internal note. */
export const messageResponse = z.object({
  id: z.number().int(),
  ticketId: z.number().int(),
  author: personRef.nullable(),
  body: z.string(),
  internal: z.boolean().describe('Internal notes are never sent to customers'),
  createdAt: isoDateTime,
  attachments: z.array(attachmentResponse),
});

/** A satisfaction rating. */
export const ratingResponse = z.object({ score: z.number().int().min(1).max(5), comment: z.string().nullable(), createdAt: isoDateTime });

/** `GET /api/tickets/:id`: the ticket with its conversation. */
export const ticketDetailResponse = ticketResponse.extend({
  messages: z.array(messageResponse),
  attachments: z.array(attachmentResponse),
  rating: ratingResponse.nullable(),
});

/** `GET /api/tickets`: one page; pass `nextCursor` as `cursor` for the next. */
export const ticketListResponse = z.object({ items: z.array(ticketResponse), nextCursor: z.string().nullable() });

const slaTarget = z.object({
  dueAt: isoDateTime.nullable(),
  remainingSeconds: z.number().int().nullable().describe('Business seconds left; negative once breached'),
  metAt: isoDateTime.nullable(),
  breachedAt: isoDateTime.nullable(),
});

/** `GET /api/tickets/:id/sla`: the live SLA state from the ticket's workflow. */
export const slaStateResponse = z.object({
  policy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  calendar: z.object({ id: z.number().int(), name: z.string(), timezone: z.string() }).nullable(),
  paused: z.boolean(),
  breached: z.boolean(),
  firstResponse: slaTarget,
  resolution: slaTarget,
  nextTimer: z.object({ kind: z.string(), at: isoDateTime }).nullable(),
});

/** `GET /api/tickets/:id/events`: the audit trail. */
export const ticketEventsResponse = z.array(
  z.object({ id: z.number().int(), type: z.string(), source: z.string(), actor: personRef.nullable(), before: z.unknown(), after: z.unknown(), createdAt: isoDateTime }),
);

/** `POST /api/guest/tickets`: the new ticket and what happens next (the link comes by e-mail). */
export const guestTicketReceiptResponse = z.object({ ticket: ticketResponse, message: z.string() });

/** `GET /api/csrf`: the token cookie-authenticated writes send back in `X-CSRF-Token`. */
export const csrfTokenResponse = z.object({ token: z.string() });

/** The body of every error response. */
export const apiErrorResponse = z.object({
  error: z.object({
    code: z.enum(Object.keys(apiErrorStatus) as [keyof typeof apiErrorStatus, ...(keyof typeof apiErrorStatus)[]]),
    message: z.string(),
    details: z.unknown().optional().describe('For validation errors: [{path, message}] per invalid field'),
  }),
});

/** The wire type of `GET /api/csrf`. */
export type CsrfToken = z.infer<typeof csrfTokenResponse>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _meMatches: Same<z.infer<typeof meResponse>, Me> = true;
const _ticketMatches: Same<z.infer<typeof ticketResponse>, Ticket> = true;
const _attachmentMatches: Same<z.infer<typeof attachmentResponse>, AttachmentRef> = true;
const _messageMatches: Same<z.infer<typeof messageResponse>, TicketMessage> = true;
const _ratingMatches: Same<z.infer<typeof ratingResponse>, TicketRating> = true;
const _detailMatches: Same<z.infer<typeof ticketDetailResponse>, TicketDetail> = true;
const _listMatches: Same<z.infer<typeof ticketListResponse>, TicketListPage> = true;
const _slaMatches: Same<z.infer<typeof slaStateResponse>, SlaState> = true;
const _eventsMatch: Same<z.infer<typeof ticketEventsResponse>[number], TicketEventEntry> = true;
const _receiptMatches: Same<z.infer<typeof guestTicketReceiptResponse>, GuestTicketReceipt> = true;
const _errorMatches: Same<z.infer<typeof apiErrorResponse>['error']['code'], ApiErrorBody['error']['code']> = true;
