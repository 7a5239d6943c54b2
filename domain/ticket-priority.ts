/** Ticket priorities from least to most urgent. */
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;

/** How urgent a ticket is. */
export type TicketPriority = (typeof ticketPriorities)[number];

/** The priority a ticket gets when its creator names none. */
export const defaultTicketPriority: TicketPriority = 'normal';
