import { z } from 'zod';
import { apiErrorStatus, type ApiErrorBody } from './api-error.js';
import { userRoles } from './roles.js';
import type { Me, Ticket } from './ticket.js';
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
const _errorMatches: Same<z.infer<typeof apiErrorResponse>['error']['code'], ApiErrorBody['error']['code']> = true;
