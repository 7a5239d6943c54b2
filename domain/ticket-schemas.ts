import { z } from 'zod';
import { ticketPriorities, defaultTicketPriority } from './ticket-priority.js';
import { ticketStatuses } from './ticket-status.js';
import { multiLineText, singleLineText } from './text-fields.js';
import { viewIdQuery } from './ticket-views.js';

const priority = z.enum(ticketPriorities, { error: `must be one of ${ticketPriorities.join(', ')}` });
const status = z.enum(ticketStatuses, { error: `must be one of ${ticketStatuses.join(', ')}` });
const id = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2_147_483_647);

/**
 * Custom field values by key, checked against the definitions by the ticket commands (the schema here
 * cannot see them): unknown keys, wrong types and values outside a select's options are refused there.
 */
export const customFieldsInput = z
  .record(z.string(), z.unknown(), { error: 'must be an object of custom field keys to values' })
  .describe(
    'Custom field values by key (GET /api/custom-fields lists the fields, their types and options); null clears a value. Customers may set only customer-editable fields',
  );

/** Body of `POST /api/tickets`; unknown fields are refused so typos never pass silently. */
export const createTicketInput = z.strictObject({
  title: singleLineText(200),
  description: multiLineText(20_000),
  priority: priority.default(defaultTicketPriority),
  category: singleLineText(64).optional(),
  customFields: customFieldsInput.optional(),
});

/** A validated ticket creation request. */
export type CreateTicketInput = z.infer<typeof createTicketInput>;

/** A ticket id in a URL path: a positive integer. */
export const ticketIdParam = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2_147_483_647);

// Query strings carry text: numbers are coerced, lists are comma-separated.
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(10));

/** Query of `GET /api/tickets`: filters, full-text search, and cursor pagination. */
export const listTicketsQuery = z.strictObject({
  status: csv(status).optional(),
  priority: csv(priority).optional(),
  assigneeId: z.union([z.literal('none'), z.coerce.number().int().positive()]).optional(),
  teamId: z.union([z.literal('none'), z.coerce.number().int().positive()]).optional(),
  q: singleLineText(200).optional(),
  /** A view (`GET /api/views`, staff): its filters and sort replace the ones above. */
  view: viewIdQuery.optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(25),
  cursor: z.string().max(200).optional(),
});

/** A validated ticket list request. */
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

const patchableFields = ['status', 'priority', 'assigneeId', 'teamId', 'category', 'tags', 'customFields'] as const;

/**
 * Body of `PATCH /api/tickets/:id` (staff): lifecycle fields, changed through the workflow, and the
 * plain fields category, tags and custom fields, written directly; all checked before anything is written.
 * `version` (or an `If-Match` header) makes the change conditional on no one else having changed it.
 */
export const patchTicketInput = z
  .strictObject({
    status: status.optional(),
    priority: priority.optional(),
    assigneeId: id.nullable().optional(),
    teamId: id.nullable().optional(),
    category: singleLineText(64)
      .nullable()
      .optional()
      .describe('Written directly (not a lifecycle field); null clears it'),
    tags: z
      .array(singleLineText(50), { error: 'must be a list of tags' })
      .max(20, 'must be at most 20 tags')
      .transform((tags) => [...new Set(tags)])
      .optional()
      .describe('Replaces the tags; checked against the tag list when free tags are off'),
    customFields: customFieldsInput.optional(),
    version: id.optional(),
  })
  .refine((v) => patchableFields.some((f) => v[f] !== undefined), {
    message: `name at least one of ${patchableFields.join(', ')}`,
  });

/** A validated ticket change. */
export type PatchTicketInput = z.infer<typeof patchTicketInput>;

/** Body of `POST /api/tickets/:id/merge` (staff): the ticket this one is a duplicate of. */
export const mergeTicketInput = z.strictObject({
  into: id.describe('The id of the ticket to merge this one into'),
});

/** Body of `POST /api/tickets/:id/messages`; `internal` notes are for staff only. */
export const createMessageInput = z.strictObject({
  body: multiLineText(50_000),
  internal: z.boolean({ error: 'must be true or false' }).default(false),
});

/** A validated reply or note. */
export type CreateMessageInput = z.infer<typeof createMessageInput>;

/** Body of `POST /api/tickets/:id/rating`. */
export const ratingInput = z.strictObject({
  score: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1 to 5')
    .max(5, 'must be 1 to 5'),
  comment: multiLineText(2000).optional(),
});

/** A validated satisfaction rating. */
export type RatingInput = z.infer<typeof ratingInput>;

/** Body of `POST /api/guest/tickets`: a ticket from someone without an account. */
export const guestTicketInput = createTicketInput.extend({
  name: singleLineText(200),
  email: z.email({ error: 'must be an e-mail address' }).max(254),
});

/** A validated guest submission. */
export type GuestTicketInput = z.infer<typeof guestTicketInput>;

/** A guest link's token in a URL path; its signature and expiry are checked by the server. */
export const guestTokenParam = z.string().min(1).max(200).describe('The token from the link e-mailed to the guest');

/** Body of `POST /api/guest/tickets/:token/messages`: guests only reply (no internal notes). */
export const guestMessageInput = z.strictObject({
  body: multiLineText(50_000),
});

/** A validated guest reply. */
export type GuestMessageInput = z.infer<typeof guestMessageInput>;
