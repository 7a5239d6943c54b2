import { z } from 'zod';
import { ticketPriorities, defaultTicketPriority } from './ticket-priority.js';
import { multiLineText, singleLineText } from './text-fields.js';

/** Body of `POST /api/tickets`; unknown fields are refused so typos never pass silently. */
export const createTicketInput = z.strictObject({
  title: singleLineText(200),
  description: multiLineText(20_000),
  priority: z.enum(ticketPriorities, { error: `must be one of ${ticketPriorities.join(', ')}` }).default(defaultTicketPriority),
  category: singleLineText(64).optional(),
});

/** A validated ticket creation request. */
export type CreateTicketInput = z.infer<typeof createTicketInput>;

/** A ticket id in a URL path: a positive integer. */
export const ticketIdParam = z.coerce.number().int().positive().max(2_147_483_647);
