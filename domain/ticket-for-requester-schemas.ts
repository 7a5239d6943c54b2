import { z } from 'zod';
import { assistedChannels } from './ticket-channels.js';
import { createTicketInput } from './ticket-schemas.js';
import { singleLineText } from './text-fields.js';

const recordId = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2_147_483_647);

/**
 * The customer staff raise a ticket for: the account with this e-mail address (in any case), or a
 * new guest. The name is needed only when there is no account yet (it names the guest).
 */
export const requesterInput = z.strictObject({
  email: z.email({ error: 'must be an e-mail address' }).max(254, 'must be at most 254 characters'),
  name: singleLineText(200).optional(),
});

/** A requester as staff named them. */
export type RequesterInput = z.infer<typeof requesterInput>;

const channel = z.enum(assistedChannels, { error: `must be one of ${assistedChannels.join(', ')}` });

/** Tags on a new ticket: short single lines, at most 20, duplicates dropped. */
export const ticketTagsInput = z
  .array(singleLineText(50), { error: 'must be a list of tags' })
  .max(20, 'must be at most 20 tags')
  .transform((tags) => [...new Set(tags)]);

/**
 * Fields of `POST /api/tickets` that only staff may send: who the ticket is for, how they reached
 * us, and where it starts (team, assignee, tags). The workflow routes what is left unset.
 */
export const staffTicketFields = {
  requester: requesterInput
    .optional()
    .describe(
      'Staff only: the customer the ticket is for, by e-mail (an account, any case) or a new guest (then `name` is required); they get the usual e-mail with their link',
    ),
  channel: channel.optional().describe('Staff only: how the customer reached you (default: how this request came)'),
  teamId: recordId.optional().describe('Staff only: the team it starts in; the workflow assigns within it'),
  assigneeId: recordId.optional().describe('Staff only: the agent it starts with; otherwise the workflow assigns'),
  tags: ticketTagsInput.optional().describe('Staff only: tags'),
};

/** The names of the staff-only fields, in the order error messages list them. */
export const staffTicketFieldNames = Object.keys(staffTicketFields) as (keyof typeof staffTicketFields)[];

/** Body of `POST /api/tickets`: a caller's own ticket, or (staff) one raised for a customer. */
export const createTicketRequest = createTicketInput.extend(staffTicketFields);

/** A validated ticket creation request, staff-only fields included. */
export type CreateTicketRequest = z.infer<typeof createTicketRequest>;

/** A ticket staff raise for a customer from the back office: requester and channel are required. */
export const ticketForRequesterInput = createTicketRequest.extend({
  requester: requesterInput,
  channel,
});

/** A validated back-office ticket for a customer. */
export type TicketForRequesterInput = z.infer<typeof ticketForRequesterInput>;
