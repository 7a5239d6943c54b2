import { z } from 'zod';
import { apiErrorStatus } from './api-error.js';
import { customFieldTypes } from './custom-fields.js';
import { userRoles } from './roles.js';
import { ticketChannels } from './ticket-channels.js';
import { ticketPriorities } from './ticket-priority.js';
import { ticketStatuses } from './ticket-status.js';

// Response shapes as zod schemas: the API documentation is generated from them, and the wire types
// in ticket.ts are inferred from them (z.infer), so the two cannot drift.

const isoDateTime = z.iso.datetime();

/** A person as other parties see them on a ticket. */
export const personRef = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z
    .string()
    .optional()
    .describe(
      'Staff see every address. Customers see only the requester’s: the agents and authors on their tickets go by name.',
    ),
});

/** A ticket's requester: with their address, for staff and for the customers who may see the ticket. */
export const requesterRef = personRef.extend({ email: z.string() });

/** A team as shown on a ticket. */
export const teamRef = z.object({ id: z.number().int(), name: z.string() });

/** The SLA part of a ticket: deadlines, null when no policy applies. */
export const ticketSla = z.object({
  firstResponseDueAt: isoDateTime.nullable(),
  resolutionDueAt: isoDateTime.nullable(),
  breached: z.boolean(),
});

/** `GET /api/me`. */
export const meResponse = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(userRoles),
});

/** `GET /api/me` when no one is signed in. */
export const anonymousMeResponse = z.object({ user: z.null() });

/** One custom field value: text, a number, a checkbox, a date (YYYY-MM-DD), an option or a list of options. */
export const customFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** A custom field as `GET /api/custom-fields` lists it. */
export const customFieldResponse = z.object({
  key: z.string().describe('The name of its value in `customFields`'),
  label: z.string(),
  description: z.string().nullable(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()).describe('The choices of a select; empty for other types'),
  requiredForStatuses: z
    .array(z.enum(ticketStatuses))
    .describe('Moving a ticket to one of these needs a value; `new`: required when the ticket is created'),
  customerVisible: z.boolean(),
  customerEditable: z.boolean(),
  position: z.number().int(),
});

/** `GET /api/custom-fields`: the active definitions in form order. */
export const customFieldsResponse = z.object({ items: z.array(customFieldResponse) });

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
  requester: requesterRef,
  assignee: personRef.nullable(),
  team: teamRef.nullable(),
  tags: z.array(z.string()),
  // Always sent; optional in the type only so clients' older ticket fixtures (the portal's tests) still compile.
  customFields: z
    .record(z.string(), customFieldValue)
    .optional()
    .describe('Custom field values by key (see GET /api/custom-fields); customers get only customer-visible ones'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  sla: ticketSla,
  workflowId: z.string(),
  version: z.number().int(),
  mergedIntoTicketId: z
    .number()
    .int()
    .optional()
    .describe('Present only on a ticket merged into another: the id of the ticket its conversation continues on'),
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
  messageId: z.string().nullable().optional().describe('The e-mail Message-ID when the message came or went by mail'),
  mergedFrom: z
    .object({
      ticketId: z.number().int(),
      number: z.string(),
      messageId: z
        .number()
        .int()
        .nullable()
        .describe("The original message; null for the copy of the duplicate's request"),
    })
    .nullable()
    .optional()
    .describe('Set on a message copied here when another ticket was merged into this one: where it was written'),
});

/** `POST /api/tickets/:id/merge`: both tickets after the merge, and what was copied. */
export const ticketMergeResponse = z.object({
  duplicate: ticketResponse.describe('The merged ticket: linked to the target, closing as merged'),
  target: ticketResponse,
  copiedMessageIds: z.array(z.number().int()).describe("The copies of the duplicate's messages in the target"),
  addedParticipantIds: z.array(z.number().int()).describe("People who joined the target's participants"),
});

/** A satisfaction rating. */
export const ratingResponse = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().nullable(),
  createdAt: isoDateTime,
});

/** `GET /api/tickets/:id`: the ticket with its conversation. */
export const ticketDetailResponse = ticketResponse.extend({
  messages: z.array(messageResponse),
  attachments: z.array(attachmentResponse),
  rating: ratingResponse.nullable(),
  messageId: z.string().nullable().optional().describe('The Message-ID of the e-mail that opened the ticket'),
});

/** `GET /api/tickets`: one page; pass `nextCursor` as `cursor` for the next. */
export const ticketListResponse = z.object({ items: z.array(ticketResponse), nextCursor: z.string().nullable() });

/** One SLA target (first response or resolution) as the workflow sees it now. */
export const slaTarget = z.object({
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

/** An entry of the audit trail. */
export const ticketEventEntry = z.object({
  id: z.number().int(),
  type: z.string(),
  source: z.string(),
  actor: personRef.nullable(),
  before: z.unknown(),
  after: z.unknown(),
  createdAt: isoDateTime,
});

/** `GET /api/tickets/:id/events`: the audit trail. */
export const ticketEventsResponse = z.array(ticketEventEntry);

/** `POST /api/guest/tickets`: the new ticket and what happens next (the link comes by e-mail). */
export const guestTicketReceiptResponse = z.object({
  ticket: ticketResponse
    .pick({ number: true, title: true, status: true, priority: true, createdAt: true })
    .describe('No ids or people: the answer is the same whether or not the address has an account'),
  message: z.string(),
});

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
