/** Where a ticket came from. */
export const ticketChannels = ['portal', 'api', 'email', 'back_office', 'guest', 'phone', 'other'] as const;

/** The channel a ticket arrived through. */
export type TicketChannel = (typeof ticketChannels)[number];

/** How a customer reached staff who raise the ticket for them: a call, or anything else (walk-in, chat). */
export const assistedChannels = ['phone', 'other'] as const satisfies readonly TicketChannel[];

/** The channel of a ticket staff raise for a customer. */
export type AssistedChannel = (typeof assistedChannels)[number];
