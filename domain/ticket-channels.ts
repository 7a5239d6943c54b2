/** Where a ticket came from. */
export const ticketChannels = ['portal', 'api', 'email', 'back_office', 'guest'] as const;

/** The channel a ticket arrived through. */
export type TicketChannel = (typeof ticketChannels)[number];
